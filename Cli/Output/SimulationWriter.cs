using System.Globalization;
using System.Reflection;
using System.Text.Json;
using IMCSim.Cli.Commands;
using IMCSim.Devices.Spec;
using IMCSim.Mapping.Costs;

namespace IMCSim.Cli.Output;

/// <summary>Writes a simulation's summary.csv, layers.csv and manifest.json (predictions.csv via <see cref="ResultCsv"/>).</summary>
internal static class SimulationWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteSummary(string path, SimulateSettings settings, string model, string dataset, int samples, SimulationSummary s)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord([
            "model", "dataset", "device", "samples", "seed", "accuracy_float", "accuracy_hw", "arrays", "area_mm2",
            "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2",
            "drift_time_s", "noise", "weight_bits", "bits_per_cell", "input_bits", "dac_bits", "adc_bits", "cols_per_adc", "encoding", "gdc", "parasitics",
        ]);
        var d = settings.ToDictionary();
        csv.WriteRecord([
            model, dataset, settings.DeviceName + (settings.LayerDevices.Count > 0 ? "+" + d["layer-device"] : ""), samples.ToString(Inv), d["seed"],
            R(s.AccuracyFloat), R(s.AccuracyHardware), s.Arrays.ToString(Inv), R(s.AreaMm2),
            R(s.EnergyPerImageUj), R(s.LatencyPerImageUs), R(s.Tops), R(s.TopsPerW), R(s.TopsPerMm2),
            d["drift-time-s"], d["noise"], d["weight-bits"], d["bits-per-cell"], d["input-bits"], d["dac-bits"], d["adc-bits"], d["cols-per-adc"], d["encoding"], d["gdc"], d["parasitics"],
        ]);
    }

    public static void WriteLayers(string path, IReadOnlyList<LayerCost> layers)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord([
            "layer", "device", "arrays", "utilisation", "adcs", "macs_per_image", "array_reads_per_image", "adc_conversions_per_image",
            "energy_per_image_pj", "cell_energy_pj", "adc_energy_pj", "mux_energy_pj", "shift_add_energy_pj", "row_driver_energy_pj",
            "latency_per_image_ns", "area_um2", "cell_area_um2", "peripheral_area_um2", "program_energy_pj", "parasitics_error_lsb",
        ]);
        foreach (LayerCost l in layers)
        {
            csv.WriteRecord([
                l.Layer, l.Device, l.Arrays.ToString(Inv), R(l.Utilisation), l.Adcs.ToString(Inv), R(l.MacsPerImage), R(l.ReadsPerImage), R(l.ConversionsPerImage),
                R(l.EnergyPj), R(l.CellEnergyPj), R(l.AdcEnergyPj), R(l.MuxEnergyPj), R(l.ShiftAddEnergyPj), R(l.RowDriverEnergyPj),
                R(l.LatencyNs), R(l.AreaUm2), R(l.CellAreaUm2), R(l.PeripheralAreaUm2), R(l.ProgramEnergyPj), R(l.ParasiticsErrorLsb),
            ]);
        }
    }

    public static void WriteManifest(string path, SimulateSettings settings, object model, object dataset, IEnumerable<DeviceSpec> devices, IReadOnlyList<string> args)
    {
        string version = typeof(SimulationWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        var manifest = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["imcsim_version"] = plus >= 0 ? version[..plus] : version,
            ["commit"] = plus >= 0 ? version[(plus + 1)..] : "unknown",
            ["command_line"] = args,
            ["seed"] = settings.Mapping.Seed,
            ["config"] = settings.ToDictionary(),
            ["model"] = model,
            ["dataset"] = dataset,
            ["devices"] = devices.DistinctBy(d => d.Name).ToDictionary(
                d => d.Name,
                d => (object)new { source_file = d.SourceFile, parameters = d.Parameters().Select(p => new { field = p.Field, value = p.Value, source = p.Source }) }),
            ["cost_model_sources"] = PeripheralCosts.Sources().ToDictionary(s => s.Component, s => s.Source),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, Indented) + "\n");
    }

    private static string R(double v) => v.ToString("R", Inv);
}
