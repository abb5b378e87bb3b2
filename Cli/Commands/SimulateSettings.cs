using System.Globalization;
using IMCSim.Cli.Config;
using IMCSim.Cli.Parsing;
using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// The fully resolved settings of one `imcsim simulate` run: command line over config file over
/// defaults. Errors name the option, or the config file and field, that gave the bad value.
/// </summary>
internal sealed record SimulateSettings(
    string? Model,
    string? Dataset,
    string DeviceName,
    DeviceAssignment Devices,
    IReadOnlyList<(string Layer, string Device)> LayerDevices,
    MappingSpec Mapping,
    bool Ideal,
    int? Samples,
    int Batch,
    int Threads,
    string Out,
    string? ConfigPath)
{
    public static readonly string[] Keys =
    [
        "model", "dataset", "device", "array", "weight-bits", "bits-per-cell", "input-bits", "dac-bits", "adc-bits", "cols-per-adc",
        "encoding", "drift-time", "noise", "gdc", "ideal", "samples", "seed", "out", "batch", "threads", "calibration-images",
        "parasitics", "node", "rw-row", "rw-col", "rs", "rsink",
    ];

    public delegate string? CommandLineValue(string key);

    public static SimulateSettings Resolve(CommandLineValue cli, IReadOnlyList<string> cliLayerDevices, string? configPath)
    {
        ConfigFile config = configPath is null ? ConfigFile.Empty : ConfigFile.Read(configPath, Keys);
        var fromConfig = new HashSet<string>(StringComparer.Ordinal);

        // Value and the label errors should name: "--key" or "FILE: field 'key'".
        (string? Value, string Label) Get(string key)
        {
            if (cli(key) is { } v)
            {
                return (v, "--" + key);
            }

            if (config.Get(key) is { } c)
            {
                fromConfig.Add(key);
                return (c, $"{config.Path}: field '{key}'");
            }

            return (null, "--" + key);
        }

        T Parse<T>(string key, T fallback, Func<string, string, T> parse)
        {
            var (v, label) = Get(key);
            return v is null ? fallback : parse(v, label);
        }

        try
        {
            bool ideal = Parse("ideal", false, ValueParsers.Bool);
            DeviceSpec device = Parse("device", DeviceCatalog.Find("pcm")!, DeviceCatalog.Resolve);
            string deviceName = device.Name;
            var layerDevices = new List<(string Layer, string Device)>();
            var perLayer = new Dictionary<string, DeviceSpec>(StringComparer.Ordinal);
            foreach (var (list, label) in new[] { (config.LayerDevices, $"{config.Path}: field 'layer-device'"), (cliLayerDevices, "--layer-device") })
            {
                foreach (string item in list)
                {
                    var (layer, dev) = ValueParsers.LayerDevice(item, label);
                    perLayer[layer] = DeviceCatalog.Resolve(dev, label);
                    layerDevices.RemoveAll(x => x.Layer == layer);
                    layerDevices.Add((layer, perLayer[layer].Name));
                }
            }

            var (rows, cols) = Parse("array", (128, 128), ValueParsers.ArrayShape);
            int weightBits = Parse("weight-bits", 8, ValueParsers.Int);
            // Default: 2 bits per cell, or fewer when a chosen device has fewer (SRAM: 1).
            int bitsPerCell = Parse("bits-per-cell", Math.Min(2, perLayer.Values.Append(device).Min(d => d.MaxBits)), ValueParsers.Int);
            int inputBits = Parse("input-bits", 8, ValueParsers.Int);
            int dacBits = Parse("dac-bits", 1, ValueParsers.Int);
            int adcBits = Parse("adc-bits", 6, ValueParsers.Int);
            int colsPerAdc = Parse("cols-per-adc", 8, ValueParsers.Int);
            var encoding = Parse("encoding", WeightEncoding.Differential, ValueParsers.Encoding);
            double drift = Parse("drift-time", 86400.0, ValueParsers.DurationSeconds);
            var noise = Parse("noise", NoiseSelection.All, ValueParsers.Noise);
            bool gdc = Parse("gdc", false, ValueParsers.Bool);
            ulong seed = Parse("seed", 1UL, ValueParsers.Seed);
            int calibration = Parse("calibration-images", 16, ValueParsers.Int);
            var parasitics = new ParasiticsSpec(
                Parse("parasitics", ParasiticsMode.Exact, ValueParsers.Parasitics),
                Parse("node", 32, ValueParsers.Int),
                Parse<double?>("rw-row", null, (v, l) => ValueParsers.Double(v, l)),
                Parse<double?>("rw-col", null, (v, l) => ValueParsers.Double(v, l)),
                Parse("rs", 0.0, ValueParsers.Double),
                Parse("rsink", 0.0, ValueParsers.Double));
            int? samples = Parse<int?>("samples", null, (v, l) => ValueParsers.Int(v, l));
            int batch = Parse("batch", 256, ValueParsers.Int);
            int threads = Parse("threads", 0, ValueParsers.Int);
            if (batch < 1)
            {
                throw new InputException(Get("batch").Label, $"must be >= 1, got {batch}");
            }

            if (threads < 0)
            {
                throw new InputException(Get("threads").Label, $"must be >= 0 (0 = all cores), got {threads}");
            }

            if (ideal)
            {
                // Ideal: exact weights, analog inputs, unlimited ADC, no noise, ideal devices everywhere.
                weightBits = 0;
                inputBits = 0;
                adcBits = 0;
                dacBits = 1;
                noise = NoiseSelection.None;
                device = DeviceSpec.Ideal;
                deviceName = "ideal";
                perLayer.Clear();
                layerDevices.Clear();
            }

            if (ideal)
            {
                parasitics = ParasiticsSpec.None;
            }

            var mapping = new MappingSpec(rows, cols, weightBits, bitsPerCell, inputBits, dacBits, adcBits, colsPerAdc, encoding, noise, drift, gdc, seed, calibration, parasitics);
            return new SimulateSettings(
                Parse<string?>("model", null, (v, _) => v),
                Parse<string?>("dataset", null, (v, _) => v),
                deviceName,
                new DeviceAssignment(device, perLayer),
                layerDevices,
                mapping,
                ideal,
                samples,
                batch,
                threads,
                Parse("out", "imcsim-out", (v, _) => v),
                configPath);
        }
        catch (InputException e) when (e.Source.StartsWith("--", StringComparison.Ordinal) && fromConfig.Contains(e.Source[2..]) && cli(e.Source[2..]) is null)
        {
            throw new InputException($"{config.Path}: field '{e.Source[2..]}'", e.Problem);
        }
    }

    /// <summary>Every resolved setting as text, for the run manifest.</summary>
    public SortedDictionary<string, string> ToDictionary()
    {
        var inv = CultureInfo.InvariantCulture;
        var m = Mapping;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = Model ?? "embedded:lenet5-mnist.onnx",
            ["dataset"] = Dataset ?? "embedded:mnist",
            ["device"] = DeviceName,
            ["layer-device"] = string.Join(",", LayerDevices.Select(l => $"{l.Layer}={l.Device}")),
            ["array"] = $"{m.ArrayRows}x{m.ArrayCols}",
            ["weight-bits"] = m.WeightBits.ToString(inv),
            ["bits-per-cell"] = m.BitsPerCell.ToString(inv),
            ["input-bits"] = m.InputBits.ToString(inv),
            ["dac-bits"] = m.DacBits.ToString(inv),
            ["adc-bits"] = m.AdcBits.ToString(inv),
            ["cols-per-adc"] = m.ColsPerAdc.ToString(inv),
            ["encoding"] = m.Encoding.ToString().ToLowerInvariant(),
            ["drift-time-s"] = m.DriftTimeS.ToString("R", inv),
            ["noise"] = ValueParsers.NoiseName(m.Noise),
            ["gdc"] = m.GlobalDriftCompensation ? "true" : "false",
            ["ideal"] = Ideal ? "true" : "false",
            ["seed"] = m.Seed.ToString(inv),
            ["calibration-images"] = m.CalibrationImages.ToString(inv),
            ["samples"] = Samples?.ToString(inv) ?? "all",
            ["batch"] = Batch.ToString(inv),
            ["config"] = ConfigPath ?? "",
            ["parasitics"] = m.Parasitics.Mode.ToString().ToLowerInvariant(),
            ["node-nm"] = m.Parasitics.TechnologyNodeNm.ToString(inv),
            ["rw-row-ohm"] = m.Parasitics.RowWireOhm?.ToString("R", inv) ?? "from node",
            ["rw-col-ohm"] = m.Parasitics.ColWireOhm?.ToString("R", inv) ?? "from node",
            ["rs-ohm"] = m.Parasitics.SourceOhm.ToString("R", inv),
            ["rsink-ohm"] = m.Parasitics.SinkOhm.ToString("R", inv),
        };
    }
}
