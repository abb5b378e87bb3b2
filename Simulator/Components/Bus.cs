using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// One direction of the X-Y bus that links a row (or a column) of equally spaced units, after DNN+NeuroSim V1.4 Bus.cpp
/// (neurosim/DNN_NeuroSim_V1.4 @0e3bff1, Inference_pytorch/NeuroSIM/Bus.cpp; Initialize, CalculateArea, CalculateLatency,
/// CalculatePower). Formula family: optimally repeated wires (<see cref="RepeatedWire"/>), linear in length and in bus width.
/// <para>
/// A bus of B wires passes n units of pitch p (the unit width for a horizontal bus, the height for a vertical one), length
/// L = p (n - 1); <c>lines</c> such buses run in parallel (NeuroSim: one per row of units).
/// <list type="bullet">
/// <item>Area (CalculateArea, folding ratio 1, not overlapped): lines x L x B x w_rep, the repeater cell width per wire.</item>
/// <item>Energy per bit moved: L x the repeated wire's energy per transition and length x the toggle rate a (NeuroSim's
/// inputtoggle / outputtoggle).</item>
/// <item>Latency (asynchronous): L x the delay per length.</item>
/// <item>Leakage: B x the repeater leakage per length x L (one bus, as NeuroSim charges it per bit accessed).</item>
/// </list>
/// One unit (n = 1) gives a bus of zero length that costs nothing. Not modelled: the delay-tolerance trade-off, the clock
/// rounding of the synchronous mode, and NeuroSim's use of the row count for the area of a vertical bus (here <c>lines</c>).
/// </summary>
public static class Bus
{
    /// <summary>Length of a bus past <paramref name="units"/> units of pitch <paramref name="unitPitchM"/>, m.</summary>
    public static double LengthM(int units, double unitPitchM) =>
        (AccumulationArguments.Positive(units) - 1) * AccumulationArguments.Positive(unitPitchM);

    /// <summary>Layout area of <paramref name="lines"/> parallel buses of <paramref name="busWidth"/> wires, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int units, double unitPitchM, int busWidth, int lines = 1, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double length = LengthM(units, unitPitchM);
        AccumulationArguments.Positive(busWidth);
        AccumulationArguments.Positive(lines);
        return lines * length * busWidth * new RepeatedWire(tech, null, delayTolerance).RepeaterFootprint.WidthM;
    }

    /// <summary>Energy of moving one bit along the whole bus at toggle rate <paramref name="toggleRate"/> (0..1), J.</summary>
    public static double EnergyPerBitJ(TechnologyNode tech, int units, double unitPitchM, double toggleRate = 1, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double length = LengthM(units, unitPitchM);
        if (!(toggleRate >= 0 && toggleRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(toggleRate), toggleRate, "must be in [0, 1]");
        }

        return toggleRate * new RepeatedWire(tech, null, delayTolerance).EnergyPerTransitionJ(length);
    }

    /// <summary>Time of one transfer along the whole bus, s.</summary>
    public static double LatencyS(TechnologyNode tech, int units, double unitPitchM, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return new RepeatedWire(tech, null, delayTolerance).DelayS(LengthM(units, unitPitchM));
    }

    /// <summary>Leakage power of the repeaters of a bus of <paramref name="busWidth"/> wires, W.</summary>
    public static double LeakageW(TechnologyNode tech, int units, double unitPitchM, int busWidth, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double length = LengthM(units, unitPitchM);
        return AccumulationArguments.Positive(busWidth) * new RepeatedWire(tech, null, delayTolerance).LeakagePowerW(length);
    }

    /// <summary>All four costs of one bus; the energy is that of one <paramref name="busWidth"/>-bit word moved end to end.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, double unitPitchM, int busWidth, double toggleRate = 1, double delayTolerance = 0) =>
        new(AreaM2(tech, units, unitPitchM, busWidth, 1, delayTolerance),
            AccumulationArguments.Positive(busWidth) * EnergyPerBitJ(tech, units, unitPitchM, toggleRate, delayTolerance),
            LatencyS(tech, units, unitPitchM, delayTolerance),
            LeakageW(tech, units, unitPitchM, busWidth, delayTolerance));
}
