using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Direct stride-1 convolution of one image and group without im2col, for layers with few output
/// channels (where im2col costs more than the multiply-adds). The image is copied into a zero-padded
/// plane of width Wp; output pixel (oy, ox) is then computed at "wide" position oy Wp + ox, and each
/// kernel tap (c, ki, kj) reads the padded input at that position plus the constant offset
/// c Hp Wp + ki dh Wp + kj dw: a contiguous vector load. Wide positions with ox &gt;= OW are computed
/// and dropped. The register block is 8 output channels x 48 positions (24 AVX-512 accumulators);
/// every output sums its taps in the same order as the GEMM path's k order.
/// </summary>
internal static unsafe class DirectConv
{
    private const int ChannelBlock = 8;
    private const int Lanes = 16;
    private const int PositionBlock = 3 * Lanes;

    /// <summary>Direct convolution applies: stride 1 and AVX-512 available.</summary>
    public static bool Applies(in Conv2dArgs a) => a.StrideH == 1 && a.StrideW == 1 && Vector512.IsHardwareAccelerated;

    /// <summary>Layout of the per-call work buffers.</summary>
    public readonly record struct Plan(int Wp, int Hp, int Wide, int PaddedChannels)
    {
        public static Plan For(in Conv2dArgs a)
        {
            int wp = a.W + a.PadLeft + Math.Max(0, ((a.OW - 1) + ((a.KW - 1) * a.DilationW) + 1) - (a.W + a.PadLeft));
            int hp = a.H + a.PadTop + Math.Max(0, ((a.OH - 1) + ((a.KH - 1) * a.DilationH) + 1) - (a.H + a.PadTop));
            int wide = a.OH * wp;
            return new Plan(wp, hp, wide, (a.OutputsPerGroup + ChannelBlock - 1) / ChannelBlock * ChannelBlock);
        }

        /// <summary>Floats of the padded input: channels x Hp x Wp plus slack for the last block's over-read.</summary>
        public int PaddedInputLength(int channels) => (channels * Hp * Wp) + PositionBlock + Wp;

        public int WideOutputLength => PaddedChannels * (RoundUp(Wide, PositionBlock) + PositionBlock);

        public int WideStride => RoundUp(Wide, PositionBlock) + PositionBlock;
    }

    /// <summary>Weights of one group rearranged to [tap][channel], channels padded to the block size with zeros.</summary>
    public static void ArrangeWeights(in Conv2dArgs a, ReadOnlySpan<float> groupWeights, Span<float> arranged, int paddedChannels)
    {
        int taps = a.PatchLength;
        arranged[..(taps * paddedChannels)].Clear();
        for (int m = 0; m < a.OutputsPerGroup; m++)
        {
            for (int t = 0; t < taps; t++)
            {
                arranged[(t * paddedChannels) + m] = groupWeights[(m * taps) + t];
            }
        }
    }

