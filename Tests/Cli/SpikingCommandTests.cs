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

    [Theory]
    [InlineData("--timesteps", "0", ">= 1")]
    [InlineData("--reset", "sometimes", "soft, hard")]
    [InlineData("--threshold-percentile", "0", "(0, 100]")]
    [InlineData("--leak", "1.5", "(0, 1]")]
    [InlineData("--exit", "bored", "none, entropy, confidence")]
    [InlineData("--input", "poisson", "direct, rate")]
    [InlineData("--exit-threshold", "2", "[0, 1]")]
    public void BadSpikingSettings_AreOneLineNamingTheOption(string option, string value, string valid)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", option, value, "--samples", "10", "--out", tmp.Path), option, valid);
    }
}
