using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// An N-bit flash ADC per column: 2^N - 1 comparators on a resistor ladder compare the input with every reference at once, and a
/// thermometer-to-binary encoder turns their outputs into N bits. NeuroSim V1.4 has no flash ADC; this one is built from first
/// principles on IMCSim's NeuroSim-derived parts. Structure: B. Razavi, "Principles of Data Conversion System Design", IEEE Press,
/// 1995, the chapter on flash architectures (2^N - 1 comparators, reference ladder, thermometer code, one-hot + ROM/OR encoder); D. Johns
/// and K. Martin, "Analog Integrated Circuit Design", Wiley, 1997, Nyquist-rate A/D converters (flash). Formula family: component count
/// area, switched capacitance, one comparator decision plus the encoder's gate chain.
/// <list type="bullet">
/// <item>Comparators: M = 2^N - 1 latch sense amplifiers (<see cref="LatchSenseAmp"/>, NeuroSim SenseAmp.cpp sizing) at the standard
/// cell height as pitch, each resolving half an LSB, V_sense = V_FS / 2^(N+1) (V_FS the full-scale input range).</item>
/// <item>Encoder: M two-input gates turn the thermometer code into one-hot (t_i AND NOT t_(i+1), the latch's complementary output
/// giving NOT t_(i+1)), then each output bit ORs the 2^(N-1) one-hot lines that set it, a tree of 2^(N-1) - 1 two-input gates:
/// G = M + N (2^(N-1) - 1) NAND2 (NMOS 4F, PMOS 2F x P/N, enlarged; as <see cref="RippleCarryAdder"/>'s).</item>
/// <item>Area per column: M A_latch + G A_NAND2; times the columns. The ladder's resistors are not counted (process-specific poly
/// or well resistors outside the standard-cell model).</item>
/// <item>Energy per conversion of one column: M C_L V_dd^2 (every comparator decides) + G (C_in + C_out) V_dd^2 (every encoder gate
/// charged once, NeuroSim's convention for control logic, e.g. Comparator.cpp): about (2^N - 1) comparator decisions.</item>
/// <item>Latency per conversion: one latch decision at V_sense + N Horowitz NAND2 stages (one-hot, then the N - 1 levels of the OR
/// tree), each 2 R_on,n (C_out + C_in), chained from a step.</item>
/// <item>Leakage: M latch enables + G NAND2 per column, plus the ladder's static power V_FS^2 / R_ladder per column (one ladder per
/// ADC; R_ladder = +infinity leaves it out).</item>
/// </list>
/// </summary>
public static class FlashAdc
{
    /// <summary>Comparators of an N-bit flash ADC, 2^N - 1.</summary>
    public static int Comparators(int bits) => (1 << AdcArguments.Bits(bits)) - 1;

    /// <summary>Two-input encoder gates of an N-bit flash ADC, (2^N - 1) + N (2^(N-1) - 1).</summary>
    public static int EncoderGates(int bits) => Comparators(bits) + (bits * ((1 << (bits - 1)) - 1));

    /// <summary>Input difference each comparator resolves, half an LSB, V_FS / 2^(N+1), V.</summary>
    public static double SenseVoltageV(int bits, double fullScaleVoltageV) =>
        AdcArguments.Positive(fullScaleVoltageV) / (1 << (AdcArguments.Bits(bits) + 1));

    /// <summary>Layout area of <paramref name="columns"/> N-bit flash ADCs (ladders excluded), m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int bits, int columns)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AdcArguments.Count(columns);
        return ((LatchSenseAmp.AreaM2(tech, Comparators(bits), Pitch(tech)) + (EncoderGates(bits) * Nand(tech).AreaM2))) * columns;
    }

    /// <summary>Energy of one conversion of one column, J.</summary>
    public static double EnergyPerConversionJ(TechnologyNode tech, int bits)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return (Comparators(bits) * LatchSenseAmp.EnergyPerDecisionJ(tech, Pitch(tech))) + (EncoderGates(bits) * Nand(tech).SwitchingEnergyJ(tech));
    }

    /// <summary>Time of one conversion with a full-scale range of <paramref name="fullScaleVoltageV"/> (V), s.</summary>
    public static double LatencyS(TechnologyNode tech, int bits, double fullScaleVoltageV)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double decision = LatchSenseAmp.LatencyS(tech, SenseVoltageV(bits, fullScaleVoltageV), Pitch(tech));
        var g = Nand(tech);
        var chain = new StageChain(double.PositiveInfinity);
        double tau = 2 * g.NmosOhm(tech) * (g.OutputF + g.InputF);
        for (int i = 0; i < bits; i++)
        {
            chain.Add(tau);
        }

        return decision + chain.DelayS;
    }

    /// <summary>
    /// Leakage power of <paramref name="columns"/> ADCs, each with a reference ladder of <paramref name="ladderResistanceOhm"/> in
    /// total across <paramref name="fullScaleVoltageV"/> (+infinity: no ladder current), W.
    /// </summary>
    public static double LeakageW(TechnologyNode tech, int bits, int columns, double fullScaleVoltageV, double ladderResistanceOhm)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AdcArguments.Count(columns);
        AdcArguments.Positive(fullScaleVoltageV);
        if (double.IsNaN(ladderResistanceOhm) || ladderResistanceOhm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ladderResistanceOhm), ladderResistanceOhm, "must be > 0 (+infinity for no ladder current)");
        }

        double gates = (LatchSenseAmp.LeakageW(tech, Comparators(bits), Pitch(tech)) + (EncoderGates(bits) * Nand(tech).LeakageW(tech))) * columns;
        return gates + (fullScaleVoltageV * fullScaleVoltageV / ladderResistanceOhm * columns);
    }

    /// <summary>All four costs of <paramref name="columns"/> flash ADCs.</summary>
    public static AdcCost Cost(TechnologyNode tech, int bits, int columns, double fullScaleVoltageV, double ladderResistanceOhm) =>
        new(AreaM2(tech, bits, columns), EnergyPerConversionJ(tech, bits), LatencyS(tech, bits, fullScaleVoltageV), LeakageW(tech, bits, columns, fullScaleVoltageV, ladderResistanceOhm));

    private static double Pitch(TechnologyNode tech) => CellLayout.For(tech).StandardHeightM;

    private static SizedGate Nand(TechnologyNode tech) => SizedGate.Enlarged(tech, LogicGate.Nand(2), 2 * SizedGate.MinF, SizedGate.MinPmosF(tech));
}
