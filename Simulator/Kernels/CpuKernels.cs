using System.Buffers;

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

    /// <summary>
    /// Per (image, group): im2col into a per-thread buffer that stays in cache, then a one-thread
    /// packed GEMM straight into the NCHW output. Work items run in parallel; when there are fewer
    /// items than threads the GEMM itself is spread over the threads instead.
    /// </summary>
    public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        args.Validate(input.Length, weights.Length, bias.Length, output.Length);
        Conv2dArgs a = args;
        int items = a.N * a.Groups;
        int innerThreads = items >= MaxThreads ? 1 : MaxThreads;
        int patch = a.PatchLength, outPlane = a.OutputPlane, mg = a.OutputsPerGroup;
        bool hasBias = !bias.IsEmpty;
        unsafe
        {
            fixed (float* px = input, pw = weights, pb = bias, py = output)
            {
                nint xPtr = (nint)px, wPtr = (nint)pw, bPtr = (nint)pb, yPtr = (nint)py;
                void Item(int item)
                {
                    int n = item / a.Groups, g = item % a.Groups;
                    float[] cols = ArrayPool<float>.Shared.Rent(patch * outPlane);
                    try
                    {
                        var image = new ReadOnlySpan<float>((float*)xPtr + ((long)n * a.C * a.H * a.W), a.C * a.H * a.W);
                        Im2Col.Image(a, image, g * a.ChannelsPerGroup, cols);
                        var w = new ReadOnlySpan<float>((float*)wPtr + ((long)g * mg * patch), mg * patch);
                        var y = new Span<float>((float*)yPtr + ((((long)n * a.M) + (g * mg)) * outPlane), mg * outPlane);
                        PackedGemm.Run(GemmArgs.Dense(mg, outPlane, patch), w, cols.AsSpan(0, patch * outPlane), y, innerThreads);
                        if (hasBias)
                        {
                            for (int j = 0; j < mg; j++)
                            {
                                Span<float> row = y.Slice(j * outPlane, outPlane);
                                System.Numerics.Tensors.TensorPrimitives.Add(row, ((float*)bPtr)[(g * mg) + j], row);
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(cols);
                    }
                }

                if (innerThreads == 1 && items > 1)
                {
                    Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, Item);
                }
                else
                {
                    for (int i = 0; i < items; i++)
                    {
                        Item(i);
                    }
                }
            }
        }
    }
}
