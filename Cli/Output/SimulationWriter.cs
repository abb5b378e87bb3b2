using System.Globalization;
using System.Reflection;
using System.Text.Json;
using IMCSim.Simulator.Chip;
using IMCSim.Mapping.Placement;
using IMCSim.Mapping.Run;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Zoo;

namespace IMCSim.Cli.Output;

/// <summary>Writes a simulation's summary.csv, layers.csv, manifest.json and placement (predictions.csv via <see cref="ResultCsv"/>).</summary>
internal static class SimulationWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteSummary(string path, SimulationResult result)
    {
        var s = result.Summary;
        var d = result.Request.Settings.ToDictionary();
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord([
            "model", "dataset", "device", "samples", "seed", "accuracy_float", "accuracy_hw", "arrays", "area_mm2",
            "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2",
            "drift_time_s", "noise", "weight_bits", "bits_per_cell", "input_bits", "dac_bits", "adc_bits", "cols_per_adc", "encoding", "gdc", "parasitics",
            "adc_range", "calibration", "timesteps", "avg_timesteps", "spikes_per_image", "sparsity", "synops_per_image", "synops_dense_per_image", "footprint_bytes",
            "edp_uj_us", "edp_dataset_j_s", "neuron_energy_per_image_uj", "membrane_bits", "membrane_memory_bits",
        ]);
        csv.WriteRecord([
            result.Request.ModelLabel, result.Request.Dataset.Source, result.Request.Settings.DeviceLabel, result.Request.Samples.ToString(Inv), d["seed"],
            R(s.AccuracyFloat), R(s.AccuracyHardware), s.Arrays.ToString(Inv), N(s.AreaMm2),
            N(s.EnergyPerImageUj), N(s.LatencyPerImageUs), N(s.Tops), N(s.TopsPerW), N(s.TopsPerMm2),
            d["drift-time"], d["noise"], d["weight-bits"], d["bits-per-cell"], d["input-bits"], d["dac-bits"], d["adc-bits"], d["cols-per-adc"], d["encoding"], d["gdc"], d["parasitics"],
            d["adc-range"], d["calibration"],
            s.Spiking is { } snn ? snn.Timesteps.ToString(Inv) : "", s.Spiking is { } sa ? R(sa.AverageTimesteps) : "", s.Spiking is { } sp ? R(sp.SpikesPerImage) : "", s.Spiking is { } sq ? R(sq.Sparsity) : "",
            s.Spiking is { } se ? R(se.SynOpsEffectivePerImage) : "", s.Spiking is { } sd ? R(sd.SynOpsDensePerImage) : "", s.Spiking is { } sf ? R(sf.FootprintBytes) : "",
            N(s.EdpUjUs), N(s.DatasetEdpJs(result.Request.Samples)), s.Spiking is null ? "" : N(s.NeuronEnergyPerImageUj),
            s.Spiking is null ? "" : d["membrane-bits"], s.Spiking is null ? "" : N(s.MembraneMemoryBits),
        ]);
    }

    /// <summary>timesteps.csv of a spiking run: how many images exited at each timestep.</summary>
    public static void WriteTimesteps(string path, SpikingSummary spiking)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(["timestep", "images_exited"]);
        for (int t = 0; t < spiking.ExitHistogram.Count; t++)
        {
            csv.WriteRecord([(t + 1).ToString(Inv), spiking.ExitHistogram[t].ToString(Inv)]);
        }
    }

    public static void WriteLayers(string path, SimulationResult result)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord([
            "layer", "device", "arrays", "utilisation", "adcs", "macs_per_image", "array_reads_per_image", "adc_conversions_per_image", "driven_rows_per_image",
            "tiles", "replication", "energy_per_image_pj", "latency_per_image_ns", "area_um2", "leakage_uw", "parasitics_error_lsb",
            "input_scale", "adc_full_scale_levels", "calibration_max_current_levels", "gdc_factor_mean", "slice_ranges",
            "neurons", "spike_rate", "spikes_per_image", "membrane_memory_bits", "synops_per_image", "synops_dense_per_image", "footprint_bytes",
        ]);
        var synops = result.Summary.Spiking?.Layers;
        int index = 0;
        double perImage = 1.0 / Math.Max(1, result.Request.Samples);
        foreach (LayerDiagnostics layer in result.Layers)
        {
            var p = layer.Placement;
            LayerChipCost? c = layer.Cost;
            csv.WriteRecord([
                p.Layer, p.Device, p.Arrays.Count.ToString(Inv), R(p.Utilisation), p.Arrays.Sum(a => (long)a.Adcs).ToString(Inv), R(layer.MacsPerImage),
                R(layer.Events.TotalReads * perImage), R(layer.Events.TotalConversions * perImage), R(layer.Events.TotalDrivenRows * perImage),
                c is null ? "" : c.Tiles.ToString(Inv), c is null ? "" : c.Replication.ToString(Inv), C(c?.EnergyPj), C(c?.LatencyNs), C(c?.AreaUm2), C(c?.LeakageUw), R(layer.ParasiticsErrorLsb),
                R(layer.InputScale), R(layer.AdcFullScaleLevels), R(layer.CalibrationMaxCurrentLevels), R(layer.DriftCompensation.Average()), layer.SliceRanges,
                layer.Neurons is { } n ? n.Neurons.ToString(Inv) : "", layer.Neurons is { } nr ? R(nr.UpdatesPerImage > 0 ? nr.SpikesPerImage / nr.UpdatesPerImage : 0) : "",
                layer.Neurons is { } ns ? R(ns.SpikesPerImage) : "", layer.Neurons is { } nm ? nm.MembraneMemoryBits.ToString(Inv) : "",
                synops is null ? "" : R(synops[index].SynOpsEffectivePerImage), synops is null ? "" : R(synops[index].SynOpsDensePerImage), synops is null ? "" : R(synops[index].FootprintBytes),
            ]);
            index++;
        }
    }

    private static string N(double v) => double.IsNaN(v) ? "" : R(v);

    private static string C(double? v) => v is { } x ? R(x) : "";

    public static void WriteManifest(string path, SimulationResult result, string? configPath, IReadOnlyList<string> args)
    {
        var settings = result.Request.Settings;
        string version = typeof(SimulationWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        string? modelPath = settings.ModelPath, datasetPath = settings.DatasetPath;
        object model = modelPath is not null && ModelZoo.IsZooName(modelPath)
            ? new { path = result.Request.ModelLabel, zoo = true, weights_seed = ModelZoo.WeightSeed }
            : new { path = result.Request.ModelLabel, sha256 = EmbeddedAssets.IsEmbeddedName(result.Request.ModelLabel) ? FileHashes.Sha256(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.ModelResource(result.Request.ModelLabel))) : FileHashes.Sha256File(result.Request.ModelLabel) };
        object dataset = datasetPath is not null && datasetPath.StartsWith(WorkloadFiles.RandomPrefix, StringComparison.Ordinal)
            ? new { source = result.Request.Dataset.Source, random = true, seed = WorkloadFiles.RandomDatasetSeed }
            : datasetPath is null || EmbeddedAssets.IsEmbeddedName(datasetPath)
            ? new { source = result.Request.Dataset.Source, files = EmbeddedFiles(datasetPath ?? EmbeddedAssets.DefaultDatasetName).Select(f => new { path = EmbeddedAssets.Prefix + f, sha256 = FileHashes.Sha256(EmbeddedAssets.ReadAllBytes(f)) }).ToArray() }
            : new { source = result.Request.Dataset.Source, files = DatasetLoader.FilesOf(datasetPath).Select(f => new { path = f, sha256 = FileHashes.Sha256File(f) }).ToArray() };
        var devices = new[] { settings.Devices.Default }.Concat(settings.Devices.PerLayer.Values);
        var manifest = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["imcsim_version"] = plus >= 0 ? version[..plus] : version,
            ["commit"] = plus >= 0 ? version[(plus + 1)..] : "unknown",
            ["command_line"] = args,
            ["config_file"] = configPath ?? "",
            ["seed"] = settings.Mapping.Seed,
            ["config"] = settings.ToDictionary(),
            ["kernels"] = result.KernelsName,
            ["model"] = model,
            ["dataset"] = dataset,
            ["devices"] = devices.DistinctBy(d => d.Name).ToDictionary(
                d => d.Name,
                d => (object)new { source_file = d.SourceFile, parameters = d.Parameters().Select(p => new { field = p.Field, value = p.Value, source = p.Source }) }),
            ["cost_model"] = result.Summary.Cost is null ? result.Summary.CostNote : "circuit-level model after DNN+NeuroSim V1.4 (docs/COST.md); every technology and device number with its source in imcsim cost --explain",
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, Indented) + "\n");
    }

    /// <summary>Writes the placement JSON; with a null placement only checks that the file can be written (before a run).</summary>
    public static void WritePlacement(string path, NetworkPlacement? placement)
    {
        try
        {
            File.WriteAllText(path, placement?.ToJson() ?? "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new IMCSim.Simulator.Common.InputException("--placement-out", $"cannot write '{path}': {e.Message}");
        }
    }

    private static string R(double v) => v.ToString("R", Inv);

    private static string[] EmbeddedFiles(string dataset)
    {
        var (images, labels) = EmbeddedAssets.DatasetResources(dataset);
        return [images, labels];
    }
}
