namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Lowers one image's group of channels to the im2col matrix cols[(c, ki, kj), (oy, ox)], so the
/// convolution of that image and group is W_g [M/G, (C/G) KH KW] x cols.
/// </summary>
internal static class Im2Col
{
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
}
