using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The chip-level ReLU of DNN+NeuroSim V1.4, which Chip.cpp builds as a <see cref="BitShifter"/> (neurosim/DNN_NeuroSim_V1.4 @0e3bff1,
/// Inference_pytorch/NeuroSIM/Chip.cpp: the ReLU unit is a BitShifter initialised with ceil(tile columns / columns muxed) units of
/// numBitInput bits; there is no ReLU.cpp in V1.4): one register of N flip-flops per unit, clocked once per activation, which holds
/// the activation while its sign selects it or zero. Formula family: composition of <see cref="Dff"/>.
/// <list type="bullet">
/// <item>Area: units x N flip-flops. Energy of one operation (every unit passing one activation): one clock edge of all of them.
/// Latency: half a clock period. Leakage: the flip-flops'.</item>
/// </list>
/// The sign-select gates (N AND gates per unit) are not counted, as in NeuroSim.
/// </summary>
public static class ReLU
{
    /// <summary>All four costs of <paramref name="units"/> ReLU units of <paramref name="bits"/> bits at <paramref name="clockHz"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, int bits, double clockHz) => BitShifter.Cost(tech, units, bits, clockHz);
}
