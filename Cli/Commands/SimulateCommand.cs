using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IMCSim.Cli.Output;
using IMCSim.Mapping;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim simulate`: map a network onto crossbars of the chosen devices, run it with the selected
/// non-idealities, and report accuracy beside the float reference plus a first area / energy /
/// latency estimate; summary.csv, predictions.csv, layers.csv and manifest.json in the output folder.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("simulate", "Run a network on crossbars of SRAM, PCM, FeFET or RRAM devices: accuracy, area, energy, latency.");
        var options = new Dictionary<string, Option<string?>>(StringComparer.Ordinal);
        void Add(string key, string description)
        {
            var o = new Option<string?>("--" + key) { Description = description };
            options[key] = o;
            command.Options.Add(o);
        }

        Add("model", "ONNX model (default: embedded LeNet-5)");
        Add("dataset", "folder with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] (default: embedded MNIST)");
        Add("device", "device of every crossbar layer: sram, pcm, fefet, rram, ideal, or a device file .yaml (default: pcm)");
        Add("array", "array rows x columns (default: 128x128)");
        Add("weight-bits", "weight precision in bits (default: 8)");
        Add("bits-per-cell", "bits stored per cell; weights are sliced over cells (default: 2, or 1 if a chosen device stores 1 bit)");
        Add("input-bits", "input precision in bits (default: 8)");
        Add("dac-bits", "input bits applied per read cycle (default: 1, bit-serial)");
        Add("adc-bits", "ADC resolution (default: 6; 0 = unlimited)");
        Add("cols-per-adc", "columns sharing one ADC (default: 8)");
        Add("encoding", "signed weights: differential or offset (default: differential)");
        Add("drift-time", "time since programming: 0, 1s, 1h, 1d, 1y ... (default: 1d)");
        Add("noise", "all, none, or a list of programming,read,drift,variation,faults (default: all)");
        Add("gdc", "global drift compensation: true or false (default: false)");
        Add("ideal", "ideal devices, no noise, unlimited precision: true or false (default: false)");
        Add("samples", "test images to run (0 = all; default: all)");
        Add("seed", "random seed (default: 1)");
        Add("calibration-images", "images used to calibrate input and ADC ranges (default: 16)");
        Add("batch", "images per batch (default: 256)");
        Add("threads", "compute threads, 0 = all cores (default: 0); results do not depend on it");
        Add("out", "output folder (default: imcsim-out)");
        Add("parasitics", "wire parasitics: exact (IR-drop solve of every programmed array, the default), fast (approximate, error reported in ADC LSBs) or none");
        Add("node", "technology node in nm for wire resistance: 130, 90, 65, 45, 32, 22, 14, 10, 7 (default: 32)");
        Add("rw-row", "row wire resistance per cell segment, ohm (default: from --node and the cell size)");
        Add("rw-col", "column wire resistance per cell segment, ohm (default: from --node and the cell size)");
        Add("rs", "source (driver) resistance per row, ohm (default: 0)");
        Add("rsink", "sink resistance per column, ohm (default: 0, virtual ground)");
        var layerDevice = new Option<string[]>("--layer-device") { Description = "device of one layer, LAYER=DEVICE (repeatable), e.g. conv1=sram", AllowMultipleArgumentsPerToken = false };
        var config = new Option<string?>("--config") { Description = "YAML file with the same keys (command-line options override it)" };
        command.Options.Add(layerDevice);
        command.Options.Add(config);

        command.SetAction(parse =>
        {
            var settings = SimulateSettings.Resolve(key => options.TryGetValue(key, out var o) ? parse.GetValue(o) : null, parse.GetValue(layerDevice) ?? [], parse.GetValue(config));
            return Run(settings, output, error, parse.Tokens.Select(t => t.Value).ToList());
        });
        return command;
    }

    private static int Run(SimulateSettings settings, TextWriter output, TextWriter error, IReadOnlyList<string> args)
    {
        string outDir = WorkloadOptions.PrepareOutput(settings.Out);
        var kernels = WorkloadOptions.Kernels(settings.Threads);
        int threads = kernels.MaxThreads;
        var graph = WorkloadOptions.LoadModel(settings.Model);
        ImageDataset data = WorkloadOptions.LoadDataset(settings.Dataset);
        // 0 or absent = all images, as for `imcsim infer`; ImageClassifier validates the range.
        int samples = settings.Samples is null or 0 ? data.Count : settings.Samples.Value;

        var clock = Stopwatch.StartNew();
        ClassificationResult reference = ImageClassifier.Run(new GraphExecutor(graph, kernels), data, samples, settings.Batch);
        double floatSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var mapped = new MappedNetwork(graph, settings.Mapping, settings.Devices, kernels, threads);
        mapped.Calibrate(data);
        var progress = new ProgressReporter(error, "simulate", samples, terminal: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
        ClassificationResult hardware = mapped.Run(data, samples, settings.Batch, progress);
        double hwSeconds = clock.Elapsed.TotalSeconds;

        var summary = new SimulationSummary(reference.Accuracy, hardware.Accuracy, mapped.Costs());
        string modelLabel = settings.Model ?? "embedded:lenet5-mnist.onnx";
        string datasetLabel = data.Source;
        ResultCsv.WritePredictions(Path.Combine(outDir, "predictions.csv"), hardware);
        SimulationWriter.WriteSummary(Path.Combine(outDir, "summary.csv"), settings, modelLabel, datasetLabel, samples, summary);
        SimulationWriter.WriteLayers(Path.Combine(outDir, "layers.csv"), summary.Layers);
        object modelInfo = new { path = modelLabel, sha256 = settings.Model is null ? FileHashes.Sha256(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel)) : FileHashes.Sha256File(settings.Model) };
        object datasetInfo = settings.Dataset is null
            ? new { source = datasetLabel, files = new[] { EmbeddedAssets.MnistTestImages, EmbeddedAssets.MnistTestLabels }.Select(f => new { path = "embedded:" + f, sha256 = FileHashes.Sha256(EmbeddedAssets.ReadAllBytes(f)) }).ToArray() }
            : new { source = datasetLabel, files = DatasetLoader.FilesOf(settings.Dataset).Select(f => new { path = f, sha256 = FileHashes.Sha256File(f) }).ToArray() };
        var devices = new[] { settings.Devices.Default }.Concat(settings.Devices.PerLayer.Values);
        SimulationWriter.WriteManifest(Path.Combine(outDir, "manifest.json"), settings, modelInfo, datasetInfo, devices, args);

        var inv = CultureInfo.InvariantCulture;
        var m = settings.Mapping;
        output.WriteLine($"model      {modelLabel}; dataset {datasetLabel}, {samples} images");
        output.WriteLine($"hardware   {settings.DeviceName}{(settings.LayerDevices.Count > 0 ? " (" + string.Join(", ", settings.LayerDevices.Select(l => $"{l.Layer}={l.Device}")) + ")" : "")}, {m.ArrayRows}x{m.ArrayCols} arrays, "
            + $"{(m.WeightBits == 0 ? "exact" : m.WeightBits + "-bit")} weights in {m.BitsPerCell}-bit cells ({m.Encoding.ToString().ToLowerInvariant()}), "
            + $"{(m.InputBits == 0 ? "analog" : m.InputBits + "-bit")} inputs {m.DacBits} bit/cycle, {(m.AdcBits == 0 ? "unlimited" : m.AdcBits + "-bit")} ADC per {m.ColsPerAdc} columns");
        output.WriteLine(string.Format(inv, "conditions noise {0}, {1:G4} s after programming{2}, seed {3}, parasitics {4}", Parsing.ValueParsers.NoiseName(m.Noise), m.DriftTimeS, m.GlobalDriftCompensation ? ", GDC" : "", m.Seed,
            m.Parasitics.Mode switch
            {
                ParasiticsMode.Exact => string.Format(inv, "exact ({0} nm wires, worst solve residual {1:E1}, effective matrices within {2:E1} of direct solves)", m.Parasitics.TechnologyNodeNm,
                    mapped.Operators.Max(o => o.Runtime.Programmed.WorstResidual), mapped.Operators.Max(o => o.Runtime.Programmed.WorstCheckDeviation)),
                ParasiticsMode.Fast => string.Format(inv, "fast ({0} nm wires; error vs exact on sampled arrays up to {1:F3} ADC LSB)", m.Parasitics.TechnologyNodeNm, mapped.Operators.Max(o => o.Runtime.ParasiticsErrorLsb)),
                _ => "none",
            }));
        output.WriteLine();
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Format(inv, "| float accuracy | {0:F4} |", summary.AccuracyFloat));
        output.WriteLine(string.Format(inv, "| hardware accuracy | {0:F4} |", summary.AccuracyHardware));
        output.WriteLine(string.Format(inv, "| arrays | {0} |", summary.Arrays));
        output.WriteLine(string.Format(inv, "| area (mm^2) | {0:F4} |", summary.AreaMm2));
        output.WriteLine(string.Format(inv, "| energy per image (uJ) | {0:F4} |", summary.EnergyPerImageUj));
        output.WriteLine(string.Format(inv, "| latency per image (us) | {0:F2} |", summary.LatencyPerImageUs));
        output.WriteLine(string.Format(inv, "| TOPS | {0:F4} |", summary.Tops));
        output.WriteLine(string.Format(inv, "| TOPS/W | {0:F2} |", summary.TopsPerW));
        output.WriteLine(string.Format(inv, "| TOPS/mm^2 | {0:F4} |", summary.TopsPerMm2));
        output.WriteLine();
        output.WriteLine(string.Format(inv, "time       float inference {0:F2} s, hardware simulation {1:F2} s ({2:F1}x), {3} threads, peak memory {4} MB", floatSeconds, hwSeconds, hwSeconds / Math.Max(floatSeconds, 1e-9), threads, Process.GetCurrentProcess().PeakWorkingSet64 >> 20));
        output.WriteLine($"wrote      {Path.Combine(outDir, "summary.csv")}, predictions.csv, layers.csv, manifest.json");
        return ImcsimApp.ExitOk;
    }
}
