using System.Buffers;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Fast CPU kernels: packed, register-blocked SIMD GEMM (AVX-512 when present) spread over threads.
/// Each output element is computed by exactly one task in a fixed order of k, so results are
/// bit-identical for any thread count.
/// </summary>
public sealed partial class CpuKernels : IComputeKernels
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

    /// <summary>Output channels per group up to which stride-1 convolutions use the direct kernel.</summary>
    private const int DirectConvMaxChannels = 32;

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
    /// One work item per (image, group), items in parallel, each in per-thread buffers that stay in
    /// cache. Stride-1 layers with few output channels run the direct kernel (<see cref="DirectConv"/>);
    /// others im2col straight into packed GEMM panels against weights packed once per call. Patches
    /// deeper than one GEMM block, or fewer items than threads, use im2col + the threaded GEMM.
    /// </summary>
    public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        args.Validate(input.Length, weights.Length, bias.Length, output.Length);
        Conv2dArgs a = args;
        int items = a.N * a.Groups;
        bool perItem = items >= MaxThreads;
        ConvStrategy strategy = !perItem ? ConvStrategy.ThreadedGemm
            : DirectConv.Applies(a) && a.OutputsPerGroup <= DirectConvMaxChannels && a.PatchLength <= PackedGemm.MaxPrepackedK ? ConvStrategy.Direct
            : a.PatchLength <= PackedGemm.MaxPrepackedK ? ConvStrategy.PrepackedGemm
            : ConvStrategy.ThreadedGemm;
        int patch = a.PatchLength, outPlane = a.OutputPlane, mg = a.OutputsPerGroup;
        var plan = DirectConv.Plan.For(a);

        // Weights prepared once per call: packed GEMM panels, or [tap][channel] for the direct kernel.
        int preparedLength = strategy switch
        {
            ConvStrategy.Direct => patch * plan.PaddedChannels,
            ConvStrategy.PrepackedGemm => PackedGemm.PackedALength(mg, patch),
            _ => 0,
        };
        float[] prepared = ArrayPool<float>.Shared.Rent(Math.Max(1, preparedLength * a.Groups));
        for (int g = 0; g < a.Groups && preparedLength > 0; g++)
        {
            ReadOnlySpan<float> wg = weights.Slice(g * mg * patch, mg * patch);
            Span<float> dst = prepared.AsSpan(g * preparedLength, preparedLength);
            if (strategy == ConvStrategy.Direct)
            {
                DirectConv.ArrangeWeights(a, wg, dst, plan.PaddedChannels);
            }
            else
            {
                PackedGemm.PackWhole(wg, mg, patch, patch, dst);
            }
        }

        try
        {
            unsafe
            {
                fixed (float* px = input, pw = weights, pb = bias, py = output)
                {
                    nint xPtr = (nint)px, wPtr = (nint)pw, bPtr = (nint)pb, yPtr = (nint)py;
                    int biasLength = bias.Length;
                    void Item(int item)
                    {
                        int n = item / a.Groups, g = item % a.Groups;
                        var image = new ReadOnlySpan<float>((float*)xPtr + ((long)n * a.C * a.H * a.W), a.C * a.H * a.W);
                        var y = new Span<float>((float*)yPtr + ((((long)n * a.M) + (g * mg)) * outPlane), mg * outPlane);
                        var groupBias = biasLength == 0 ? default : new ReadOnlySpan<float>((float*)bPtr + (g * mg), mg);
                        var groupPrepared = prepared.AsSpan(g * preparedLength, preparedLength);
                        if (strategy == ConvStrategy.Direct)
                        {
                            float[] padded = ArrayPool<float>.Shared.Rent(plan.PaddedInputLength(a.ChannelsPerGroup));
                            float[] wide = ArrayPool<float>.Shared.Rent(plan.WideOutputLength);
                            DirectConv.Image(a, plan, image, g * a.ChannelsPerGroup, groupPrepared, groupBias, y, padded, wide);
                            ArrayPool<float>.Shared.Return(padded);
                            ArrayPool<float>.Shared.Return(wide);
                            return;
                        }

                        bool packed = strategy == ConvStrategy.PrepackedGemm;
                        int colsLength = packed ? PackedGemm.PackedBLength(patch, outPlane) : patch * outPlane;
                        float[] cols = ArrayPool<float>.Shared.Rent(colsLength);
                        if (packed)
                        {
                            Im2Col.ImagePacked(a, image, g * a.ChannelsPerGroup, cols);
                            PackedGemm.MultiplyPacked(groupPrepared, cols.AsSpan(0, colsLength), mg, outPlane, patch, y, outPlane);
                        }
                        else
                        {
                            Im2Col.Image(a, image, g * a.ChannelsPerGroup, cols);
                            var w = new ReadOnlySpan<float>((float*)wPtr + ((long)g * mg * patch), mg * patch);
                            PackedGemm.Run(GemmArgs.Dense(mg, outPlane, patch), w, cols.AsSpan(0, colsLength), y, perItem ? 1 : MaxThreads);
                        }

                        ArrayPool<float>.Shared.Return(cols);
                        for (int j = 0; j < groupBias.Length; j++)
                        {
                            Span<float> row = y.Slice(j * outPlane, outPlane);
                            System.Numerics.Tensors.TensorPrimitives.Add(row, groupBias[j], row);
                        }
                    }

                    if (perItem)
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
        finally
        {
            ArrayPool<float>.Shared.Return(prepared);
        }
    }
}
