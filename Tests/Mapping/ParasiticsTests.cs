using IMCSim.Devices;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Support;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Onnx;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>Wire parasitics in whole-network simulation.</summary>
public sealed class ParasiticsTests
{
    private static (ImageDataset Data, IMCSim.Workloads.Graph.NetworkGraph Graph) Workload() =>
        (DatasetLoader.LoadEmbeddedMnist(), OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded"));

    private static IMCSim.Workloads.Inference.ClassificationResult Run(MappingSpec spec, string device, int samples) => Run(spec, DeviceCatalog.Find(device)!, samples);

    private static IMCSim.Workloads.Inference.ClassificationResult Run(MappingSpec spec, IMCSim.Devices.Spec.DeviceSpec device, int samples)
    {
        var (data, graph) = Workload();
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(device), new CpuKernels(), 2);
        mapped.Calibrate(data);
        return mapped.Run(data, samples, 250);
    }

    [Fact]
    public void ExactParasitics_WithZeroResistances_GiveTheSameResultsAsIdealWires()
    {
        // Without an access transistor, zero wire, source and sink resistance is exactly the ideal crossbar;
        // PCM's 1T1R access transistor (in series with every cell in the circuit) changes the result.
        var pcmWithoutAccess = DeviceCatalog.Find("pcm")! with { AccessResistanceOhm = null };
        var none = new MappingSpec(seed: 3);
        var zero = new MappingSpec(seed: 3, parasitics: new ParasiticsSpec(ParasiticsMode.Exact, 32, 0, 0, 0, 0));
        var a = Run(none, pcmWithoutAccess, 500);
        var b = Run(zero, pcmWithoutAccess, 500);
        Assert.Equal(a.Predicted, b.Predicted);
        Assert.NotEqual(a.Logits, Run(zero, "pcm", 500).Logits);
    }

    [Fact]
    public void StrongWireResistance_OnHighConductanceRram_CostsAccuracy()
    {
        var none = new MappingSpec(noise: IMCSim.Devices.Models.NoiseSelection.None, seed: 2);
        var wires = new MappingSpec(noise: IMCSim.Devices.Models.NoiseSelection.None, seed: 2, parasitics: new ParasiticsSpec(ParasiticsMode.Exact, 32, 5, 5, 200, 0));
        double ideal = Run(none, "rram", 500).Accuracy;
        double withWires = Run(wires, "rram", 500).Accuracy;
        Assert.True(withWires < ideal - 0.05, $"IR drop should cost accuracy: {withWires} vs {ideal}");
    }

    [Fact]
    public void FastParasitics_ReportsASmallErrorInAdcLsbs()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--parasitics", "fast", "--samples", "200", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("parasitics fast", stdout, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(tmp.File("layers.csv"));
        int column = Array.IndexOf(rows[0].Split(','), "parasitics_error_lsb");
        Assert.True(column > 0);
        double worst = rows.Skip(1).Max(r => double.Parse(r.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(worst, 1e-9, 0.5);
    }

    [Theory]
    [InlineData("--parasitics", "approximate")]
    [InlineData("--node", "33")]
    [InlineData("--rw-row", "-1")]
    public void BadParasiticsOption_NamesTheOption(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("simulate", option, value, "--samples", "10");
        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ASolveThatStopsAboveItsTolerance_IsAnErrorNamingTheLayerArrayAndResidual()
    {
        var capped = new MappingSpec(noise: IMCSim.Devices.Models.NoiseSelection.None, parasitics: new ParasiticsSpec(ParasiticsMode.Exact, 32, 5, 5, 0, 0, maxIterations: 1));
        var e = Assert.Throws<IMCSim.Simulator.Common.InputException>(() => Run(capped, "rram", 10));
        Assert.Equal("layer conv1", e.Source);
        Assert.Contains("array 0", e.Problem, StringComparison.Ordinal);
        Assert.Contains("relative residual", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
