using IMCSim.Simulator.Kernels;

namespace IMCSim.Mapping.Lowering;

/// <summary>
/// Lowers convolution inputs to one row per output pixel: rows[(n, oy, ox), (c, ki, kj)] =
/// x[n, c, oy s - pad + ki d, ox s - pad + kj d] (zero outside the image), the crossbar's input vectors.
/// </summary>
public static class Im2Row
{
    /// <summary>Rows of samples firstSample .. firstSample + a.N of <paramref name="x"/>, the first at rows[0].</summary>
    public static void Run(in Conv2dArgs a, float[] x, float[] rows, int threads, int firstSample = 0)
    {
        Conv2dArgs g = a;
        int k = g.PatchLength, outPlane = g.OutputPlane;
        Parallel.For(0, g.N, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, n =>
        {
            for (int oy = 0; oy < g.OH; oy++)
            {
                for (int ox = 0; ox < g.OW; ox++)
                {
                    int dst = ((n * outPlane) + (oy * g.OW) + ox) * k;
                    for (int c = 0; c < g.C; c++)
                    {
                        int plane = (((firstSample + n) * g.C) + c) * g.H * g.W;
                        for (int ki = 0; ki < g.KH; ki++)
                        {
                            int iy = (oy * g.StrideH) - g.PadTop + (ki * g.DilationH);
                            for (int kj = 0; kj < g.KW; kj++, dst++)
                            {
                                int ix = (ox * g.StrideW) - g.PadLeft + (kj * g.DilationW);
                                rows[dst] = (uint)iy < (uint)g.H && (uint)ix < (uint)g.W ? x[plane + (iy * g.W) + ix] : 0f;
                            }
                        }
                    }
                }
            }
        });
    }
}
