using IMCSim.Workloads.Operators;

namespace IMCSim.Mapping.Lowering;

/// <summary>
/// A network layer lowered to a weight matrix for crossbars: y[p, n] = sum_k x[p, k] W[k, n] + bias[n],
/// with W row-major [K, N]. Convolutions are lowered with im2col: k = (c, ki, kj), n = output channel,
/// p = (image, output pixel).
/// </summary>
public sealed record MatrixLayer(
    string Name,
    int NodeIndex,
    MatrixLayerKind Kind,
    float[] Weights,
    int K,
    int N,
    float[]? Bias,
    ConvOperator? Conv,
    int[]? KernelShape)
{
    /// <summary>Multiply-accumulates per output row p (one output pixel or one input vector).</summary>
    public long MacsPerRow => (long)K * N;
}
