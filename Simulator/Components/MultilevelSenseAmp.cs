using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// NeuroSim V1.4's multi-level current sense amplifier (current mode, parallel read): 2^N - 1 current-mirror comparators per
/// column, each against a reference column, after DNN+NeuroSim V1.4 MultilevelSenseAmp.cpp (neurosim/DNN_NeuroSim_V1.4 @00962bb,
/// Inference_pytorch/NeuroSIM/). Formula family: transistor-count area, switched capacitance plus SPICE-fitted column power x
/// fitted sensing time. L = 2^N levels, D reference-sharing factor (default L), V_r the node's sense-amp read voltage
/// (CalculatePower's table: 0.58 V at 130/90 nm, 0.55 at 65, 0.51 at 45/32, 0.55 at 22).
/// <list type="bullet">
/// <item>Reference ladder (Initialize, parallel, operation mode 2): R_ref,i = (R_on / rows) / (1 - i / L), i = 0 .. L - 2.</item>
/// <item>Area (CalculateArea): (L - 1) x columns x (9 A_n + A_ref / D), A_n a minimum NMOS-only inverter (2F, 28 F cell;
/// <see cref="StandardCellArea"/>), A_ref the area of one reference column.</item>
/// <item>Latency per conversion (CalculateLatency): T = max(t(R_ref,L-2), t(R_ref,1)), t the node's piecewise fit of R
/// (ColumnLatency_Table: a ln R + b below a threshold, a R + b above), plus dC / (R2 - R_th) (R - R_th) ((C_col + (L - 3) C_gN -
/// C_ref) / C_ref) above R_th.</item>
/// <item>Energy per conversion (CalculatePower): (L - 1) E_sw + (P(R_col) + sum_{i=1..L-3} P(R_ref,i) / D) x T, with
/// E_sw = C_col (⌊1 / (L - 1)⌋ + 1 / D) V_r^2 + E_ref / D + (2 C_gN + (C_jN + C_gN) / (L - 1) + (C_jN + C_gN) / D) V_r^2
/// + (6 C_gP + 5 C_gN + 4 C_jP + 3 C_jN) V_dd^2, C_g / C_j the gate / drain capacitance of a minimum NMOS (2F) or PMOS
/// (2F x P/N ratio) inverter (<see cref="GateCapacitance"/>, <see cref="DrainCapacitance"/>), and P(R) = (L - 1) p(R x 0.5 V / V_read)
/// (1 + 1.3e-3 (T - 300 K)), p the node's piecewise LSTP fit of the current-mirror power (GetColumnPower). ⌊1 / (L - 1)⌋ is
/// NeuroSim's integer division (0 for N >= 2), kept as executed. P carries the factor L - 1 and the reference sum L - 3 terms, so
/// at large N the static part grows as about 4^N / D = 2^N; the switched part grows as 2^N.</item>
/// <item>Leakage: 0 (CalculatePower sets it to 0; the mirror current is charged as energy over T).</item>
/// </list>
/// Only the planar LSTP nodes (130-22 nm) are supported: the fits below 22 nm and the HP branch are not carried over. N must be
/// 2 to 12: at 1 bit the ladder has a single reference and NeuroSim's latency reads past its end.
/// </summary>
public static class MultilevelSenseAmp
{
    private const string Source = "NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4 @00962bb) Inference_pytorch/NeuroSIM/MultilevelSenseAmp.cpp";

    /// <summary>Where the fitted tables come from.</summary>
    public const string FitSource = Source + ": CalculatePower (Vread), GetColumnPower (current mode, LP), ColumnLatency_Table (current mode)";

    private sealed record NodeFit(
        double ReadVoltageV,
        double PowerLowSlope, double PowerLowOffset, double PowerMidSlope, double PowerMidOffset, double PowerHighSlope, double PowerHighOffset,
        double LatencyBreakOhm, double LatencyLogSlope, double LatencyLogOffset, double LatencyLinSlope, double LatencyLinOffset,
        double RefCapF, double DeltaCS, double R2Ohm, double ThresholdOhm);

