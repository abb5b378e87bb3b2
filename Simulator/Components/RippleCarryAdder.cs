using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A bank of N-bit ripple-carry adders of two-input NAND gates (9 per full-adder bit), after DNN+NeuroSim V1.4 Adder.cpp
/// (neurosim/DNN_NeuroSim_V1.4 @9e6742c, Inference_pytorch/NeuroSIM/Adder.cpp). Formula family: gate-count area, switched
/// capacitance along NeuroSim's calibration pattern (A = 11..1, B = 10..0, C_in = 1), Horowitz delay through the carry chain.
/// The NAND2 is NMOS 4F, PMOS 2F x P/N ratio, enlarged to fill a standard-height cell (formula.cpp EnlargeSize).
/// <list type="bullet">
/// <item>Area (CalculateArea, one row): adders x 9 N x NAND2 footprint (<see cref="StandardCellArea"/>).</item>
/// <item>Energy of one add (CalculatePower, 0 -> 1 transitions only, direct and hidden): V_dd^2 [(14 C_in + 7 C_out) +
/// (N - 1)(13 C_in + 7 C_out)], C_in / C_out the NAND2's input / output capacitance; the bank's operation is that times the adders
/// working. NeuroSim multiplies by its activity factor delta (0.15) only when its "validated" switch is on; not applied here.</item>
/// <item>Latency (CalculateLatency, step input): seven Horowitz stages (<see cref="Horowitz"/>), pull-down R = 2 R_on,n, pull-up
/// R = R_on,p (<see cref="OnResistance"/>): R_d (C_out + 3 C_in), R_u (C_out + 2 C_in), then the carry stage pair R_d (C_out + 3 C_in),
/// R_u (C_out + 2 C_in) counted N - 2 times (when N > 2), then R_d (C_out + 3 C_in), R_u (C_out + C_in), R_d (C_out + C_load).</item>
/// <item>Leakage (CalculatePower): adders x 9 N x NAND2 leakage x V_dd (<see cref="Leakage"/>).</item>
/// </list>
/// </summary>
public static class RippleCarryAdder
{
    /// <summary>NAND2 gates per full-adder bit (Adder.cpp CalculateArea, CalculatePower).</summary>
    public const int NandsPerBit = 9;

    /// <summary>Layout area of <paramref name="adders"/> <paramref name="bits"/>-bit adders in one row, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int bits, int adders)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(bits);
        AccumulationArguments.Positive(adders);
        return NandAreaM2(tech) * NandsPerBit * (double)bits * adders;
    }

    /// <summary>Dynamic energy of one <paramref name="bits"/>-bit add in one adder, J.</summary>
    public static double EnergyPerAddJ(TechnologyNode tech, int bits)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(bits);
        var g = Nand.Of(tech);
        double vdd2 = tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;
        return vdd2 * ((14 * g.Input) + (7 * g.Output) + ((bits - 1) * ((13 * g.Input) + (7 * g.Output))));
    }

    /// <summary>Time of one <paramref name="bits"/>-bit add with a step input, the last stage driving <paramref name="loadF"/> (F), s.</summary>
    public static double LatencyS(TechnologyNode tech, int bits, double loadF)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(bits);
        AccumulationArguments.NonNegative(loadF);
        var g = Nand.Of(tech);
        double down = 2 * OnResistance.Ohm(tech, MosType.Nmos, g.Wn);
        double up = OnResistance.Ohm(tech, MosType.Pmos, g.Wp);
        double ramp = double.PositiveInfinity;
        double Stage(double r, double c)
        {
            var d = Horowitz.Delay(r * c, ramp);
            ramp = d.OutputRampRatePerS;
            return d.DelayS;
        }

        double t = Stage(down, g.Output + (3 * g.Input)) + Stage(up, g.Output + (2 * g.Input));
        // The carry pair is evaluated once (its ramp feeds the next stage even when N <= 2) and counted N - 2 times.
        double carry = Stage(down, g.Output + (3 * g.Input)) + Stage(up, g.Output + (2 * g.Input));
        t += carry * Math.Max(0, bits - 2);
        t += Stage(down, g.Output + (3 * g.Input));
        t += Stage(up, g.Output + g.Input);
        t += Stage(down, g.Output + loadF);
        return t;
    }

    /// <summary>Leakage power of <paramref name="adders"/> <paramref name="bits"/>-bit adders, W.</summary>
    public static double LeakageW(TechnologyNode tech, int bits, int adders)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(bits);
        AccumulationArguments.Positive(adders);
        var g = Nand.Of(tech);
        return Leakage.GatePowerW(tech, LogicGate.Nand(2), g.Wn, g.Wp) * NandsPerBit * (double)bits * adders;
    }

    /// <summary>All four costs of a bank of <paramref name="adders"/> adders all adding at once, output load <paramref name="loadF"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int bits, int adders, double loadF) =>
        new(AreaM2(tech, bits, adders), EnergyPerAddJ(tech, bits) * AccumulationArguments.Positive(adders), LatencyS(tech, bits, loadF), LeakageW(tech, bits, adders));

    internal static double NandAreaM2(TechnologyNode tech)
    {
        var g = Nand.Of(tech);
        return StandardCellArea.Of(tech, LogicGate.Nand(2), g.Wn, g.Wp, g.H).AreaM2;
    }

    private readonly record struct Nand(double Wn, double Wp, double H, double Input, double Output)
    {
        public static Nand Of(TechnologyNode tech)
        {
            double min = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
            double h = CellLayout.For(tech).StandardHeightM;
            var (wn, wp) = EnlargedWidths.Of(tech, 2 * min, tech.PmosToNmosWidthRatio.Value * min, h);
            return new(wn, wp, h, GateCapacitance.GateInputF(tech, wn, wp), DrainCapacitance.GateOutputF(tech, LogicGate.Nand(2), wn, wp, h));
        }
    }
}
