namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The compute kernels every hot loop of IMCSim goes through: flat buffers in, flat buffers out,
/// parameters as unmanaged structs. Implementations: <see cref="ReferenceKernels"/> (plain scalar
/// code, the correctness oracle) and <see cref="CpuKernels"/> (SIMD + threads). A GPU backend
/// implements the same interface; callers do not change.
/// Every implementation must give results that do not depend on the number of threads.
/// </summary>
public interface IComputeKernels
{
    /// <summary>Short name for reports, e.g. "cpu-avx512 x2".</summary>
    string Name { get; }

    /// <summary>C = op(A) op(B), or C += op(A) op(B) when <see cref="GemmArgs.Accumulate"/>; see <see cref="GemmArgs"/>.</summary>
    void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c);

    /// <summary>
    /// 2-D convolution y[n, m] = bias[m] + sum_{c in group(m), ki, kj} w[m, c, ki, kj] x[n, c, iy, ix]
    /// (see <see cref="Conv2dArgs"/> for the index map); an empty <paramref name="bias"/> means no bias.
    /// </summary>
    void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
}
