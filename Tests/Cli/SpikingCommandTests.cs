using System.Globalization;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>`imcsim simulate --snn`: the converted network on the hardware, its spikes in summary.csv, and bad spiking settings as one line.</summary>
public sealed class SpikingCommandTests
{
    [Fact]
    public void SimulateSnn_OnIdealHardware_ClassifiesLikeTheAnn_AndReportsTimestepsAndSpikes()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--snn", "--ideal", "--timesteps", "16", "--samples", "300", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("| spikes per image |", stdout, StringComparison.Ordinal);
        var row = IMCSim.Cli.Output.ResultCsv.ReadRecords(tmp.File("summary.csv"))[0];
        double D(string k) => double.Parse(row[k], CultureInfo.InvariantCulture);
        Assert.Equal("16", row["timesteps"]);
        Assert.True(D("accuracy_hw") >= D("accuracy_float") - 0.01, $"SNN {row["accuracy_hw"]} against the ANN's {row["accuracy_float"]}");
        Assert.True(D("spikes_per_image") > 0);
        Assert.InRange(D("sparsity"), 0.5, 1.0);

        // Synaptic operations: spikes drive fewer rows than a dense network's every input, and the first layer (the image) counts its MACs.
        Assert.True(D("synops_per_image") < D("synops_dense_per_image"), $"effective {row["synops_per_image"]} against dense {row["synops_dense_per_image"]}");
        Assert.True(D("synops_per_image") > 0.05 * D("synops_dense_per_image"));
        Assert.True(D("footprint_bytes") > 60_000 * 4, $"LeNet-5's ~61k weights stored exactly (32-bit) on ideal hardware: {row["footprint_bytes"]}");

        // Exit threshold 0: every image leaves after its first timestep.
        (code, _, stderr) = CliRunner.Run("simulate", "--snn", "--ideal", "--timesteps", "16", "--exit", "confidence", "--exit-threshold", "0", "--samples", "300", "--out", tmp.File("exit"));
        Assert.True(code == 0, stderr);
        Assert.Equal("1", IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("exit"), "summary.csv"))[0]["avg_timesteps"]);
        var histogram = IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("exit"), "timesteps.csv"));
        Assert.Equal(16, histogram.Count);
        Assert.Equal("300", histogram[0]["images_exited"]);

        (code, _, stderr) = CliRunner.Run("simulate", "--ideal", "--samples", "300", "--out", tmp.File("dnn"));
        Assert.True(code == 0, stderr);
        Assert.Equal("", IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("dnn"), "summary.csv"))[0]["timesteps"]);
    }

    [Fact]
    public void SimulateSnn_IsCostedFromItsSpikes_WithNeuronsMembranesAndTheExitUnit()
    {
        using var tmp = new TempDir();
        double Summary(string dir, string key) => double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0][key], CultureInfo.InvariantCulture);
        string Run(string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--device", "sram", "--samples", "40", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return dir;
        }

        string t2 = Run("t2", "--snn", "--timesteps", "2", "--membrane-bits", "8");
        string t4 = Run("t4", "--snn", "--timesteps", "4", "--membrane-bits", "8");
        string lif = Run("lif", "--snn", "--timesteps", "4", "--neuron", "lif", "--leak", "0.9", "--membrane-bits", "8");
        string exit = Run("exit", "--snn", "--timesteps", "4", "--membrane-bits", "8", "--exit", "confidence", "--exit-threshold", "0");

        // Twice the timesteps: about twice the energy and latency (the spike rates change a little with T).
        Assert.InRange(Summary(t4, "energy_per_image_uj") / Summary(t2, "energy_per_image_uj"), 1.6, 2.2);
        Assert.InRange(Summary(t4, "latency_per_image_us") / Summary(t2, "latency_per_image_us"), 1.8, 2.2);
        Assert.Equal(Summary(t4, "energy_per_image_uj") * Summary(t4, "latency_per_image_us"), Summary(t4, "edp_uj_us"), 9);

        // LIF neurons run one more adder per update than IF (same updates: neurons x timesteps); an exit after every image's first
        // timestep costs about one timestep.
        Assert.True(Summary(lif, "neuron_energy_per_image_uj") > Summary(t4, "neuron_energy_per_image_uj"), "LIF updates should cost more than IF updates");
        Assert.InRange(Summary(exit, "energy_per_image_uj") / Summary(t4, "energy_per_image_uj"), 0.15, 0.4);
        Assert.True(Summary(t2, "membrane_memory_bits") > 0);
        Assert.Equal(Summary(t2, "membrane_memory_bits") * 2, double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(Run("m16", "--snn", "--timesteps", "2", "--membrane-bits", "16"), "summary.csv"))[0]["membrane_memory_bits"], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("--timesteps", "0", ">= 1")]
    [InlineData("--reset", "sometimes", "soft, hard")]
    [InlineData("--threshold-percentile", "0", "(0, 100]")]
    [InlineData("--leak", "1.5", "(0, 1]")]
    [InlineData("--exit", "bored", "none, entropy, confidence")]
    [InlineData("--input", "poisson", "direct, rate")]
    [InlineData("--exit-threshold", "2", "[0, 1]")]
    [InlineData("--membrane-bits", "1", "2..32")]
    [InlineData("--neuron", "izhikevich", "if, lif")]
    public void BadSpikingSettings_AreOneLineNamingTheOption(string option, string value, string valid)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", option, value, "--samples", "10", "--out", tmp.Path), option, valid);
    }
}