    // GetColumnPower (LP, current mode): p = slope R + offset below 4832 ohm, slope ln R + offset up to 379269 ohm, then the third.
    // ColumnLatency_Table (current mode): a ln R + b below the break, a R + b above; refcap, dC, R2, resthreshold.
    private static readonly Dictionary<int, NodeFit> Fits = new()
    {
        [130] = new(0.58, -4.12599E-11, 1.48536E-06, -2.6617E-07, 3.56576E-06, -1.25872E-07, 1.81453E-06,
            1832, -1.18573E-10, 2.54175E-09, 3.78659E-14, 2.60629E-09, 26.62E-15, 2.0E-9, 0.1E+6, 1.95E+3),
        [90] = new(0.58, -1.67004E-11, 8.54958E-07, -1.50719E-07, 2.0858E-06, -8.89685E-08, 1.3007E-06,
            4832, -1.08914E-10, 2.43204E-09, 2.8688E-14, 2.31147E-09, 18.4E-15, 1.5E-9, 0.1E+6, 4.83E+3),
        [65] = new(0.55, -6.08647E-12, 4.82814E-07, -8.03449E-08, 1.16437E-06, -6.01171E-08, 8.9355E-07,
            4832, -8.11436E-11, 2.2554E-09, 2.12366E-14, 2.14339E-09, 13.3E-15, 1.2E-9, 0.1E+6, 4.83E+3),
        [45] = new(0.51, -3.96471E-12, 3.44344E-07, -5.66235E-08, 8.27849E-07, -4.32673E-08, 6.46111E-07,
            4832, -1.12976E-10, 2.16762E-09, 1.54619E-14, 1.60263E-09, 9.21E-15, 0.81E-9, 0.1E+6, 4.83E+3),
        [32] = new(0.51, -6.72783E-12, 4.19847E-07, -7.28881E-08, 1.02677E-06, -4.35333E-08, 6.4697E-07,
            4832, -1.31777E-10, 2.03151E-09, 1.15509E-14, 1.19475E-09, 6.55E-15, 0.55E-9, 0.1E+6, 4.83E+3),
        [22] = new(0.55, -2.85373E-11, 9.16744E-07, -1.63133E-07, 2.1687E-06, -5.8712E-08, 8.64648E-07,
            4832, -1.32118E-10, 1.7552E-09, 8.02517E-15, 8.51803E-10, 4.5E-15, 0.31E-9, 0.1E+6, 12.7E+3),
    };

    /// <summary>Layout area of the comparators of <paramref name="columns"/> columns and their share of the reference columns, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int bits, int columns, SenseAmpColumns config)
    {
        ArgumentNullException.ThrowIfNull(tech);
        ArgumentNullException.ThrowIfNull(config);
        int levels = Levels(bits);
        AdcArguments.Count(columns);
        double d = Shared(config, levels);
        double wn = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
        double an = StandardCellArea.Of(tech, LogicGate.Inverter, wn, 0, CellLayout.For(tech).StandardHeightM).AreaM2;
        return (levels - 1) * columns * ((9 * an) + (AdcArguments.NonNegative(config.ReferenceColumnAreaM2) / d));
    }

    /// <summary>Time of one conversion of one column (one read, no column mux), s.</summary>
    public static double LatencyS(TechnologyNode tech, int bits, SenseAmpColumns config)
    {
        ArgumentNullException.ThrowIfNull(tech);
        ArgumentNullException.ThrowIfNull(config);
        int levels = Levels(bits);
        var fit = Fit(tech);
        double cgN = GateCapacitance.TransistorF(tech, LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM);
        return SenseTime(fit, levels, config, cgN);
    }

    /// <summary>Energy of one conversion of one column, J.</summary>
    public static double EnergyPerConversionJ(TechnologyNode tech, int bits, SenseAmpColumns config)
    {
        ArgumentNullException.ThrowIfNull(tech);
        ArgumentNullException.ThrowIfNull(config);
        int levels = Levels(bits);
        var fit = Fit(tech);
        double d = Shared(config, levels);
        AdcArguments.NonNegative(config.ColumnCapacitanceF);
        AdcArguments.NonNegative(config.ReferenceColumnEnergyJ);
        AdcArguments.Positive(config.ReadVoltageV);
        if (double.IsNaN(config.ColumnResistanceOhm) || config.ColumnResistanceOhm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.ColumnResistanceOhm, "ColumnResistanceOhm must be > 0 (+infinity for an open column)");
        }

        var c = Capacitances.Of(tech);
        double vr2 = fit.ReadVoltageV * fit.ReadVoltageV;
        double vdd2 = tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;
        double intReciprocal = levels - 1 == 1 ? 1 : 0; // NeuroSim: 1/(levelOutput-1) in int arithmetic.
        double switching = (config.ColumnCapacitanceF * (intReciprocal + (1 / d)) * vr2)
            + (config.ReferenceColumnEnergyJ / d)
            + (((2 * c.GateN) + ((c.DrainN + c.GateN) / (levels - 1)) + ((c.DrainN + c.GateN) / d)) * vr2)
            + (((6 * c.GateP) + (5 * c.GateN) + (4 * c.DrainP) + (3 * c.DrainN)) * vdd2);

