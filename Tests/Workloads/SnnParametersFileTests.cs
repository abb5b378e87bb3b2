using IMCSim.Mapping.Spiking;
using IMCSim.Simulator.Common;
using IMCSim.Workloads;
using IMCSim.Workloads.Spiking;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>A trained SNN's sidecar file: what it sets, and every bad field as an error naming the file and the field.</summary>
public sealed class SnnParametersFileTests
{
    private const string Good = """
        { "format": "imcsim-snn", "version": 1, "timesteps": 6, "input": "rate",
          "layers": [ { "layer": "conv1", "threshold": 0.5, "leak": 0.8, "reset": "hard", "spike": 2 },
                      { "layer": "conv2", "threshold": 1.5 }, { "layer": "fc1", "threshold": 1 }, { "layer": "fc2", "threshold": 0.25 } ],
          "trained": { "anything": [1, 2] } }
        """;

    [Fact]
    public void AGoodFile_SetsTimestepsInputAndEachLayersNeurons_WithDefaultsForWhatItLeavesOut()
    {
        SnnParameters p = SnnParametersFile.Parse(Good, "good.snn.json");
        Assert.Equal(6, p.Timesteps);
        Assert.Equal("rate", p.Input);
        Assert.Equal(new NeuronParameters(0.5f, 0.8f, SpikeReset.Hard, 2f), p.Layers[0].Neuron);
        Assert.Equal(new NeuronParameters(1.5f, 1f, SpikeReset.Soft, 1f), p.Layers[1].Neuron);

        // Bound to LeNet-5's ReLUs (node order) through the layers that feed them, whatever order the file lists them in.
        var lenet = WorkloadFiles.LoadModel(null);
        var reversed = p with { Layers = [.. p.Layers.Reverse()] };
        var layers = SpikingSetup.TrainedLayers(lenet, reversed);
        Assert.Equal([0.5f, 1.5f, 1f, 0.25f], layers.Select(l => l.Threshold));
    }

    [Theory]
    [InlineData("\"timesteps\": 6", "\"timesteps\": 0", "timesteps", "whole number >= 1")]
    [InlineData("\"threshold\": 1.5", "\"threshold\": -1.5", "layers[1].threshold", "positive")]
    [InlineData("\"leak\": 0.8", "\"leak\": 1.2", "layers[0].leak", "(0, 1]")]
    [InlineData("\"leak\": 0.8", "\"leak\": 0", "layers[0].leak", "(0, 1]")]
    [InlineData("\"reset\": \"hard\"", "\"reset\": \"never\"", "layers[0].reset", "soft or hard")]
    [InlineData("\"format\": \"imcsim-snn\"", "\"format\": \"snntorch\"", "format", "imcsim-snn")]
    [InlineData("\"version\": 1", "\"version\": 2", "version", "must be 1")]
    [InlineData("\"input\": \"rate\"", "\"input\": \"poisson\"", "input", "direct or rate")]
    [InlineData("\"spike\": 2", "\"spike\": 2, \"tau\": 3", "layers[0].tau", "is not a field")]
    [InlineData("\"threshold\": 1.5", "\"threshold\": \"high\"", "layers[1].threshold", "must be a number")]
    [InlineData("{ \"layer\": \"fc1\", \"threshold\": 1 }", "{ \"layer\": \"conv2\", \"threshold\": 1 }", "layers[2].layer", "second time")]
    [InlineData("\"version\": 1,", "\"version\": 1", "good.snn.json", "not valid JSON")]
    public void EveryBadField_IsAnErrorNamingTheFileAndTheField(string from, string to, string field, string valid)
    {
        Assert.Contains(from, Good, StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => SnnParametersFile.Parse(Good.Replace(from, to, StringComparison.Ordinal), "good.snn.json"));
        Assert.StartsWith("good.snn.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(valid, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingLayerOrOneTheModelLacks_IsAnErrorNamingTheLayer()
    {
        var lenet = WorkloadFiles.LoadModel(null);
        SnnParameters p = SnnParametersFile.Parse(Good, "good.snn.json");
        var missing = Assert.Throws<InputException>(() => SpikingSetup.TrainedLayers(lenet, p with { Layers = [.. p.Layers.Where(l => l.Layer != "fc1")] }));
        Assert.Contains("no entry for layer 'fc1'", missing.Message, StringComparison.Ordinal);
        Assert.StartsWith("good.snn.json: layers:", missing.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<InputException>(() => SpikingSetup.TrainedLayers(lenet, p with { Layers = [.. p.Layers, p.Layers[0] with { Layer = "fc3" }] }));
        Assert.Contains("layers[4].layer: 'fc3' is not a layer", unknown.Message, StringComparison.Ordinal); // fc3 feeds the output, no neurons
        Assert.Contains("valid: conv1, conv2, fc1, fc2", unknown.Message, StringComparison.Ordinal);
    }
}
