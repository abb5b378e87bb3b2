using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A register-file buffer built from D flip-flops with a row decoder that selects one line of the port width, after DNN+NeuroSim
/// V1.4 Buffer.cpp in its DFF-based version (neurosim/DNN_NeuroSim_V1.4 @0e3bff1, Inference_pytorch/NeuroSIM/Buffer.cpp;
/// Initialize, CalculateArea, CalculateLatency, CalculatePower with SRAM = false). Formula family: flip-flop count plus decoder,
/// built on <see cref="Dff"/> and <see cref="RowDecoder"/>.
/// <para>
/// C bits of capacity are read and written W bits (the port width) at a time, in R = ceil(C / W) lines.
/// <list type="bullet">
/// <item>Area: C flip-flops (<see cref="Dff.AreaM2"/>) plus a decoder for R lines (<see cref="RowDecoder.AreaM2"/>).</item>
/// <item>Energy per bit read or written (the same for both): (R x one decode + one clock edge of all C flip-flops, every one taking
/// a new bit) / C, as CalculatePower averages the whole buffer's energy over its bits.</item>
/// <item>Latency of one line read or written (asynchronous): the decoder's delay into a line of W flip-flops (wire capacitance of
/// W cell heights) plus half a clock period for the flip-flops.</item>
/// <item>Leakage: C flip-flops plus the decoder.</item>
/// </list>
/// Departure: NeuroSim sizes the decoder for ceil(log2 R) lines (it passes an address width where a line count is expected); IMCSim
/// decodes R lines. Not modelled: the SRAM version (cell array, precharger, write driver, sense amplifier), the decoder height
/// fitted to the flip-flop column, and the synchronous mode (one line per cycle).
/// </summary>
public static class RegisterFileBuffer
{
    /// <summary>Lines of <paramref name="portWidth"/> bits that hold <paramref name="capacityBits"/> bits, ceil(C / W).</summary>
    public static int Lines(int capacityBits, int portWidth)
    {
        AccumulationArguments.Positive(capacityBits);
        AccumulationArguments.Positive(portWidth);
        return (int)((capacityBits + (long)portWidth - 1) / portWidth);
    }

    /// <summary>Layout area, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int capacityBits, int portWidth, double decoderSizing = 1)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int lines = Lines(capacityBits, portWidth);
        return Dff.AreaM2(tech, capacityBits) + RowDecoder.AreaM2(tech, lines, decoderSizing);
    }

    /// <summary>Dynamic energy of reading or writing one bit, J.</summary>
    public static double EnergyPerBitJ(TechnologyNode tech, int capacityBits, int portWidth, double decoderSizing = 1)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int lines = Lines(capacityBits, portWidth);
        double whole = (lines * RowDecoder.EnergyPerDecodeJ(tech, lines, decoderSizing)) + Dff.EnergyPerClockJ(tech, capacityBits);
        return whole / capacityBits;
    }

    /// <summary>Time to read or write one line of <paramref name="portWidth"/> bits at clock <paramref name="clockHz"/>, s.</summary>
    public static double LatencyPerLineS(TechnologyNode tech, int capacityBits, int portWidth, double clockHz, double decoderSizing = 1)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int lines = Lines(capacityBits, portWidth);
        double lineLoadF = portWidth * CellLayout.For(tech).StandardHeightM * tech.WireCapacitancePerLengthFPerM.Value;
        return RowDecoder.LatencyS(tech, lines, decoderSizing, lineLoadF) + Dff.LatencyS(clockHz);
    }

    /// <summary>Leakage power, W.</summary>
    public static double LeakageW(TechnologyNode tech, int capacityBits, int portWidth, double decoderSizing = 1)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int lines = Lines(capacityBits, portWidth);
        return Dff.LeakageW(tech, capacityBits) + RowDecoder.LeakageW(tech, lines, decoderSizing);
    }

    /// <summary>All four costs; the energy is that of one line (<paramref name="portWidth"/> bits) read or written.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int capacityBits, int portWidth, double clockHz, double decoderSizing = 1) =>
        new(AreaM2(tech, capacityBits, portWidth, decoderSizing),
            portWidth * EnergyPerBitJ(tech, capacityBits, portWidth, decoderSizing),
            LatencyPerLineS(tech, capacityBits, portWidth, clockHz, decoderSizing),
            LeakageW(tech, capacityBits, portWidth, decoderSizing));
}
