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
}
