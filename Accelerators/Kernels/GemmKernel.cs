using ILGPU;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators.Kernels;

/// <summary>A GEMM's shape as a kernel parameter: blittable, flags as ints (ILGPU rejects bool fields).</summary>
internal readonly record struct GemmKernelArgs(int M, int N, int K, int Lda, int Ldb, int Ldc, int TransposeA, int TransposeB, int Accumulate)
{
    public static GemmKernelArgs From(in GemmArgs g) =>
        new(g.M, g.N, g.K, g.Lda, g.Ldb, g.Ldc, g.TransposeA ? 1 : 0, g.TransposeB ? 1 : 0, g.Accumulate ? 1 : 0);
}

/// <summary>
/// C = A x B (+ C), one output per work item, summed exactly as CpuKernels' packed GEMM sums it: k in blocks of
/// <see cref="BlockK"/>, each block one FMA chain from zero in k order, the block sums added to C in block order (the first block
/// stored, or added when accumulating). The same operations in the same order: the same bits.
/// </summary>
internal static class GemmKernel
{
    /// <summary>The K block of CpuKernels' packed GEMM (its KC), whose partial sums it adds to C.</summary>
    public const int BlockK = 256;

    public static void Run<TMath>(Index1D index, GemmKernelArgs g, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
        where TMath : struct, IFusedMath
    {
        int i = index.X / g.N, j = index.X - (i * g.N);
        float result = 0f;
        for (int k0 = 0; k0 < g.K; k0 += BlockK)
        {
            int k1 = k0 + BlockK < g.K ? k0 + BlockK : g.K;
            float sum = 0f;
            for (int k = k0; k < k1; k++)
            {
                float x = g.TransposeA != 0 ? a[((long)k * g.Lda) + i] : a[((long)i * g.Lda) + k];
                float y = g.TransposeB != 0 ? b[((long)j * g.Ldb) + k] : b[((long)k * g.Ldb) + j];
                sum = TMath.Fma(x, y, sum);
            }

            result = k0 > 0 ? TMath.Add(result, sum) : g.Accumulate != 0 ? TMath.Add(c[((long)i * g.Ldc) + j], sum) : sum;
        }

        c[((long)i * g.Ldc) + j] = result;
    }
}
