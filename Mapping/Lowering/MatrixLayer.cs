using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Mapping.Lowering;

/// <summary>
/// A network layer lowered to a weight matrix for crossbars: y[p, n] = sum_k x[p, k] W[k, n] + bias[n],
/// with W row-major [K, N]. Convolutions are lowered with im2col: k = (c, ki, kj), n = output channel,
/// p = (image, output pixel). The [K, N] matrix is made on first use (<see cref="Weights"/>): a cost-only run needs only the shapes.
/// </summary>
public sealed record MatrixLayer(
    string Name,
    int NodeIndex,
    MatrixLayerKind Kind,
    Lazy<float[]> WeightMatrix,
    int K,
    int N,
    float[]? Bias,
    ConvOperator? Conv,
    int[]? KernelShape)
{
    /// <summary>A layer whose weight matrix is already made.</summary>
    public MatrixLayer(string name, int nodeIndex, MatrixLayerKind kind, float[] weights, int k, int n, float[]? bias, ConvOperator? conv, int[]? kernelShape)
        : this(name, nodeIndex, kind, new Lazy<float[]>(weights), k, n, bias, conv, kernelShape)
    {
    }

    /// <summary>W row-major [K, N].</summary>
    public float[] Weights => WeightMatrix.Value;

    /// <summary>Multiply-accumulates per output row p (one output pixel or one input vector).</summary>
    public long MacsPerRow => (long)K * N;

    /// <summary>Output positions where the kernel lies wholly inside the unpadded input (NeuroSim's count of a convolution's input vectors).</summary>
    public static int ValidPositions(in Conv2dArgs a)
    {
        int h = Math.Max(1, ((a.H - (((a.KH - 1) * a.DilationH) + 1)) / a.StrideH) + 1);
        int w = Math.Max(1, ((a.W - (((a.KW - 1) * a.DilationW) + 1)) / a.StrideW) + 1);
        return h * w;
    }

    /// <summary>The im2col geometry of this convolution on input <paramref name="x"/> ([N, C, H, W]); an operator error if the input does not fit the kernel.</summary>
    public Conv2dArgs ConvArgs(Tensor x)
    {
        ConvOperator conv = Conv ?? throw new InvalidOperationException($"layer {Name} is not a convolution");
        int[] kernel = KernelShape!;
        if (x.Rank != 4 || x.Shape[1] != kernel[1])
        {
            throw new OperatorException($"crossbar convolution {Name} takes [N,{kernel[1]},H,W] (2-D), got {ShapeMath.Format(x.Shape)}");
        }

        ResolvedWindow win = conv.Geometry.Resolve(x.Shape.AsSpan(2), kernel.AsSpan(2));
        return new Conv2dArgs(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kernel[0], kernel[2], kernel[3], win.Output[0], win.Output[1],
            win.Strides[0], win.Strides[1], win.Dilations[0], win.Dilations[1], win.PadBegin[0], win.PadBegin[1], 1);
    }
}
