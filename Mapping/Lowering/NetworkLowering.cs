using IMCSim.Simulator.Common;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Mapping.Lowering;

/// <summary>
/// Finds the layers of a graph that go on crossbars: Conv (groups = 1), Gemm and MatMul whose weight
/// operand is a constant. Everything else runs digitally (its float reference semantics). A layer is
/// named after its weight tensor without ".weight" (PyTorch exports: conv1, fc2), else after its node.
/// </summary>
public static class NetworkLowering
{
    public static IReadOnlyList<MatrixLayer> FindLayers(NetworkGraph graph)
    {
        var layers = new List<MatrixLayer>();
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            GraphNode node = graph.Nodes[i];
            MatrixLayer? layer = node.Operator switch
            {
                ConvOperator conv => LowerConv(graph, node, i, conv),
                GemmOperator gemm => LowerGemm(graph, node, i, gemm),
                MatMulOperator => LowerMatMul(graph, node, i),
                _ => null,
            };
            if (layer is not null)
            {
                if (layers.Any(l => l.Name == layer.Name))
                {
                    layer = layer with { Name = $"{layer.Name}#{i}" };
                }

                layers.Add(layer);
            }
        }

        return layers;
    }

    /// <summary>
    /// The window (kernel height x width) of the max pooling that follows <paramref name="layer"/>'s output, through element-wise
    /// operators only (Relu, BatchNormalization, Identity), or 0 when none does: what the chip's pooling units process.
    /// </summary>
    public static int PoolWindowAfter(NetworkGraph graph, MatrixLayer layer)
    {
        string value = graph.Nodes[layer.NodeIndex].Outputs[0];
        for (int hops = 0; hops < 8; hops++)
        {
            var consumers = graph.Nodes.Where(n => n.Inputs.Contains(value)).ToList();
            if (consumers.Count != 1)
            {
                return 0;
            }

            switch (consumers[0].Operator)
            {
                case MaxPoolOperator pool:
                    return pool.Geometry.KernelShape is { Length: > 0 } k ? k.Aggregate(1, (a, b) => a * b) : 0;
                case ReluOperator or BatchNormalizationOperator or IdentityOperator:
                    value = consumers[0].Outputs[0];
                    break;
                default:
                    return 0;
            }
        }

        return 0;
    }

    private static string NameOf(GraphNode node, string weightName)
    {
        string name = weightName.EndsWith(".weight", StringComparison.Ordinal) ? weightName[..^".weight".Length] : node.Name.Trim('/').Replace('/', '.');
        return name.Length == 0 ? weightName : name;
    }

    private static Tensor? Constant(NetworkGraph graph, GraphNode node, int input) =>
        input < node.Inputs.Count && graph.Constants.TryGetValue(node.Inputs[input], out Tensor? t) && t.ElementType == ElementType.Float32 ? t : null;

    private static MatrixLayer? LowerConv(NetworkGraph graph, GraphNode node, int index, ConvOperator conv)
    {
        if (Constant(graph, node, 1) is not { } w)
        {
            return null;
        }

        if (conv.Group != 1)
        {
            throw new InputException(graph.Source, $"node '{node.Name}': grouped convolution (group = {conv.Group}) cannot be mapped to crossbars yet; only group = 1");
        }

        int m = w.Shape[0];
        int k = w.Length / m;
        var matrix = new Lazy<float[]>(() =>
        {
            var t = new float[k * m];
            Transpose(w.Data, m, k, t, 1f);
            return t;
        });

        float[]? bias = Constant(graph, node, 2)?.Data;
        return new MatrixLayer(NameOf(node, node.Inputs[1]), index, MatrixLayerKind.Conv, matrix, k, m, bias, conv, w.Shape);
    }

    private static MatrixLayer? LowerGemm(NetworkGraph graph, GraphNode node, int index, GemmOperator gemm)
    {
        if (Constant(graph, node, 1) is not { } b || b.Rank != 2 || gemm.TransA)
        {
            return null;
        }

        int k = gemm.TransB ? b.Shape[1] : b.Shape[0];
        int n = gemm.TransB ? b.Shape[0] : b.Shape[1];
        var matrix = new Lazy<float[]>(() =>
        {
            var t = new float[k * n];
            if (gemm.TransB)
            {
                Transpose(b.Data, n, k, t, gemm.Alpha);
            }
            else
            {
                for (int i = 0; i < t.Length; i++)
                {
                    t[i] = gemm.Alpha * b.Data[i];
                }
            }

            return t;
        });

        float[]? bias = null;
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && gemm.Beta != 0)
        {
            if (Constant(graph, node, 2) is not { } c || (c.Length != n && c.Length != 1))
            {
                return null;
            }

            bias = [.. Enumerable.Range(0, n).Select(j => gemm.Beta * c.Data[c.Length == 1 ? 0 : j])];
        }

        return new MatrixLayer(NameOf(node, node.Inputs[1]), index, MatrixLayerKind.Gemm, matrix, k, n, bias, null, null);
    }

    /// <summary>dst[c, r] = scale x src[r, c] for a rows x cols src, in 64 x 64 blocks (a strided scatter misses the cache on every write); optimised at once, as it runs a handful of times on millions of elements.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(float[] src, int rows, int cols, float[] dst, float scale)
    {
        const int Block = 32;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(rows, r0 + Block);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(cols, c0 + Block);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[((long)c * rows) + r] = scale * src[((long)r * cols) + c];
                    }
                }
            }
        }
    }

    private static MatrixLayer? LowerMatMul(NetworkGraph graph, GraphNode node, int index)
    {
        if (Constant(graph, node, 1) is not { Rank: 2 } b)
        {
            return null;
        }

        return new MatrixLayer(NameOf(node, node.Inputs[1]), index, MatrixLayerKind.MatMul, new Lazy<float[]>(() => (float[])b.Data.Clone()), b.Shape[0], b.Shape[1], null, null, null);
    }
}
