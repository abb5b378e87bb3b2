using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Zoo;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>The model zoo: the published layer shapes (caught through weight counts), seeded weights, and graphs that run.</summary>
public sealed class ModelZooTests
{
    /// <summary>
    /// Weights (no biases, no batch norm) of each network, worked out from its published layer list:
    /// vgg8: 3x128x9 + 128x128x9 + 128x256x9 + 256x256x9 + 256x512x9 + 512x512x9 + 8192x1024 + 1024x10 = 12,973,440;
    /// vgg9 (SpikeSim's): 3x64x9 + 64x64x9 + 64x128x9 + 128x128x9 + 128x256x9 + 2 x 256x256x9 + 4096x1024 + 1024x10 = 5,938,880;
    /// vgg16: conv 14,710,464 (VGG-16 D's 14,714,688 less its 4,224 biases) + 512x512 + 512x512 + 512x10 = 15,239,872;
    /// resnet18: 11,173,962 (the CIFAR ResNet-18's usual count) less 9,600 batch-norm and 10 fc-bias parameters = 11,164,352;
    /// resnet20: 432 + 13,824 + 51,200 + 204,800 + 640 = 270,896 (He et al. 2016: 0.27M);
    /// lenet5: 150 + 2,400 + 48,000 + 10,080 + 840 = 61,470.
    /// </summary>
    [Theory]
    [InlineData("zoo:vgg8", 12_973_440, 8, 3, 32)]
    [InlineData("zoo:vgg9", 5_938_880, 9, 3, 32)]
    [InlineData("zoo:vgg16", 15_239_872, 16, 3, 32)]
    [InlineData("zoo:resnet18", 11_164_352, 21, 3, 32)]
    [InlineData("zoo:resnet20", 270_896, 22, 3, 32)]
    [InlineData("zoo:lenet5", 61_470, 5, 1, 28)]
    public void ZooNetwork_HasThePublishedWeightCountLayersAndInput(string name, long weights, int matrixLayers, int channels, int size)
    {
        var graph = ModelZoo.Build(name);
        Assert.Equal(weights, graph.Constants.Values.Sum(t => (long)t.Length));
        Assert.Equal(matrixLayers, graph.Nodes.Count(n => n.Operator.OpType is "Conv" or "Gemm"));
        Assert.Equal([channels, size, size], ModelZoo.InputShape(name));
    }

    [Fact]
    public void ZooWeights_AreEightBitLevelsOfTheHeBound_AndDependOnlyOnTheSeed()
    {
        var a = ModelZoo.Build("zoo:resnet20", 7);
        var b = ModelZoo.Build("zoo:resnet20", 7);
        var c = ModelZoo.Build("zoo:resnet20", 8);
        foreach (var (key, tensor) in a.Constants)
        {
            Assert.Equal(tensor.Data, b.Constants[key].Data);
            int fanIn = tensor.Length / tensor.Shape[0];
            float bound = MathF.Sqrt(6f / fanIn);
            var levels = tensor.Data.Select(w => w / bound * 127f).ToArray();
            Assert.All(levels, l => Assert.True(Math.Abs(l - MathF.Round(l)) < 1e-3 && Math.Abs(l) <= 127.001f, $"{key}: {l} is not an 8-bit level"));
            Assert.True(levels.Distinct().Count() > Math.Min(200, tensor.Length / 4), $"{key}: too few distinct levels");
        }

        Assert.NotEqual(a.Constants.First().Value.Data, c.Constants.First().Value.Data);
    }

    [Theory]
    [InlineData("zoo:vgg8")]
    [InlineData("zoo:resnet20")]
    [InlineData("zoo:lenet5")]
    public void ZooNetwork_RunsToTenFiniteLogitsThatDependOnTheInput(string name)
    {
        var graph = WorkloadFiles.LoadModel(name);
        int[] input = ModelZoo.InputShape(name);
        int per = input.Aggregate(1, (p, d) => p * d);
        var rng = new Random(3);
        float[] x = [.. Enumerable.Range(0, 2 * per).Select(_ => rng.NextSingle())];
        var executor = new GraphExecutor(graph, new CpuKernels(2));
        var outputs = executor.Run(new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = Tensor.FromFloat([2, .. input], x) });
        Tensor y = outputs[graph.Outputs[0].Name];
        Assert.Equal([2, 10], y.Shape);
        Assert.All(y.Data, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(y.Data.AsSpan(0, 10).ToArray(), y.Data.AsSpan(10, 10).ToArray());
        Assert.True(y.Data.Any(v => v != 0), "all logits are zero: the activations died");
    }

    [Fact]
    public void UnknownZooName_IsAnInputErrorNamingTheModelAndListingTheZoo()
    {
        var e = Assert.Throws<InputException>(() => WorkloadFiles.LoadModel("zoo:alexnet"));
        Assert.StartsWith("zoo:alexnet: not in the model zoo", e.Message, StringComparison.Ordinal);
        Assert.Contains("zoo:vgg16", e.Message, StringComparison.Ordinal);
    }
}
