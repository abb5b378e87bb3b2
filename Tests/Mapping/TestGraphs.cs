using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Tests.Mapping;

/// <summary>Small single-layer graphs with random weights (input "x", output "y").</summary>
internal static class TestGraphs
{
    public static float[] Random(Random rng, int n, bool signed)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = signed ? (float)((rng.NextDouble() * 2) - 1) : (float)rng.NextDouble();
        }

        return v;
    }

    public static NetworkGraph Dense(int k, int n, Random rng, bool withBias)
    {
        var constants = new Dictionary<string, Tensor> { ["w"] = Tensor.FromFloat([n, k], Random(rng, n * k, signed: true)) };
        var inputs = new List<string> { "x", "w" };
        if (withBias)
        {
            constants["b"] = Tensor.FromFloat([n], Random(rng, n, signed: true));
            inputs.Add("b");
        }

        var node = new GraphNode("dense", new GemmOperator(1f, 1f, false, true), inputs, ["y"]);
        return new NetworkGraph("dense", "test", [new GraphValue("x", ElementType.Float32, [null, k])], [new GraphValue("y", ElementType.Float32, null)], constants, [node]);
    }

    public static NetworkGraph Conv(int c, int m, int kernel, int stride, int pad, Random rng)
    {
        var constants = new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromFloat([m, c, kernel, kernel], Random(rng, m * c * kernel * kernel, signed: true)),
            ["b"] = Tensor.FromFloat([m], Random(rng, m, signed: true)),
        };
        var geometry = new WindowGeometry([kernel, kernel], [stride, stride], null, [pad, pad, pad, pad], AutoPad.NotSet, false);
        var node = new GraphNode("conv", new ConvOperator(geometry, 1), ["x", "w", "b"], ["y"]);
        return new NetworkGraph("conv", "test", [new GraphValue("x", ElementType.Float32, null)], [new GraphValue("y", ElementType.Float32, null)], constants, [node]);
    }
}
