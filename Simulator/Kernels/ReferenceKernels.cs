namespace IMCSim.Simulator.Kernels;

/// <summary>Plain scalar kernels with double accumulation: slow, obviously correct, the oracle for the fast ones.</summary>
public sealed class ReferenceKernels : IComputeKernels
{
    public string Name => "reference";

    public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        args.Validate(a.Length, b.Length, c.Length);
        for (int i = 0; i < args.M; i++)
        {
            for (int j = 0; j < args.N; j++)
            {
                double sum = args.Accumulate ? c[(i * args.Ldc) + j] : 0.0;
                for (int k = 0; k < args.K; k++)
                {
                    float av = args.TransposeA ? a[(k * args.Lda) + i] : a[(i * args.Lda) + k];
                    float bv = args.TransposeB ? b[(j * args.Ldb) + k] : b[(k * args.Ldb) + j];
                    sum += (double)av * bv;
                }

                c[(i * args.Ldc) + j] = (float)sum;
            }
        }
    }

    public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        args.Validate(input.Length, weights.Length, bias.Length, output.Length);
        int cg = args.ChannelsPerGroup, mg = args.OutputsPerGroup;
        for (int n = 0; n < args.N; n++)
        {
            for (int m = 0; m < args.M; m++)
            {
                int c0 = m / mg * cg;
                for (int oy = 0; oy < args.OH; oy++)
                {
                    for (int ox = 0; ox < args.OW; ox++)
                    {
                        double sum = bias.IsEmpty ? 0.0 : bias[m];
                        for (int c = 0; c < cg; c++)
                        {
                            for (int ki = 0; ki < args.KH; ki++)
                            {
                                int iy = (oy * args.StrideH) - args.PadTop + (ki * args.DilationH);
                                for (int kj = 0; kj < args.KW; kj++)
                                {
                                    int ix = (ox * args.StrideW) - args.PadLeft + (kj * args.DilationW);
                                    if (iy >= 0 && iy < args.H && ix >= 0 && ix < args.W)
                                    {
                                        float xv = input[(((((n * args.C) + c0 + c) * args.H) + iy) * args.W) + ix];
                                        float wv = weights[(((((m * cg) + c) * args.KH) + ki) * args.KW) + kj];
                                        sum += (double)xv * wv;
                                    }
                                }
                            }
                        }

                        output[(((((n * args.M) + m) * args.OH) + oy) * args.OW) + ox] = (float)sum;
                    }
                }
            }
        }
    }
}