    /// <summary>y (this group's M/G channels, NCHW plane each) = conv(image channels of this group) + bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Image(in Conv2dArgs a, in Plan plan, ReadOnlySpan<float> image, int firstChannel, ReadOnlySpan<float> arrangedWeights,
        ReadOnlySpan<float> bias, Span<float> y, Span<float> paddedInput, Span<float> wideOutput)
    {
        int cg = a.ChannelsPerGroup, plane = a.H * a.W, paddedPlane = plan.Hp * plan.Wp;
        paddedInput.Clear();
        for (int c = 0; c < cg; c++)
        {
            ReadOnlySpan<float> src = image.Slice((firstChannel + c) * plane, plane);
            for (int iy = 0; iy < a.H; iy++)
            {
                src.Slice(iy * a.W, a.W).CopyTo(paddedInput.Slice((c * paddedPlane) + ((iy + a.PadTop) * plan.Wp) + a.PadLeft, a.W));
            }
        }

        // Tap offsets in the padded input, in the k order (c, ki, kj) of the weights.
        int taps = a.PatchLength;
        Span<int> offsets = taps <= 1024 ? stackalloc int[taps] : new int[taps];
        for (int c = 0, t = 0; c < cg; c++)
        {
            for (int ki = 0; ki < a.KH; ki++)
            {
                for (int kj = 0; kj < a.KW; kj++, t++)
                {
                    offsets[t] = (c * paddedPlane) + (ki * a.DilationH * plan.Wp) + (kj * a.DilationW);
                }
            }
        }

        int stride = plan.WideStride;
        fixed (float* x = paddedInput, w = arrangedWeights, o = wideOutput)
        fixed (int* off = offsets)
        {
            for (int m0 = 0; m0 < plan.PaddedChannels; m0 += ChannelBlock)
            {
                for (int p0 = 0; p0 < plan.Wide; p0 += PositionBlock)
                {
                    Block(taps, x + p0, off, w + m0, plan.PaddedChannels, o + ((long)m0 * stride) + p0, stride);
                }
            }
        }

        int mg = a.OutputsPerGroup, outPlane = a.OutputPlane;
        for (int m = 0; m < mg; m++)
        {
            ReadOnlySpan<float> wide = wideOutput.Slice(m * stride, plan.Wide);
            Span<float> dst = y.Slice(m * outPlane, outPlane);
            float b = bias.IsEmpty ? 0f : bias[m];
            for (int oy = 0; oy < a.OH; oy++)
            {
                ReadOnlySpan<float> row = wide.Slice(oy * plan.Wp, a.OW);
                Span<float> outRow = dst.Slice(oy * a.OW, a.OW);
                if (bias.IsEmpty)
                {
                    row.CopyTo(outRow);
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(row, b, outRow);
                }
            }
        }
    }

    /// <summary>8 channels x 48 wide positions: acc[m][v] += w[t][m] x[off[t] + 16 v] over all taps t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(int taps, float* x, int* off, float* w, int wStride, float* o, int oStride)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<float> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (int t = 0; t < taps; t++)
        {
            float* xt = x + off[t];
            Vector512<float> x0 = Vector512.Load(xt);
            Vector512<float> x1 = Vector512.Load(xt + Lanes);
            Vector512<float> x2 = Vector512.Load(xt + (2 * Lanes));
            Vector512<float> v = Vector512.Create(w[0]);
            a00 = Vector512.FusedMultiplyAdd(v, x0, a00);
            a01 = Vector512.FusedMultiplyAdd(v, x1, a01);
            a02 = Vector512.FusedMultiplyAdd(v, x2, a02);
            v = Vector512.Create(w[1]);
            a10 = Vector512.FusedMultiplyAdd(v, x0, a10);
            a11 = Vector512.FusedMultiplyAdd(v, x1, a11);
            a12 = Vector512.FusedMultiplyAdd(v, x2, a12);
            v = Vector512.Create(w[2]);
            a20 = Vector512.FusedMultiplyAdd(v, x0, a20);
            a21 = Vector512.FusedMultiplyAdd(v, x1, a21);
            a22 = Vector512.FusedMultiplyAdd(v, x2, a22);
            v = Vector512.Create(w[3]);
            a30 = Vector512.FusedMultiplyAdd(v, x0, a30);
            a31 = Vector512.FusedMultiplyAdd(v, x1, a31);
            a32 = Vector512.FusedMultiplyAdd(v, x2, a32);
            v = Vector512.Create(w[4]);
            a40 = Vector512.FusedMultiplyAdd(v, x0, a40);
            a41 = Vector512.FusedMultiplyAdd(v, x1, a41);
            a42 = Vector512.FusedMultiplyAdd(v, x2, a42);
            v = Vector512.Create(w[5]);
            a50 = Vector512.FusedMultiplyAdd(v, x0, a50);
            a51 = Vector512.FusedMultiplyAdd(v, x1, a51);
            a52 = Vector512.FusedMultiplyAdd(v, x2, a52);
            v = Vector512.Create(w[6]);
            a60 = Vector512.FusedMultiplyAdd(v, x0, a60);
            a61 = Vector512.FusedMultiplyAdd(v, x1, a61);
            a62 = Vector512.FusedMultiplyAdd(v, x2, a62);
            v = Vector512.Create(w[7]);
            a70 = Vector512.FusedMultiplyAdd(v, x0, a70);
            a71 = Vector512.FusedMultiplyAdd(v, x1, a71);
            a72 = Vector512.FusedMultiplyAdd(v, x2, a72);
            w += wStride;
        }

        Store(o, a00, a01, a02);
        Store(o + oStride, a10, a11, a12);
        Store(o + (2 * oStride), a20, a21, a22);
        Store(o + (3 * oStride), a30, a31, a32);
        Store(o + (4 * oStride), a40, a41, a42);
        Store(o + (5 * oStride), a50, a51, a52);
        Store(o + (6 * oStride), a60, a61, a62);
        Store(o + (7 * oStride), a70, a71, a72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* o, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
    {
        Vector512.Store(v0, o);
        Vector512.Store(v1, o + Lanes);
        Vector512.Store(v2, o + (2 * Lanes));
    }

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;
}
