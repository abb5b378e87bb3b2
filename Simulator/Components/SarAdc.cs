using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// Successive-approximation ADC, one per column, after DNN+NeuroSim V1.4 SarADC.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c,
/// Inference_pytorch/NeuroSIM/SarADC.cpp). Formula family: transistor-count area, fitted power x bit-serial time.
/// <list type="bullet">
/// <item>Area per column (CalculateUnitArea): A_n (269 + 109 (N - 1)) + A_p (209 + 73 (N - 1)), A_n / A_p the footprint of a
/// minimum NMOS-only / PMOS-only inverter (NMOS 2F, PMOS 2F x P/N ratio, 28 F cell; <see cref="StandardCellArea"/>): linear in
/// the resolution N; times the number of columns (CalculateArea).</item>
/// <item>Latency per conversion (CalculateLatency): (N + 1) ns at every node.</item>
/// <item>Energy per conversion (GetColumnPower): P x (N + 1) ns, P = (a N + b) uW + c exp(-d log10(R')) x (1 + 1.3e-3 (T - 300 K)),
/// R' = column resistance x 0.5 V / read voltage (NeuroSim's fits were made at 0.5 V); (a, b, c, d) per node and roadmap from
/// SPICE fits in NeuroSim. A lower column resistance (more current) costs more energy.</item>
/// <item>Leakage: 0 (CalculatePower sets it to 0; NeuroSim models no SAR leakage).</item>
/// </list>
/// </summary>
public static class SarAdc
{
    private const string Source = "NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4 @9e6742c) Inference_pytorch/NeuroSIM/SarADC.cpp";

    /// <summary>Where the per-node power fit comes from.</summary>
    public const string PowerFitSource = Source + ": SarADC::GetColumnPower";

    private static readonly Dictionary<int, (double A, double B, double C, double D)> LowStandbyPower = new()
    {
        [130] = (8.4483, 65.243, 0.169380, 2.303),
        [90] = (5.9869, 37.462, 0.144323, 2.303),
        [65] = (3.7506, 25.844, 0.121272, 2.303),
        [45] = (2.1691, 16.693, 0.100225, 2.303),
        [32] = (1.1294, 8.8998, 0.079449, 2.297),
        [22] = (0.538, 4.3753, 0.072341, 2.303),
        [14] = (0.3132, 2.5681, 0.061085, 2.303),
        [10] = (0.1823, 1.5073, 0.051580, 2.303),
        [7] = (0.1061, 0.8847, 0.043555, 2.303),
        [5] = (0.0645, 0.5511, 0.0388, 2.303),
        [3] = (0.0333, 0.2849, 0.0388, 2.303),
        [2] = (0.0207, 0.1764, 0.0313, 2.303),
        [1] = (0.0101, 0.0843, 0.0288, 2.303),
    };

    private static readonly Dictionary<int, (double A, double B, double C, double D)> HighPerformance = new()
    {
        [130] = (6.4806, 49.047, 0.207452, 2.367),
        [90] = (4.3474, 31.782, 0.164900, 2.345),
        [65] = (2.9503, 22.047, 0.128483, 2.321),
        [45] = (2.1843, 11.931, 0.097754, 2.296),
        [32] = (1.0157, 7.6286, 0.083709, 2.313),
        [22] = (0.7213, 3.3041, 0.084273, 2.311),
    };

    /// <summary>Layout area of <paramref name="columns"/> N-bit SAR ADCs, one per column, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int bits, int columns)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AdcArguments.Bits(bits);
        AdcArguments.Count(columns);
        double f = tech.FeatureSizeM;
        double wn = LayoutRules.MinimumNmosWidthF.Value * f;
        double wp = tech.PmosToNmosWidthRatio.Value * wn;
        double h = CellLayout.For(tech).StandardHeightM;
        double an = StandardCellArea.Of(tech, LogicGate.Inverter, wn, 0, h).AreaM2;
        double ap = StandardCellArea.Of(tech, LogicGate.Inverter, 0, wp, h).AreaM2;
        double unit = (an * (269 + (109.0 * (bits - 1)))) + (ap * (209 + (73.0 * (bits - 1))));
        return unit * columns;
    }

    /// <summary>Time of one conversion, (N + 1) ns, s.</summary>
    public static double LatencyS(int bits) => (AdcArguments.Bits(bits) + 1) * 1e-9;

    /// <summary>
    /// Energy of one conversion of one column whose cells, read at <paramref name="readVoltageV"/>, present
    /// <paramref name="columnResistanceOhm"/> (the parallel resistance of the selected cells; +infinity = no current), J.
    /// </summary>
    public static double EnergyPerConversionJ(TechnologyNode tech, int bits, double columnResistanceOhm, double readVoltageV)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AdcArguments.Bits(bits);
        AdcArguments.Positive(readVoltageV);
        if (double.IsNaN(columnResistanceOhm) || columnResistanceOhm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columnResistanceOhm), columnResistanceOhm, "must be > 0 (+infinity for an open column)");
        }

        var table = tech.Roadmap == DeviceRoadmap.HighPerformance ? HighPerformance : LowStandbyPower;
        if (!table.TryGetValue(tech.NodeNm, out var fit))
        {
            throw new ArgumentOutOfRangeException(nameof(tech), tech.NodeNm, $"SarADC.cpp has no power fit for {tech.NodeNm} nm {tech.Roadmap}");
        }

        double r = columnResistanceOhm * 0.5 / readVoltageV;
        double power = double.IsPositiveInfinity(r)
            ? 1e-6 // SarADC.cpp: an open column is charged 1 uW.
            : (((fit.A * bits) + fit.B) * 1e-6) + (fit.C * Math.Exp(-fit.D * Math.Log10(r)));
        power *= AdcArguments.TemperatureFactor(tech.TemperatureK);
        return power * LatencyS(bits);
    }

    /// <summary>All four costs of <paramref name="columns"/> SAR ADCs (leakage 0, as NeuroSim).</summary>
    public static AdcCost Cost(TechnologyNode tech, int bits, int columns, double columnResistanceOhm, double readVoltageV) =>
        new(AreaM2(tech, bits, columns), EnergyPerConversionJ(tech, bits, columnResistanceOhm, readVoltageV), LatencyS(bits), 0);
}
