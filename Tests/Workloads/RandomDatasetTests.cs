using IMCSim.Simulator.Common;
using IMCSim.Tests.Support;
using IMCSim.Workloads;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Zoo;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>`--dataset random:N`: seeded uniform images of the model's input shape (channels included), for timing studies.</summary>
public sealed class RandomDatasetTests
{
    [Fact]
    public void RandomImages_HaveTheModelsInputShape_AreTheSameEveryTime_AndFeedTheModel()
    {
        var model = ModelZoo.Build("zoo:resnet20");
        var a = WorkloadFiles.LoadDataset("random:5", model);
        var b = WorkloadFiles.LoadDataset("random:5", model);
        Assert.Equal((5, 3, 32, 32), (a.Count, a.Channels, a.Height, a.Width));
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.Labels, b.Labels);
        Assert.InRange(a.Pixels.Select(p => (double)p).Average(), 110, 145); // uniform bytes
        Assert.True(a.Pixels.Distinct().Count() > 200);
        var batch = ImageInputLayout.For(model, a).Batch(a, 1, 2);
        Assert.Equal([2, 3, 32, 32], batch.Shape);
        Assert.Equal(a.Pixels[3 * 32 * 32] / 255f, batch.Data[0]);
        Assert.Equal((2, 3), (a.Images(1, 2).Count, a.Images(1, 2).Channels));
    }

    [Theory]
    [InlineData("random:x", "whole number")]
    [InlineData("random:0", "whole number")]
    public void BadRandomNames_AreErrorsNamingTheOption(string name, string fragment)
    {
        var e = Assert.Throws<InputException>(() => WorkloadFiles.LoadDataset(name, ModelZoo.Build("zoo:lenet5")));
        Assert.StartsWith("--dataset: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.Contains("model's input shape", Assert.Throws<InputException>(() => WorkloadFiles.LoadDataset("random:3")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_OnAZooResNetWithRandomImages_RunsAndRecordsTheDatasetInTheManifest()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("simulate", "--model", "zoo:resnet20", "--dataset", "random:4", "--device", "sram", "--samples", "4", "--calibration-images", "4", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        Assert.Equal(5, File.ReadAllLines(tmp.File("predictions.csv")).Length);
        Assert.Contains("\"random\": true", File.ReadAllText(tmp.File("manifest.json")), StringComparison.Ordinal);
    }
}
