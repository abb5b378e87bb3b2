using IMCSim.Simulator.Kernels;

namespace IMCSim.Mapping.Lowering;

/// <summary>
/// Lowers convolution inputs to one row per output pixel: rows[(n, oy, ox), (c, ki, kj)] =
/// x[n, c, oy s - pad + ki d, ox s - pad + kj d] (zero outside the image), the crossbar's input vectors.
/// </summary>
public static class Im2Row
{
    /// <summary>Rows of samples firstSample .. firstSample + a.N of <paramref name="x"/>, the first at rows[0].</summary>
    public static unsafe void Run(in Conv2dArgs a, float[] x, float[] rows, int threads, int firstSample = 0)
    {
        Conv2dArgs g = a;
        int k = g.PatchLength, outPlane = g.OutputPlane;
        if ((long)(firstSample + g.N) * g.C * g.H * g.W > x.Length || (long)g.N * outPlane * k > rows.Length)
        {
            throw new ArgumentException($"im2row: buffers too short for {g}");
        }

        Parallel.For(0, g.N, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, n =>
        {
            fixed (float* px = x, pr = rows)
            {
                float* dst = pr + ((long)n * outPlane * k);
                for (int oy = 0; oy < g.OH; oy++)
                {
                    for (int ox = 0; ox < g.OW; ox++)
                    {
                        int ix0 = (ox * g.StrideW) - g.PadLeft;
                        // A window wholly inside the image's width with contiguous taps copies each kernel row without tests.
                        bool inside = g.DilationW == 1 && ix0 >= 0 && ix0 + g.KW <= g.W;
                        for (int c = 0; c < g.C; c++)
                        {
                            float* plane = px + ((long)((firstSample + n) * g.C) + c) * g.H * g.W;
                            for (int ki = 0; ki < g.KH; ki++)
                            {
                                int iy = (oy * g.StrideH) - g.PadTop + (ki * g.DilationH);
                                if ((uint)iy >= (uint)g.H)
                                {
                                    new Span<float>(dst, g.KW).Clear();
                                    dst += g.KW;
                                    continue;
                                }

                                float* line = plane + ((long)iy * g.W);
                                if (inside)
                                {
                                    // Four taps a move (LeNet's 5-wide kernels: one move and one float instead of five floats).
                                    float* from = line + ix0;
                                    int kj = 0;
                                    for (; kj + 4 <= g.KW; kj += 4)
                                    {
                                        System.Runtime.Intrinsics.Vector128.Store(System.Runtime.Intrinsics.Vector128.Load(from + kj), dst + kj);
                                    }

                                    for (; kj < g.KW; kj++)
                                    {
                                        dst[kj] = from[kj];
                                    }

                                    dst += g.KW;
                                    continue;
                                }

                                for (int kj = 0; kj < g.KW; kj++)
                                {
                                    int ix = ix0 + (kj * g.DilationW);
                                    *dst++ = (uint)ix < (uint)g.W ? line[ix] : 0f;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
