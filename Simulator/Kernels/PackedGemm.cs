using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// GEMM in the Goto/BLIS arrangement: B is packed in KC x NR strips (kept in L1 by the inner loop),
/// A in MC x KC blocks of MR-row panels (kept in L2), and a 12 x 32 register-blocked micro-kernel
/// (24 AVX-512 accumulators) does the multiply-adds. Tasks split the M blocks and, when M is small,
/// the N strips; each C element belongs to one task and sums k in the same order on any thread count.
/// </summary>
internal static unsafe class PackedGemm
{
    private const int Mr = 12;
    private const int Nr = 32;
    private const int Kc = 256;
    private const int Mc = 144;
    private const int Nc = 4096;

    public static string InstructionSet => Vector512.IsHardwareAccelerated ? "avx512" : Vector256.IsHardwareAccelerated && Fma.IsSupported ? "avx2" : "simd";

    public static void Run(in GemmArgs g, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int threads)
    {
        GemmArgs args = g;
        int kcMax = Math.Min(Kc, args.K);
        int ncMax = Math.Min(Nc, args.N);
        float[] bPack = ArrayPool<float>.Shared.Rent(RoundUp(ncMax, Nr) * kcMax);
        try
        {
            fixed (float* pa = a, pb = b, pc = c, pbp = bPack)
            {
                nint aPtr = (nint)pa, cPtr = (nint)pc, bpPtr = (nint)pbp;
                for (int jc = 0; jc < args.N; jc += Nc)
                {
                    int nc = Math.Min(Nc, args.N - jc);
                    int nPanels = (nc + Nr - 1) / Nr;
                    for (int pcol = 0; pcol < args.K; pcol += Kc)
                    {
                        int kc = Math.Min(Kc, args.K - pcol);
                        bool accumulate = args.Accumulate || pcol > 0;
                        PackB(args, pb, pbp, pcol, kc, jc, nc);

                        // Equal M blocks of at most Mc rows (whole MR panels), at least one per thread, so
                        // tasks are balanced; split N as well only when M alone gives too few tasks.
                        int mBlocks = Math.Max((args.M + Mc - 1) / Mc, Math.Min(threads, (args.M + Mr - 1) / Mr));
                        int mcBlock = RoundUp((args.M + mBlocks - 1) / mBlocks, Mr);
                        mBlocks = (args.M + mcBlock - 1) / mcBlock;
                        int nSplits = threads == 1 || mBlocks >= threads ? 1 : Math.Clamp((threads + mBlocks - 1) / mBlocks, 1, nPanels);
                        int tasks = mBlocks * nSplits;
                        int panelsPerSplit = (nPanels + nSplits - 1) / nSplits;
                        int jcLocal = jc, pcolLocal = pcol, kcLocal = kc;

                        void RunTask(int t)
                        {
                            int mb = t / nSplits, ns = t % nSplits;
                            int ic = mb * mcBlock;
                            int mc = Math.Min(mcBlock, args.M - ic);
                            int q0 = ns * panelsPerSplit, q1 = Math.Min(nPanels, q0 + panelsPerSplit);
                            if (q0 >= q1)
                            {
                                return;
                            }

                            float[] aPack = ArrayPool<float>.Shared.Rent(RoundUp(mc, Mr) * kcLocal);
                            try
                            {
                                fixed (float* pap = aPack)
                                {
                                    PackA(args, (float*)aPtr, pap, ic, mc, pcolLocal, kcLocal);
                                    float* cBlock = (float*)cPtr + ((long)ic * args.Ldc) + jcLocal;
                                    Macro(pap, (float*)bpPtr, cBlock, args.Ldc, mc, nc, q0, q1, kcLocal, accumulate);
                                }
                            }
                            finally
                            {
                                ArrayPool<float>.Shared.Return(aPack);
                            }
                        }

                        if (tasks == 1)
                        {
                            RunTask(0);
                        }
                        else
                        {
                            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, RunTask);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bPack);
        }
    }

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;

    /// <summary>Bp[q][k][j] = B(pcol + k, jc + q*NR + j), zero beyond N.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in GemmArgs g, float* b, float* bp, int pcol, int kc, int jc, int nc)
    {
        int nPanels = (nc + Nr - 1) / Nr;
        for (int q = 0; q < nPanels; q++)
        {
            int j0 = jc + (q * Nr);
            int nr = Math.Min(Nr, g.N - j0);
            float* dst = bp + ((long)q * kc * Nr);
            if (!g.TransposeB)
            {
                for (int k = 0; k < kc; k++)
                {
                    float* src = b + ((long)(pcol + k) * g.Ldb) + j0;
                    float* d = dst + (k * Nr);
                    if (nr == Nr)
                    {
                        Vector512.Store(Vector512.Load(src), d);
                        Vector512.Store(Vector512.Load(src + 16), d + 16);
                    }
                    else
                    {
                        int j = 0;
                        for (; j < nr; j++)
                        {
                            d[j] = src[j];
                        }

                        for (; j < Nr; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                }
            }
            else
            {
                for (int j = 0; j < Nr; j++)
                {
                    if (j < nr)
                    {
                        float* src = b + ((long)(j0 + j) * g.Ldb) + pcol;
                        for (int k = 0; k < kc; k++)
                        {
                            dst[(k * Nr) + j] = src[k];
                        }
                    }
                    else
                    {
                        for (int k = 0; k < kc; k++)
                        {
                            dst[(k * Nr) + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Ap[p][k][r] = A(ic + p*MR + r, pcol + k), zero beyond M.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(in GemmArgs g, float* a, float* ap, int ic, int mc, int pcol, int kc)
    {
        int mPanels = (mc + Mr - 1) / Mr;
        for (int p = 0; p < mPanels; p++)
        {
            int i0 = ic + (p * Mr);
            int mr = Math.Min(Mr, ic + mc - i0);
            float* dst = ap + ((long)p * kc * Mr);
            if (!g.TransposeA)
            {
                for (int r = 0; r < Mr; r++)
                {
                    if (r < mr)
                    {
                        float* src = a + ((long)(i0 + r) * g.Lda) + pcol;
                        for (int k = 0; k < kc; k++)
                        {
                            dst[(k * Mr) + r] = src[k];
                        }
                    }
                    else
                    {
                        for (int k = 0; k < kc; k++)
                        {
                            dst[(k * Mr) + r] = 0f;
                        }
                    }
                }
            }
            else
            {
                for (int k = 0; k < kc; k++)
                {
                    float* src = a + ((long)(pcol + k) * g.Lda) + i0;
                    float* d = dst + (k * Mr);
                    int r = 0;
                    for (; r < mr; r++)
                    {
                        d[r] = src[r];
                    }

                    for (; r < Mr; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// C block (mc x nc at <paramref name="c"/>) (+)= packed A panels x packed B panels q0..q1 of a
    /// single kc block: the loops around the micro-kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(float* ap, float* bp, float* c, int ldc, int mc, int nc, int q0, int q1, int kc, bool accumulate)
    {
        int mPanels = (mc + Mr - 1) / Mr;
        float* tile = stackalloc float[Mr * Nr];
        for (int q = q0; q < q1; q++)
        {
            int j0 = q * Nr;
            int nr = Math.Min(Nr, nc - j0);
            float* bPanel = bp + ((long)q * kc * Nr);
            for (int p = 0; p < mPanels; p++)
            {
                int i0 = p * Mr;
                int mr = Math.Min(Mr, mc - i0);
                float* aPanel = ap + ((long)p * kc * Mr);
                float* cTile = c + ((long)i0 * ldc) + j0;
                if (nr == Nr)
                {
                    MicroKernel(kc, aPanel, bPanel, cTile, ldc, mr, accumulate);
                }
                else
                {
                    MicroKernel(kc, aPanel, bPanel, tile, Nr, mr, false);
                    for (int r = 0; r < mr; r++)
                    {
                        float* dst = cTile + ((long)r * ldc);
                        float* src = tile + (r * Nr);
                        for (int j = 0; j < nr; j++)
                        {
                            dst[j] = accumulate ? dst[j] + src[j] : src[j];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Floats needed to hold A (m x k, k &lt;= <see cref="MaxPrepackedK"/>) packed by <see cref="PackWhole"/>.</summary>
    public static int PackedALength(int m, int k) => RoundUp(m, Mr) * k;

    /// <summary>Floats needed to hold B (k x n) packed: panels of <see cref="PanelWidth"/> columns, B(k, j) at ((j / NR) k_depth + k) NR + j % NR.</summary>
    public static int PackedBLength(int k, int n) => RoundUp(n, Nr) * k;

    /// <summary>The largest k for which one packed block covers the whole product (no kc blocking).</summary>
    public const int MaxPrepackedK = Kc;

    /// <summary>Panel width (NR) of packed B.</summary>
    public const int PanelWidth = Nr;

    /// <summary>Packs all of row-major A (m x k, leading dimension lda) into MR-row panels.</summary>
    public static void PackWhole(ReadOnlySpan<float> a, int m, int k, int lda, Span<float> packed)
    {
        fixed (float* pa = a, pp = packed)
        {
            PackA(new GemmArgs(m, 0, k, lda, 0, 0), pa, pp, 0, m, 0, k);
        }
    }

    /// <summary>C (m x n, ldc) = packed A x packed B for k &lt;= <see cref="MaxPrepackedK"/>, on the calling thread.</summary>
    public static void MultiplyPacked(ReadOnlySpan<float> packedA, ReadOnlySpan<float> packedB, int m, int n, int k, Span<float> c, int ldc)
    {
        fixed (float* pa = packedA, pb = packedB, pc = c)
        {
            Macro(pa, pb, pc, ldc, m, n, 0, (n + Nr - 1) / Nr, k, accumulate: false);
        }
    }

    /// <summary>C[0..mr, 0..NR] (+)= Apanel x Bpanel; rows beyond mr are neither computed (when mr &lt;= 6) nor stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int kc, float* a, float* b, float* c, int ldc, int mr, bool accumulate)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            {
                // Four 6 x 16 quarters of the 12 x 32 tile (rows beyond mr skipped), each B quarter read from L1.
                for (int r0 = 0; r0 < mr; r0 += 6)
                {
                    MicroKernelSixRows<Vector256<float>, FloatLanes256>(kc, a + r0, b, c + ((long)r0 * ldc), ldc, Math.Min(6, mr - r0), accumulate);
                    MicroKernelSixRows<Vector256<float>, FloatLanes256>(kc, a + r0, b + 16, c + ((long)r0 * ldc) + 16, ldc, Math.Min(6, mr - r0), accumulate);
                }
            }
            else
            {
                MicroKernelPortable(kc, a, b, c, ldc, mr, accumulate);
            }
        }
        else if (mr <= 6)
        {
            MicroKernelSixRows<Vector512<float>, FloatLanes512>(kc, a, b, c, ldc, mr, accumulate);
        }
        else
        {
            MicroKernel512(kc, a, b, c, ldc, mr, accumulate);
        }
    }

    /// <summary>
    /// C[0..mr, 0..2W] (+)= rows 0..6 of the A panel at <paramref name="a"/> x 2W columns of the B panel at <paramref name="b"/>, W the
    /// vector width: on AVX-512 the 6 x 32 kernel for short panels (the first 6 of the 12 packed rows, half the full kernel's work);
    /// on AVX2 a 6 x 16 quarter of the tile with 12 accumulators, as the Haswell-class BLIS kernels hold. Each output is one fused
    /// multiply-add per k, in order, from +0, so every width gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelSixRows<TV, TL>(int kc, float* a, float* b, float* c, int ldc, int mr, bool accumulate)
        where TV : struct
        where TL : IFloatLanes<TV>
    {
        int w = TL.Count;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TV c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++)
        {
            TV b0 = TL.Load(b);
            TV b1 = TL.Load(b + w);
            TV x = TL.Broadcast(a[0]);
            c00 = TL.MultiplyAdd(x, b0, c00);
            c01 = TL.MultiplyAdd(x, b1, c01);
            x = TL.Broadcast(a[1]);
            c10 = TL.MultiplyAdd(x, b0, c10);
            c11 = TL.MultiplyAdd(x, b1, c11);
            x = TL.Broadcast(a[2]);
            c20 = TL.MultiplyAdd(x, b0, c20);
            c21 = TL.MultiplyAdd(x, b1, c21);
            x = TL.Broadcast(a[3]);
            c30 = TL.MultiplyAdd(x, b0, c30);
            c31 = TL.MultiplyAdd(x, b1, c31);
            x = TL.Broadcast(a[4]);
            c40 = TL.MultiplyAdd(x, b0, c40);
            c41 = TL.MultiplyAdd(x, b1, c41);
            x = TL.Broadcast(a[5]);
            c50 = TL.MultiplyAdd(x, b0, c50);
            c51 = TL.MultiplyAdd(x, b1, c51);
            a += Mr;
            b += Nr;
        }

        StoreRow<TV, TL>(c, c00, c01, accumulate);
        if (mr > 1)
        {
            StoreRow<TV, TL>(c + ldc, c10, c11, accumulate);
        }

        if (mr > 2)
        {
            StoreRow<TV, TL>(c + (2 * ldc), c20, c21, accumulate);
        }

        if (mr > 3)
        {
            StoreRow<TV, TL>(c + (3 * ldc), c30, c31, accumulate);
        }

        if (mr > 4)
        {
            StoreRow<TV, TL>(c + (4 * ldc), c40, c41, accumulate);
        }

        if (mr > 5)
        {
            StoreRow<TV, TL>(c + (5 * ldc), c50, c51, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel512(int kc, float* a, float* b, float* c, int ldc, int mr, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, cA0 = default, cA1 = default, cB0 = default, cB1 = default;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(x, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(x, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a[10]);
            cA0 = Vector512.FusedMultiplyAdd(x, b0, cA0);
            cA1 = Vector512.FusedMultiplyAdd(x, b1, cA1);
            x = Vector512.Create(a[11]);
            cB0 = Vector512.FusedMultiplyAdd(x, b0, cB0);
            cB1 = Vector512.FusedMultiplyAdd(x, b1, cB1);
            a += Mr;
            b += Nr;
        }

        // mr > 6 here: the first seven rows always exist.
        StoreRow<Vector512<float>, FloatLanes512>(c, c00, c01, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + ldc, c10, c11, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + (2 * ldc), c20, c21, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + (3 * ldc), c30, c31, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + (4 * ldc), c40, c41, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + (5 * ldc), c50, c51, accumulate);
        StoreRow<Vector512<float>, FloatLanes512>(c + (6 * ldc), c60, c61, accumulate);
        if (mr > 7)
        {
            StoreRow<Vector512<float>, FloatLanes512>(c + (7 * ldc), c70, c71, accumulate);
        }

        if (mr > 8)
        {
            StoreRow<Vector512<float>, FloatLanes512>(c + (8 * ldc), c80, c81, accumulate);
        }

        if (mr > 9)
        {
            StoreRow<Vector512<float>, FloatLanes512>(c + (9 * ldc), c90, c91, accumulate);
        }

        if (mr > 10)
        {
            StoreRow<Vector512<float>, FloatLanes512>(c + (10 * ldc), cA0, cA1, accumulate);
        }

        if (mr > 11)
        {
            StoreRow<Vector512<float>, FloatLanes512>(c + (11 * ldc), cB0, cB1, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV, TL>(float* c, TV v0, TV v1, bool accumulate)
        where TV : struct
        where TL : IFloatLanes<TV>
    {
        if (accumulate)
        {
            v0 = TL.Add(v0, TL.Load(c));
            v1 = TL.Add(v1, TL.Load(c + TL.Count));
        }

        TL.Store(v0, c);
        TL.Store(v1, c + TL.Count);
    }

    /// <summary>Same arithmetic as the AVX-512 kernel (one fused multiply-add per term, k in order) for machines without it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelPortable(int kc, float* a, float* b, float* c, int ldc, int mr, bool accumulate)
    {
        float* acc = stackalloc float[Mr * Nr];
        new Span<float>(acc, Mr * Nr).Clear();
        for (int k = 0; k < kc; k++)
        {
            for (int r = 0; r < Mr; r++)
            {
                float x = a[r];
                float* row = acc + (r * Nr);
                for (int j = 0; j < Nr; j++)
                {
                    row[j] = MathF.FusedMultiplyAdd(x, b[j], row[j]);
                }
            }

            a += Mr;
            b += Nr;
        }

        for (int r = 0; r < mr; r++)
        {
            for (int j = 0; j < Nr; j++)
            {
                c[((long)r * ldc) + j] = accumulate ? c[((long)r * ldc) + j] + acc[(r * Nr) + j] : acc[(r * Nr) + j];
            }
        }
    }
}
