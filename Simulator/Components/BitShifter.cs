using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A bank of bit shifters, each an N-bit register of D flip-flops read out in parallel, after DNN+NeuroSim BitShifter.cpp
/// (neurosim/DNN_NeuroSim_V1.3 @c0c34c0, Inference_pytorch/NeuroSIM/BitShifter.cpp; V1.4 ships the same unit, only its object file is
/// stored). Formula family: composition of <see cref="Dff"/>.
/// <list type="bullet">
/// <item>Area (CalculateArea): units x N flip-flops (<see cref="Dff.AreaM2"/>).</item>
/// <item>Energy of one operation (CalculatePower): one clock edge of all units x N flip-flops, every one taking a new bit
/// (<see cref="Dff.EnergyPerClockJ(TechnologyNode, int)"/>).</item>
/// <item>Latency (CalculateLatency): one flip-flop, half a clock period (the bits are read out in parallel).</item>
/// <item>Leakage: the flip-flops'.</item>
/// </list>
/// </summary>
public static class BitShifter
{
    /// <summary>Flip-flops of <paramref name="units"/> shifters of <paramref name="bits"/> bits.</summary>
    public static int FlipFlops(int units, int bits) => checked(AccumulationArguments.Positive(units) * AccumulationArguments.Positive(bits));

    /// <summary>All four costs of <paramref name="units"/> shifters of <paramref name="bits"/> bits, all operating, at <paramref name="clockHz"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, int bits, double clockHz) => Dff.Cost(tech, FlipFlops(units, bits), clockHz);
}
