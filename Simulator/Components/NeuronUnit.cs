using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A digital integrate-and-fire or leaky integrate-and-fire neuron unit of <c>bits</c>-bit membranes, as IMCSim composes it from
/// NeuroSim's adder and flip-flop models (the composition is IMCSim's; SpikeSim, Moitra et al. IEEE TCAD 2023, likewise puts a
/// digital accumulate-compare-reset neuron after the crossbar's ADC and shift-and-add). One update of one neuron: the membrane
/// value in flight is held in <c>bits</c> flip-flops, the synaptic input is added (one adder), the sum is compared with the
/// threshold (one adder used as a subtractor, its sign bit the spike) and reset by subtracting the threshold or clearing (the
/// compare's difference is the soft-reset value, so no third adder); a LIF unit first leaks by a shift and subtract,
/// v - v / 2^k (one more adder). The membrane itself is read from and written back to the membrane memory (not part of the unit).
/// </summary>
public static class NeuronUnit
{
    /// <summary>Adders one update uses: integrate and compare, plus the leak's shift-and-subtract for LIF.</summary>
    public static int Adders(bool leaky) => leaky ? 3 : 2;

    /// <summary>Dynamic energy of one update of one unit: its adders and its flip-flops, J.</summary>
    public static double EnergyPerUpdateJ(TechnologyNode tech, int bits, bool leaky) =>
        (Adders(leaky) * RippleCarryAdder.EnergyPerAddJ(tech, bits)) + Dff.EnergyPerClockJ(tech, bits);

    /// <summary>All four costs of <paramref name="units"/> units updating at once (energy: one update of every unit).</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, int bits, bool leaky, double clockHz)
    {
        int adders = Adders(leaky) * units;
        DigitalCost add = RippleCarryAdder.Cost(tech, bits, adders, Dff.InputCapacitanceF(tech));
        return new DigitalCost(
            add.AreaM2 + Dff.AreaM2(tech, units * bits),
            EnergyPerUpdateJ(tech, bits, leaky) * units,
            Math.Max(add.LatencyS * Adders(leaky), Dff.LatencyS(clockHz)),
            add.LeakageW + Dff.LeakageW(tech, units * bits));
    }
}
