using System.Globalization;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Random;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Zoo;

/// <summary>
/// Built-in networks for cost studies without trained weights (`--model zoo:NAME`): the layer shapes of
/// well-known image classifiers with seeded random 8-bit-quantised weights. Cost depends on shapes and on
/// activity; accuracy on these weights is meaningless. Shapes:
/// <list type="bullet">
/// <item>vgg8: NeuroSim V1.4's VGG8 for CIFAR-10 (DNN_NeuroSim_V1.4 NetWork_VGG8.csv, listed in
/// shared/references/neurosim-vgg8.md): 3x32x32, conv 128, 128, pool, 256, 256, pool, 512, 512, pool, fc 8192-1024, 1024-10.</item>
/// <item>vgg16: VGG-16 (Simonyan and Zisserman 2015, configuration D) on 3x32x32 as CIFAR-10 ports use it: 13 conv 3x3
/// (64, 64, M, 128, 128, M, 256 x 3, M, 512 x 3, M, 512 x 3, M), fc 512-512, 512-512, 512-10.</item>
/// <item>resnet18: ResNet-18 (He et al. 2016) in its CIFAR form: 3x3 stem of 64, four stages of two basic blocks
/// (64, 128, 256, 512; stride 2 from the second stage, 1x1 projection shortcuts), global average pool, fc 512-10.</item>
/// <item>resnet20: ResNet-20 for CIFAR-10 (He et al. 2016, section 4.2): 3x3 stem of 16, three stages of three basic
/// blocks (16, 32, 64), 1x1 projection shortcuts where the shape changes, global average pool, fc 64-10.</item>
/// <item>lenet5: LeNet-5 (LeCun et al. 1998) on 1x28x28: conv 6@5x5 (pad 2), max pool, conv 16@5x5, max pool, fc
/// 400-120, 120-84, 84-10, ReLU activations.</item>
/// </list>
/// No batch normalisation: with random weights it would fold into the convolutions anyway.
/// </summary>
public static class ModelZoo
{
    /// <summary>The prefix of a zoo model name on the command line.</summary>
    public const string Prefix = "zoo:";

    /// <summary>The seed of the weights `zoo:NAME` loads: fixed, so a zoo name is always the same network whatever the run's seed.</summary>
    public const ulong WeightSeed = 1;

    private static readonly Dictionary<string, Func<ulong, NetworkGraph>> Models = new(StringComparer.Ordinal)
    {
        ["vgg8"] = Vgg8,
        ["vgg9"] = Vgg9,
        ["vgg16"] = Vgg16,
        ["resnet18"] = ResNet18,
        ["resnet20"] = ResNet20,
        ["lenet5"] = LeNet5,
    };

    /// <summary>Names of the zoo's networks.</summary>
    public static IReadOnlyList<string> Names => [.. Models.Keys];

    /// <summary>Whether <paramref name="model"/> names a zoo network (starts with <see cref="Prefix"/>).</summary>
    public static bool IsZooName(string model) => model.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The network <paramref name="model"/> ("zoo:NAME") with weights drawn from <paramref name="seed"/>.</summary>
    public static NetworkGraph Build(string model, ulong seed = WeightSeed)
    {
        string name = IsZooName(model) ? model[Prefix.Length..] : model;
        return Models.TryGetValue(name, out var build)
            ? build(seed)
            : throw new InputException(model, $"not in the model zoo; valid: {string.Join(", ", Names.Select(n => Prefix + n))}");
    }

    /// <summary>The input shape [channels, height, width] of a zoo network.</summary>
    public static int[] InputShape(string model) => [.. Build(model).Inputs[0].Dims!.Skip(1).Select(d => d!.Value)];

