using System.Globalization;
using System.Text.Json;
using IMCSim.Devices;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Support;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Onnx;
using Xunit;

namespace IMCSim.Tests.Cli;

public sealed class SimulateCommandTests
{
    private static Dictionary<string, string> SummaryRow(string dir)
    {
        string[] lines = File.ReadAllLines(Path.Combine(dir, "summary.csv"));
        string[] header = lines[0].Split(','), values = lines[1].Split(',');
        return header.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    private static double Number(Dictionary<string, string> row, string key) => double.Parse(row[key], CultureInfo.InvariantCulture);

    [Fact]
    public void Ideal_PredictionsEqualFloatInference()
    {
        using var sim = new TempDir();
        using var inf = new TempDir();
        var (code, _, stderr) = CliRunner.Run("simulate", "--ideal", "true", "--samples", "3000", "--out", sim.Path);
        Assert.True(code == 0, stderr);
        Assert.Equal(0, CliRunner.Run("infer", "--samples", "3000", "--out", inf.Path).ExitCode);
        Assert.Equal(File.ReadAllBytes(inf.File("predictions.csv")), File.ReadAllBytes(sim.File("predictions.csv")));
        var row = SummaryRow(sim.Path);
        Assert.Equal(Number(row, "accuracy_float"), Number(row, "accuracy_hw"));
    }

    [Fact]
    public void DefaultRun_PcmAfterOneDay_IsBelowIdealAndAboveChance_AndWritesEveryOutput()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--samples", "1000", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        var row = SummaryRow(tmp.Path);
        foreach (string column in new[] { "model", "dataset", "device", "samples", "seed", "accuracy_float", "accuracy_hw", "arrays", "area_mm2", "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2" })
        {
            Assert.True(row.ContainsKey(column), $"summary.csv lacks {column}");
        }

        Assert.Equal("pcm", row["device"]);
        Assert.InRange(Number(row, "accuracy_hw"), 0.2, Number(row, "accuracy_float") - 1e-9);
        Assert.True(Number(row, "area_mm2") > 0 && Number(row, "energy_per_image_uj") > 0 && Number(row, "latency_per_image_us") > 0);
        Assert.Equal(Number(row, "tops") / Number(row, "area_mm2"), Number(row, "tops_per_mm2"), 6);
        Assert.Contains("| hardware accuracy |", stdout, StringComparison.Ordinal);

        string[] layers = File.ReadAllLines(tmp.File("layers.csv"));
        Assert.Equal(6, layers.Length);
        Assert.StartsWith("layer,device,arrays,utilisation", layers[0], StringComparison.Ordinal);
        Assert.Equal(1001, File.ReadAllLines(tmp.File("predictions.csv")).Length);

        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.File("manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal("1", root.GetProperty("seed").ToString());
        Assert.Equal("pcm", root.GetProperty("config").GetProperty("device").GetString());
        Assert.Equal(64, root.GetProperty("model").GetProperty("sha256").GetString()!.Length);
        Assert.Equal(2, root.GetProperty("dataset").GetProperty("files").GetArrayLength());
        Assert.True(root.GetProperty("devices").GetProperty("pcm").GetProperty("parameters").GetArrayLength() > 10);
    }

    [Fact]
    public void SameSeed_OneThreadAndAllThreads_WriteByteIdenticalCsvs_AndAnotherSeedChangesResults()
    {
        using var one = new TempDir();
        using var all = new TempDir();
        using var other = new TempDir();
        string[] common = ["simulate", "--samples", "1000", "--batch", "100", "--seed", "42"];
        Assert.Equal(0, CliRunner.Run([.. common, "--threads", "1", "--out", one.Path]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. common, "--threads", "0", "--out", all.Path]).ExitCode);
        foreach (string file in new[] { "summary.csv", "predictions.csv", "layers.csv" })
        {
            Assert.Equal(File.ReadAllBytes(one.File(file)), File.ReadAllBytes(all.File(file)));
        }

        Assert.Equal(0, CliRunner.Run("simulate", "--samples", "1000", "--batch", "100", "--seed", "43", "--out", other.Path).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(one.File("predictions.csv")), File.ReadAllBytes(other.File("predictions.csv")));
        Assert.NotEqual(File.ReadAllBytes(one.File("layers.csv")), File.ReadAllBytes(other.File("layers.csv")));
    }

    [Fact]
    public void PcmAccuracy_AveragedOverFiveSeeds_FallsAsDriftTimeGrows()
    {
        var data = DatasetLoader.LoadEmbeddedMnist();
        var graph = OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded");
        var pcm = DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!);
        double[] times = [1, 3600, 86400, 365.25 * 86400];
        var accuracy = new double[times.Length];
        for (int t = 0; t < times.Length; t++)
        {
            for (ulong seed = 1; seed <= 5; seed++)
            {
                var mapped = new MappedNetwork(graph, new MappingSpec(driftTimeS: times[t], seed: seed), pcm, new CpuKernels(), Environment.ProcessorCount);
                mapped.Calibrate(data);
                accuracy[t] += mapped.Run(data, 1000, 250).Accuracy / 5;
            }
        }

        for (int t = 1; t < times.Length; t++)
        {
            Assert.True(accuracy[t] < accuracy[t - 1], $"accuracy at {times[t]} s ({accuracy[t]}) is not below that at {times[t - 1]} s ({accuracy[t - 1]}); all: {string.Join(", ", accuracy)}");
        }
    }

    [Fact]
    public void ConfigFile_SetsOptions_AndTheCommandLineOverridesIt()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("run.yaml"), "device: rram\nadc-bits: 5\nsamples: 200\nlayer-device:\n  conv1: sram\nseed: 9\n");
        var (code, _, stderr) = CliRunner.Run("simulate", "--config", tmp.File("run.yaml"), "--adc-bits", "7", "--bits-per-cell", "1", "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        var row = SummaryRow(tmp.File("out"));
        Assert.Equal("rram+conv1=sram", row["device"]);
        Assert.Equal("7", row["adc_bits"]);
        Assert.Equal("200", row["samples"]);
        Assert.Equal("9", row["seed"]);
        string[] layers = File.ReadAllLines(Path.Combine(tmp.File("out"), "layers.csv"));
        Assert.StartsWith("conv1,sram,", layers[1], StringComparison.Ordinal);
        Assert.StartsWith("conv2,rram,", layers[2], StringComparison.Ordinal);
    }

    [Fact]
    public void DevicesListAndShow_PrintTheCatalogWithSources()
    {
        var (code, stdout, _) = CliRunner.Run("devices", "list");
        Assert.Equal(0, code);
        foreach (string name in new[] { "sram", "pcm", "fefet", "rram", "ideal" })
        {
            Assert.Contains($"| {name} |", stdout, StringComparison.Ordinal);
        }

        (code, stdout, _) = CliRunner.Run("devices", "show", "pcm");
        Assert.Equal(0, code);
        Assert.Contains("| programming_noise.c0_us | 0.26348 | aihwkit", stdout, StringComparison.Ordinal);
        Assert.Contains("| conductance.g_max_us | 25 |", stdout, StringComparison.Ordinal);
    }
}
