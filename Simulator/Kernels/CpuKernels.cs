namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Fast CPU kernels: packed, register-blocked SIMD GEMM (AVX-512 when present) spread over threads.
/// Each output element is computed by exactly one task in a fixed order of k, so results are
/// bit-identical for any thread count.
/// </summary>
public sealed class CpuKernels : IComputeKernels
{
    /// <summary>Below this many multiply-adds a product runs on the calling thread alone.</summary>
    private const long ParallelThresholdMacs = 1L << 18;

    public CpuKernels(int maxThreads = 0)
    {
        if (maxThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxThreads), "thread count must be >= 0 (0 = all cores)");
        }

        MaxThreads = maxThreads == 0 ? Environment.ProcessorCount : maxThreads;
    }

    public int MaxThreads { get; }

    public string Name => $"cpu-{PackedGemm.InstructionSet} x{MaxThreads}";

    public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        args.Validate(a.Length, b.Length, c.Length);
        if (args.M == 0 || args.N == 0)
        {
            return;
        }

        if (args.K == 0)
        {
            if (!args.Accumulate)
            {
                for (int i = 0; i < args.M; i++)
                {
                    c.Slice(i * args.Ldc, args.N).Clear();
                }
            }

            return;
        }

        long macs = (long)args.M * args.N * args.K;
        int threads = macs < ParallelThresholdMacs ? 1 : MaxThreads;
        PackedGemm.Run(args, a, b, c, threads);
    }
}