    private static NetworkGraph Vgg8(ulong seed)
    {
        var g = new ZooGraphBuilder("zoo:vgg8", seed, 3, 32, 32);
        string x = ZooGraphBuilder.Input;
        int[] channels = [128, 128, 256, 256, 512, 512];
        for (int i = 0; i < channels.Length; i++)
        {
            x = g.Relu(g.Conv(x, channels[i], 3, 1, 1));
            if (i % 2 == 1)
            {
                x = g.MaxPool(x, 2);
            }
        }

        x = g.Relu(g.Dense(g.Flatten(x), 1024));
        return g.Finish(g.Dense(x, 10));
    }

    /// <summary>
    /// The VGG9 of SpikeSim's evaluation (Moitra et al., TCAD 2023; its ela_spikesim.py layer lists, after Kim and Panda's BNTT):
    /// 3x3 convolutions 3-64-64 | 128-128 | 256-256-256 with 2x2 max pooling after the 2nd, 4th and 7th, then 4096-1024-10.
    /// </summary>
    private static NetworkGraph Vgg9(ulong seed)
    {
        var g = new ZooGraphBuilder("zoo:vgg9", seed, 3, 32, 32);
        string x = ZooGraphBuilder.Input;
        int[] channels = [64, 64, 128, 128, 256, 256, 256];
        for (int i = 0; i < channels.Length; i++)
        {
            x = g.Relu(g.Conv(x, channels[i], 3, 1, 1));
            if (i is 1 or 3 or 6)
            {
                x = g.MaxPool(x, 2);
            }
        }

        x = g.Relu(g.Dense(g.Flatten(x), 1024));
        return g.Finish(g.Dense(x, 10));
    }

    private static NetworkGraph Vgg16(ulong seed)
    {
        var g = new ZooGraphBuilder("zoo:vgg16", seed, 3, 32, 32);
        string x = ZooGraphBuilder.Input;
        int[][] stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
        foreach (int[] stage in stages)
        {
            foreach (int c in stage)
            {
                x = g.Relu(g.Conv(x, c, 3, 1, 1));
            }

            x = g.MaxPool(x, 2);
        }

        x = g.Relu(g.Dense(g.Flatten(x), 512));
        x = g.Relu(g.Dense(x, 512));
        return g.Finish(g.Dense(x, 10));
    }

    private static NetworkGraph ResNet18(ulong seed) => ResNet("zoo:resnet18", seed, 64, [64, 128, 256, 512], 2);

    private static NetworkGraph ResNet20(ulong seed) => ResNet("zoo:resnet20", seed, 16, [16, 32, 64], 3);

    private static NetworkGraph ResNet(string name, ulong seed, int stem, int[] stages, int blocks)
    {
        var g = new ZooGraphBuilder(name, seed, 3, 32, 32);
        string x = g.Relu(g.Conv(ZooGraphBuilder.Input, stem, 3, 1, 1));
        for (int s = 0; s < stages.Length; s++)
        {
            for (int b = 0; b < blocks; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                string y = g.Relu(g.Conv(x, stages[s], 3, stride, 1));
                y = g.Conv(y, stages[s], 3, 1, 1);
                string shortcut = stride != 1 || g.Channels(x) != stages[s] ? g.Conv(x, stages[s], 1, stride, 0) : x;
                x = g.Relu(g.Add(y, shortcut));
            }
        }

        return g.Finish(g.Dense(g.Flatten(g.GlobalAveragePool(x)), 10));
    }

    private static NetworkGraph LeNet5(ulong seed)
    {
        var g = new ZooGraphBuilder("zoo:lenet5", seed, 1, 28, 28);
        string x = g.MaxPool(g.Relu(g.Conv(ZooGraphBuilder.Input, 6, 5, 1, 2)), 2);
        x = g.MaxPool(g.Relu(g.Conv(x, 16, 5, 1, 0)), 2);
        x = g.Relu(g.Dense(g.Flatten(x), 120));
        x = g.Relu(g.Dense(x, 84));
        return g.Finish(g.Dense(x, 10));
    }

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static CounterRng Stream(ulong seed, string model, string layer) => CounterRng.For(seed, model + "/" + layer);
}
