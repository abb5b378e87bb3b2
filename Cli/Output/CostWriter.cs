using System.Globalization;
using IMCSim.Mapping.Run;
using IMCSim.Simulator.Chip;

namespace IMCSim.Cli.Output;

/// <summary>Writes a cost run's summary.csv, layers.csv and components.csv (docs/COST.md lists the columns).</summary>
internal static class CostWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, ComponentCategory Category)[] Categories =
    [
        ("array", ComponentCategory.Array), ("adc", ComponentCategory.Adc), ("accumulation", ComponentCategory.Accumulation),
        ("buffer", ComponentCategory.Buffer), ("interconnect", ComponentCategory.Interconnect), ("other", ComponentCategory.Other),
        ("neuron", ComponentCategory.Neuron),
    ];

    public static void WriteSummary(string path, CostResult result)
    {
        ChipCostReport r = result.Report;
        var d = result.Settings.ToDictionary();
        string[] keys = ["node", "array", "parallel-rows", "adc-type", "adc-bits", "cols-per-adc", "weight-bits", "bits-per-cell", "input-bits", "dac-bits", "clock-mhz", "pipeline", "conv-mapping", "interconnect", "post-layout"];
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord([
            "model", "device", "area_mm2", "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2", "fps", "edp_uj_us",
            "dynamic_energy_uj", "leakage_energy_uj", "leakage_power_uw", "clock_period_ns", "tiles", "arrays", "ops_per_image", "program_energy_uj", "program_time_ms", "whitespace_mm2",
            .. Categories.Select(c => $"area_{c.Name}_mm2"), .. Categories.Select(c => $"energy_{c.Name}_uj"), .. keys.Select(k => k.Replace('-', '_')),
            "timesteps", "spike_rate", "membrane_bits", "membrane_memory_bits",
        ]);
        bool snn = result.Workloads.Any(w => w.Neurons is not null);
        csv.WriteRecord([
            result.ModelLabel, result.Settings.DeviceLabel, R(r.AreaMm2), R(r.EnergyPerImageUj), R(r.LatencyPerImageUs), R(r.Tops), R(r.TopsPerW), R(r.TopsPerMm2), R(r.Fps), R(r.EdpUjUs),
            R(r.DynamicEnergyPj * 1e-6), R(r.LeakageEnergyPj * 1e-6), R(r.LeakagePowerUw), R(r.ClockPeriodNs), r.Layers.Sum(l => l.Tiles).ToString(Inv), r.Layers.Sum(l => (long)l.Arrays).ToString(Inv),
            R(r.OpsPerImage), R(r.ProgramEnergyPj * 1e-6), R(r.ProgramTimeNs * 1e-6), R(r.WhitespaceUm2 * 1e-6),
            .. Categories.Select(c => R(r.AreaUm2Of(c.Category) * 1e-6)), .. Categories.Select(c => R(r.EnergyPj(c.Category) * 1e-6)), .. keys.Select(k => d[k]),
            snn ? R(result.Workloads.Max(w => w.TimestepsPerImage)) : "", snn ? d["spike-rate"] : "", snn ? d["membrane-bits"] : "", snn ? r.MembraneMemoryBits.ToString(Inv) : "",
        ]);
    }

    public static void WriteLayers(string path, CostResult result)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(["layer", "device", "tiles", "pes", "arrays", "replication", "utilisation", "ops_per_image", "array_reads_per_image", "conversions_per_image", "driven_rows_per_image", "row_activity", "energy_pj", "latency_ns", "leakage_uw", "area_um2"]);
        foreach (var (l, w) in result.Report.Layers.Zip(result.Workloads))
        {
            csv.WriteRecord([
                l.Layer, l.Device, l.Tiles.ToString(Inv), l.ProcessingElements.ToString(Inv), l.Arrays.ToString(Inv), l.Replication.ToString(Inv), R(l.Utilisation), R(l.OpsPerImage),
                R(l.ReadCyclesPerImage), R(l.ConversionsPerImage), R(l.DrivenRowsPerImage), R(w.RowActivity), R(l.EnergyPj), R(l.LatencyNs), R(l.LeakageUw), R(l.AreaUm2),
            ]);
        }
    }

    public static void WriteComponents(string path, CostResult result)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(["layer", "level", "component", "category", "count", "energy_pj", "area_um2", "latency_ns", "leakage_uw"]);
        foreach (ComponentCost c in result.Report.Components)
        {
            csv.WriteRecord([c.Layer, c.Level, c.Component, c.Category.ToString().ToLowerInvariant(), c.Count.ToString(Inv), R(c.EnergyPj), R(c.AreaUm2), R(c.LatencyNs), R(c.LeakageUw)]);
        }
    }

    private static string R(double v) => v.ToString("R", Inv);
}
