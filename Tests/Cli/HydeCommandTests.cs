using System.Globalization;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// `imcsim hyde` end to end on the embedded LeNet-5 and MNIST (small splits): the budget holds on the held-out images, the same seed
/// gives the same files on one thread or two, best.yaml reproduces the held-out result through simulate --config, bad input is one line.
/// </summary>
public sealed class HydeCommandTests
{
    private static readonly string[] Small = ["hyde", "--model", "embedded:lenet5-mnist.onnx", "--dataset", "embedded:mnist", "--devices", "sram,pcm,fefet", "--search-images", "200", "--holdout-images", "300", "--budget-evaluations", "16", "--accuracy-budget", "2"];

    private static List<Dictionary<string, string>> Csv(string path) => IMCSim.Cli.Output.ResultCsv.ReadRecords(path);

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Hyde_MeetsTheBudgetOnTheHeldOutImages_IsTheSameOnOneThreadOrTwo_AndBestYamlReproducesIt()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run([.. Small, "--threads", "1", "--out", tmp.File("one")]);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliRunner.Run([.. Small, "--out", tmp.File("two")]);
        Assert.True(code == 0, stderr);
        foreach (string file in new[] { "candidates.csv", "pareto.csv", "summary.csv", "best.yaml" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(tmp.File("one"), file)), File.ReadAllText(Path.Combine(tmp.File("two"), file)));
        }

        var summary = Csv(Path.Combine(tmp.File("one"), "summary.csv"));
        Assert.Equal(["hybrid", "sram", "pcm", "fefet"], summary.Select(r => r["design"]));
        var hybrid = summary[0];
        Assert.True(D(hybrid["accuracy_hw"]) >= D(hybrid["accuracy_float"]) - 0.02, $"held-out accuracy {hybrid["accuracy_hw"]} below float {hybrid["accuracy_float"]} - 2 pp");
        Assert.All(summary, r => Assert.Equal(D(r["accuracy_hw"]) >= D(r["accuracy_float"]) - 0.02 ? "yes" : "no", r["within_budget"]));
        foreach (var baseline in summary.Skip(1).Where(b => D(b["accuracy_hw"]) >= D(b["accuracy_float"]) - 0.02))
        {
            // The search optimises TOPS/mm^2: no baseline within the budget beats the hybrid on it.
            Assert.True(D(hybrid["tops_per_mm2"]) >= D(baseline["tops_per_mm2"]) * 0.999, $"{baseline["design"]} beats the hybrid");
        }

        var candidates = Csv(Path.Combine(tmp.File("one"), "candidates.csv"));
        Assert.True(candidates.Count <= 16);
        Assert.Equal(3 + (5 * 2), candidates.Count(c => c["phase"] is "baseline" or "sensitivity"));

        // The report: the Pareto figure lists every simulated design, the device map every layer with the chosen device.
        string html = File.ReadAllText(Path.Combine(tmp.File("one"), "report.html"));
        int at = html.IndexOf("id=\"pareto-accuracy-objective\"", StringComparison.Ordinal);
        string pareto = html[at..html.IndexOf("</figure>", at, StringComparison.Ordinal)];
        Assert.Equal(candidates.Count, System.Text.RegularExpressions.Regex.Count(pareto, "<tr data-point="));
        foreach (var c in candidates)
        {
            Assert.Contains($"data-point=\"{c["design"]}\"", pareto, StringComparison.Ordinal);
        }

        Assert.Contains("<h2>Devices per layer</h2>", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tmp.File("one"), "report", "pareto-accuracy-objective.png")));
        Assert.True(File.Exists(Path.Combine(tmp.File("one"), "report", "breakdown-area.png")));

        (code, _, stderr) = CliRunner.Run("simulate", "--config", Path.Combine(tmp.File("one"), "best.yaml"), "--out", tmp.File("again"));
        Assert.True(code == 0, stderr);
        var again = Csv(Path.Combine(tmp.File("again"), "summary.csv"))[0];
        foreach (string metric in new[] { "accuracy_hw", "area_mm2", "energy_per_image_uj", "tops_per_mm2", "tops_per_w" })
        {
            Assert.Equal(hybrid[metric], again[metric]);
        }
    }

    [Theory]
    [InlineData("--devices", "sram,unobtainium", "--devices", "unobtainium")]
    [InlineData("--devices", " , ", "--devices", "at least one device")]
    [InlineData("--devices", "pcm,pcm", "--devices", "twice")]
    [InlineData("--accuracy-budget", "-1", "--accuracy-budget", "0..100")]
    [InlineData("--objective", "speed", "--objective", "tops_per_mm2")]
    [InlineData("--budget-evaluations", "2", "--budget-evaluations", "4 homogeneous")]
    [InlineData("--search-images", "20000", "--search-images", "10000")]
    public void BadInput_IsOneLineNamingTheOption(string option, string value, string names, string valid)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("hyde", option, value, "--out", tmp.File("out")), names, valid);
    }
}