        double temperature = AdcArguments.TemperatureFactor(tech.TemperatureK);
        double reference = 0;
        var ladder = Ladder(config, levels);
        for (int i = 1; i < ladder.Length - 1; i++)
        {
            reference += ColumnPowerW(fit, ladder[i], levels, config.ReadVoltageV, temperature) / d;
        }

        double power = ColumnPowerW(fit, config.ColumnResistanceOhm, levels, config.ReadVoltageV, temperature) + reference;
        return ((levels - 1) * switching) + Math.Max(power * SenseTime(fit, levels, config, c.GateN), 0);
    }

    /// <summary>All four costs (leakage 0, as NeuroSim).</summary>
    public static AdcCost Cost(TechnologyNode tech, int bits, int columns, SenseAmpColumns config) =>
        new(AreaM2(tech, bits, columns, config), EnergyPerConversionJ(tech, bits, config), LatencyS(tech, bits, config), 0);

    private static int Levels(int bits)
    {
        AdcArguments.Bits(bits);
        return bits >= 2
            ? 1 << bits
            : throw new ArgumentOutOfRangeException(nameof(bits), bits, "the multi-level sense amplifier needs at least 2 bits (NeuroSim's reference ladder)");
    }

    private static double Shared(SenseAmpColumns config, int levels) =>
        config.ReferenceColumnsShared is { } d ? AdcArguments.Positive(d, nameof(config.ReferenceColumnsShared)) : levels;

    private static NodeFit Fit(TechnologyNode tech) =>
        tech.Roadmap == DeviceRoadmap.LowStandbyPower && Fits.TryGetValue(tech.NodeNm, out var fit)
            ? fit
            : throw new ArgumentOutOfRangeException(nameof(tech), tech.NodeNm, $"the multi-level sense amplifier has fits for 130-22 nm LSTP only, not {tech.NodeNm} nm {tech.Roadmap}");

    private static double[] Ladder(SenseAmpColumns config, int levels)
    {
        double start = AdcArguments.Positive(config.OnResistanceOhm, nameof(config.OnResistanceOhm)) / AdcArguments.Count(config.RowsInParallel, nameof(config.RowsInParallel));
        var ladder = new double[levels - 1];
        for (int i = 0; i < ladder.Length; i++)
        {
            ladder[i] = 1 / ((1 / start) * (1 - ((double)i / levels)));
        }

        return ladder;
    }

    private static double SenseTime(NodeFit fit, int levels, SenseAmpColumns config, double gateN)
    {
        var ladder = Ladder(config, levels);
        double columnCap = AdcArguments.NonNegative(config.ColumnCapacitanceF, nameof(config.ColumnCapacitanceF)) + (gateN * (ladder.Length - 2));
        return Math.Max(TableLatency(fit, ladder[^1], columnCap), TableLatency(fit, ladder[1], columnCap));
    }

    private static double TableLatency(NodeFit fit, double r, double columnCap)
    {
        double t = r < fit.LatencyBreakOhm ? (fit.LatencyLogSlope * Math.Log(r)) + fit.LatencyLogOffset : (fit.LatencyLinSlope * r) + fit.LatencyLinOffset;
        if (r > fit.ThresholdOhm)
        {
            t += fit.DeltaCS / (fit.R2Ohm - fit.ThresholdOhm) * (r - fit.ThresholdOhm) * ((columnCap - fit.RefCapF) / fit.RefCapF);
        }

        return t;
    }

    private static double ColumnPowerW(NodeFit fit, double resistanceOhm, int levels, double readVoltageV, double temperature)
    {
        double r = resistanceOhm * 0.5 / readVoltageV;
        double p;
        if (double.IsPositiveInfinity(r))
        {
            p = 1e-6; // GetColumnPower: an open column is charged 1 uW.
        }
        else
        {
            p = r < 4832 ? (fit.PowerLowSlope * r) + fit.PowerLowOffset
                : r < 379269 ? (fit.PowerMidSlope * Math.Log(r)) + fit.PowerMidOffset
                : (fit.PowerHighSlope * Math.Log(r)) + fit.PowerHighOffset;
            p *= levels - 1;
        }

        return p * temperature;
    }

    private readonly record struct Capacitances(double GateN, double DrainN, double GateP, double DrainP)
    {
        public static Capacitances Of(TechnologyNode tech)
        {
            double wn = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
            double wp = tech.PmosToNmosWidthRatio.Value * wn;
            double h = CellLayout.For(tech).StandardHeightM;
            return new(
                GateCapacitance.TransistorF(tech, wn),
                DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, wn, 0, h),
                GateCapacitance.TransistorF(tech, wp),
                DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, 0, wp, h));
        }
    }
}
