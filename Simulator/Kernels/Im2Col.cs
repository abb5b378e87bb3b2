using System.Runtime.CompilerServices;
namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Lowers one image's group of channels to the im2col matrix cols[(c, ki, kj), (oy, ox)], so the
/// convolution of that image and group is W_g [M/G, (C/G) KH KW] x cols.
/// </summary>
internal static class Im2Col
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Image(in Conv2dArgs a, ReadOnlySpan<float> image, int firstChannel, Span<float> cols)
    {
        int ow = a.OW, plane = a.H * a.W, outPlane = a.OutputPlane;
        for (int c = 0; c < a.ChannelsPerGroup; c++)
        {
            ReadOnlySpan<float> src = image.Slice((firstChannel + c) * plane, plane);
            for (int ki = 0; ki < a.KH; ki++)
            {
                for (int kj = 0; kj < a.KW; kj++)
                {
                    Span<float> row = cols.Slice((((c * a.KH) + ki) * a.KW + kj) * outPlane, outPlane);
                    int x0 = (kj * a.DilationW) - a.PadLeft;

                    // Output columns whose input column lies inside the image: [oxLo, oxHi).
                    int oxLo = x0 >= 0 ? 0 : Math.Min(ow, (-x0 + a.StrideW - 1) / a.StrideW);
                    int oxHi = Math.Clamp((a.W - x0 + a.StrideW - 1) / a.StrideW, oxLo, ow);
                    for (int oy = 0; oy < a.OH; oy++)
                    {
                        Span<float> dst = row.Slice(oy * ow, ow);
                        int iy = (oy * a.StrideH) - a.PadTop + (ki * a.DilationH);
                        if ((uint)iy >= (uint)a.H)
                        {
                            dst.Clear();
                            continue;
                        }

                        dst[..oxLo].Clear();
                        dst[oxHi..].Clear();
                        ReadOnlySpan<float> line = src.Slice(iy * a.W);
                        if (oxHi == oxLo)
                        {
                            continue;
                        }

                        if (a.StrideW == 1)
                        {
                            line.Slice(x0 + oxLo, oxHi - oxLo).CopyTo(dst[oxLo..oxHi]);
                        }
                        else
                        {
                            for (int ox = oxLo; ox < oxHi; ox++)
                            {
                                dst[ox] = line[x0 + (ox * a.StrideW)];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same matrix written straight into the packed-B panel layout of <see cref="PackedGemm"/>
    /// (panels of <see cref="PackedGemm.PanelWidth"/> output pixels, zero-filled past the last pixel),
    /// so the convolution's GEMM needs no separate packing pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ImagePacked(in Conv2dArgs a, ReadOnlySpan<float> image, int firstChannel, Span<float> packed)
    {
        const int nr = PackedGemm.PanelWidth;
        int ow = a.OW, plane = a.H * a.W, outPlane = a.OutputPlane, depth = a.PatchLength;
        int panels = (outPlane + nr - 1) / nr;
        int panelStride = depth * nr;

        // Lanes past the last output pixel of the last panel must be zero for every row.
        int tail = outPlane % nr;
        if (tail != 0)
        {
            for (int k = 0; k < depth; k++)
            {
                packed.Slice(((panels - 1) * panelStride) + (k * nr) + tail, nr - tail).Clear();
            }
        }

        for (int c = 0; c < a.ChannelsPerGroup; c++)
        {
            ReadOnlySpan<float> src = image.Slice((firstChannel + c) * plane, plane);
            for (int ki = 0; ki < a.KH; ki++)
            {
                for (int kj = 0; kj < a.KW; kj++)
                {
                    int k = (((c * a.KH) + ki) * a.KW) + kj;
                    int x0 = (kj * a.DilationW) - a.PadLeft;
                    int oxLo = x0 >= 0 ? 0 : Math.Min(ow, (-x0 + a.StrideW - 1) / a.StrideW);
                    int oxHi = Math.Clamp((a.W - x0 + a.StrideW - 1) / a.StrideW, oxLo, ow);
                    var row = new PackedRow(packed, k, panelStride);
                    for (int oy = 0; oy < a.OH; oy++)
                    {
                        int p = oy * ow;
                        int iy = (oy * a.StrideH) - a.PadTop + (ki * a.DilationH);
                        if ((uint)iy >= (uint)a.H)
                        {
                            row.Zero(p, ow);
                            continue;
                        }

                        row.Zero(p, oxLo);
                        row.Zero(p + oxHi, ow - oxHi);
                        if (oxHi > oxLo)
                        {
                            ReadOnlySpan<float> line = src.Slice((iy * a.W) + x0 + (oxLo * a.StrideW));
                            if (a.StrideW == 1)
                            {
                                row.Copy(p + oxLo, line[..(oxHi - oxLo)]);
                            }
                            else
                            {
                                for (int ox = oxLo; ox < oxHi; ox++)
                                {
                                    row.Set(p + ox, line[(ox - oxLo) * a.StrideW]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Row k of a packed-B matrix addressed by output pixel p; runs are split at panel edges.</summary>
    private readonly ref struct PackedRow(Span<float> packed, int k, int panelStride)
    {
        private const int Nr = PackedGemm.PanelWidth;
        private readonly Span<float> _packed = packed;
        private readonly int _rowOffset = k * Nr;

        public void Set(int p, float value) => _packed[((p / Nr) * panelStride) + _rowOffset + (p % Nr)] = value;

        public void Zero(int p, int count)
        {
            while (count > 0)
            {
                int run = Math.Min(count, Nr - (p % Nr));
                _packed.Slice(((p / Nr) * panelStride) + _rowOffset + (p % Nr), run).Clear();
                p += run;
                count -= run;
            }
        }

        public void Copy(int p, ReadOnlySpan<float> values)
        {
            while (!values.IsEmpty)
            {
                int run = Math.Min(values.Length, Nr - (p % Nr));
                values[..run].CopyTo(_packed.Slice(((p / Nr) * panelStride) + _rowOffset + (p % Nr), run));
                values = values[run..];
                p += run;
            }
        }
    }
}
