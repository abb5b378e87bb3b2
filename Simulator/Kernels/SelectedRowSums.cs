using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The crossbar read's digit x plane product for 0/1 digits, as sums of the plane rows each read selects:
/// sums[read, j] = sum over the read's driven rows k (ascending) of plane[k, j], the driven rows given as a bit mask per read
/// (64 rows a word; a read's rows are its set bits, walked in ascending order). Bit for bit the packed GEMM
/// of the 0/1 digit matrix: its micro-kernel runs one FMA chain per output from +0 over k in order, and
/// fma(1, b, acc) = acc + b, fma(0, b, acc) = acc exactly; rows are summed in blocks of
/// <see cref="PackedGemm.MaxPrepackedK"/> from +0 and the block sums added in order, as the GEMM's k blocks are.
/// The work is proportional to the driven rows (bit-serial 8-bit activations drive ~15 % of the rows of a
/// read) instead of to all rows. Vector widths change only how many columns one instruction adds, never the
/// order of any column's sum, so every path gives the same bits.
/// </summary>
internal static unsafe class SelectedRowSums
{
    /// <summary>
    /// Columns summed per walk over a read's rows: eight AVX-512 accumulators (eight AVX2 ones cover half as many columns). One walk
    /// over 128 columns instead of two over 64 halves the mask walking and doubles the independent add chains (measured with a
    /// throw-away microbenchmark: 80 to 65 ns a read of 32 of 128 rows over 128 columns, 29 to 15 ns a read of 6 of 22 rows).
    /// </summary>
    public const int BlockColumns = 128;

    /// <summary>The plane's width must be a multiple of this: a last block narrower than <see cref="BlockColumns"/> is summed with fewer accumulators.</summary>
    public const int ColumnMultiple = 16;

    /// <summary>Rows per separately summed block (the packed GEMM's k block): a whole number of mask words.</summary>
    public const int SegmentRows = PackedGemm.MaxPrepackedK;

    /// <summary>Rows per mask word.</summary>
    public const int RowsPerWord = 64;

    private const int WordsPerSegment = SegmentRows / RowsPerWord;

    /// <summary>Mask words of a tile of <paramref name="rows"/> rows.</summary>
    public static int Words(int rows) => (rows + RowsPerWord - 1) / RowsPerWord;

    /// <summary>
    /// sums[r x ld + j] for reads r &lt; <paramref name="reads"/> and j &lt; ld (a multiple of <see cref="ColumnMultiple"/>):
    /// read r drives row w x 64 + b where bit b of masks[r x <paramref name="words"/> + w] is set. Rows are summed in
    /// ascending order from +0 in segments of <see cref="SegmentRows"/>, the segments' sums added in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum(int reads, int words, ulong* masks, float* plane, int ld, float* sums)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Sum<Vector512<float>, FloatLanes512>(reads, words, masks, plane, ld, sums, ld);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // AVX2: walks of 16 accumulators (128 columns, as one AVX-512 walk covers) where the plane is that wide, halving the
            // mask walking per column; the rest in walks of at most eight.
            int j = 0;
            for (; j + BlockColumns <= ld; j += BlockColumns)
            {
                for (int r = 0; r < reads; r++)
                {
                    for (int w0 = 0; w0 < words; w0 += WordsPerSegment)
                    {
                        Walk256x16(masks + ((long)r * words), w0, Math.Min(words, w0 + WordsPerSegment), plane + j, ld, sums + ((long)r * ld) + j, w0 > 0);
                    }
                }
            }

            if (j < ld)
            {
                Sum<Vector256<float>, FloatLanes256>(reads, words, masks, plane + j, ld, sums + j, ld - j);
            }

            return;
        }
        else
        {
            for (int j = 0; j < ld; j += BlockColumns)
            {
                for (int r = 0; r < reads; r++)
                {
                    for (int w0 = 0; w0 < words; w0 += WordsPerSegment)
                    {
                        BlockScalar(masks + ((long)r * words), w0, Math.Min(words, w0 + WordsPerSegment), plane + j, ld, sums + ((long)r * ld) + j, w0 > 0, Math.Min(BlockColumns, ld - j));
                    }
                }
            }
        }
    }

    /// <summary>The sums of the first <paramref name="columns"/> columns in walks of eight vectors of columns (a last, narrower block with as many as it needs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum<TV, TL>(int reads, int words, ulong* masks, float* plane, int ld, float* sums, int columns)
        where TV : struct
        where TL : IFloatLanes<TV>
    {
        int step = 8 * TL.Count;
        for (int j = 0; j < columns; j += step)
        {
            // Every column's sum is the same chain of adds whatever the number of accumulators beside it.
            switch (Math.Min(step, columns - j) / TL.Count)
            {
                case 8: Walks<TV, TL, Eight>(reads, words, masks, plane + j, ld, sums + j); break;
                case 7: Walks<TV, TL, Seven>(reads, words, masks, plane + j, ld, sums + j); break;
                case 6: Walks<TV, TL, Six>(reads, words, masks, plane + j, ld, sums + j); break;
                case 5: Walks<TV, TL, Five>(reads, words, masks, plane + j, ld, sums + j); break;
                case 4: Walks<TV, TL, Four>(reads, words, masks, plane + j, ld, sums + j); break;
                case 3: Walks<TV, TL, Three>(reads, words, masks, plane + j, ld, sums + j); break;
                case 2: Walks<TV, TL, Two>(reads, words, masks, plane + j, ld, sums + j); break;
                default: Walks<TV, TL, One>(reads, words, masks, plane + j, ld, sums + j); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walks<TV, TL, TN>(int reads, int words, ulong* masks, float* plane, int ld, float* sums)
        where TV : struct
        where TL : IFloatLanes<TV>
        where TN : IVectorCount
    {
        for (int r = 0; r < reads; r++)
        {
            float* output = sums + ((long)r * ld);
            ulong* read = masks + ((long)r * words);
            for (int w0 = 0; w0 < words; w0 += WordsPerSegment)
            {
                Walk<TV, TL, TN>(read, w0, Math.Min(words, w0 + WordsPerSegment), plane, ld, output, w0 > 0);
            }
        }
    }

    /// <summary>
    /// Sums of TN.Value vectors of columns (at most eight) over the given rows, in row order from +0; the counts are constants of
    /// each instantiation, so the unused accumulators vanish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walk<TV, TL, TN>(ulong* masks, int w0, int w1, float* plane, int ld, float* output, bool accumulate)
        where TV : struct
        where TL : IFloatLanes<TV>
        where TN : IVectorCount
    {
        int w = TL.Count, n = TN.Value;
        TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int word = w0; word < w1; word++)
        {
            ulong bits = masks[word];
            float* rows = plane + ((long)word * RowsPerWord * ld);
            while (bits != 0)
            {
                float* p = rows + ((long)BitOperations.TrailingZeroCount(bits) * ld);
                bits &= bits - 1;
                a0 = TL.Add(a0, TL.Load(p));
                if (n > 1)
                {
                    a1 = TL.Add(a1, TL.Load(p + w));
                }

                if (n > 2)
                {
                    a2 = TL.Add(a2, TL.Load(p + (2 * w)));
                }

                if (n > 3)
                {
                    a3 = TL.Add(a3, TL.Load(p + (3 * w)));
                }

                if (n > 4)
                {
                    a4 = TL.Add(a4, TL.Load(p + (4 * w)));
                }

                if (n > 5)
                {
                    a5 = TL.Add(a5, TL.Load(p + (5 * w)));
                }

                if (n > 6)
                {
                    a6 = TL.Add(a6, TL.Load(p + (6 * w)));
                }

                if (n > 7)
                {
                    a7 = TL.Add(a7, TL.Load(p + (7 * w)));
                }
            }
        }

        Finish(a0, output, accumulate);
        if (n > 1)
        {
            Finish(a1, output + w, accumulate);
        }

        if (n > 2)
        {
            Finish(a2, output + (2 * w), accumulate);
        }

        if (n > 3)
        {
            Finish(a3, output + (3 * w), accumulate);
        }

        if (n > 4)
        {
            Finish(a4, output + (4 * w), accumulate);
        }

        if (n > 5)
        {
            Finish(a5, output + (5 * w), accumulate);
        }

        if (n > 6)
        {
            Finish(a6, output + (6 * w), accumulate);
        }

        if (n > 7)
        {
            Finish(a7, output + (7 * w), accumulate);
        }

        // A later segment's sum is added to the earlier segments' (the GEMM's k blocks), else stored.
        static void Finish(TV a, float* at, bool accumulate) => TL.Store(accumulate ? TL.Add(TL.Load(at), a) : a, at);
    }

    /// <summary>
    /// Sums of 128 columns (16 AVX2 accumulators, every vector register) over the given rows, in row order from +0: the adds take
    /// their row operand from memory, so no register is left over for a load.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walk256x16(ulong* masks, int w0, int w1, float* plane, int ld, float* output, bool accumulate)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector256<float> a8 = default, a9 = default, aA = default, aB = default, aC = default, aD = default, aE = default, aF = default;
        for (int word = w0; word < w1; word++)
        {
            ulong bits = masks[word];
            float* rows = plane + ((long)word * RowsPerWord * ld);
            while (bits != 0)
            {
                float* p = rows + ((long)BitOperations.TrailingZeroCount(bits) * ld);
                bits &= bits - 1;
                a0 += Vector256.Load(p);
                a1 += Vector256.Load(p + 8);
                a2 += Vector256.Load(p + 16);
                a3 += Vector256.Load(p + 24);
                a4 += Vector256.Load(p + 32);
                a5 += Vector256.Load(p + 40);
                a6 += Vector256.Load(p + 48);
                a7 += Vector256.Load(p + 56);
                a8 += Vector256.Load(p + 64);
                a9 += Vector256.Load(p + 72);
                aA += Vector256.Load(p + 80);
                aB += Vector256.Load(p + 88);
                aC += Vector256.Load(p + 96);
                aD += Vector256.Load(p + 104);
                aE += Vector256.Load(p + 112);
                aF += Vector256.Load(p + 120);
            }
        }

        Finish(a0, output, accumulate);
        Finish(a1, output + 8, accumulate);
        Finish(a2, output + 16, accumulate);
        Finish(a3, output + 24, accumulate);
        Finish(a4, output + 32, accumulate);
        Finish(a5, output + 40, accumulate);
        Finish(a6, output + 48, accumulate);
        Finish(a7, output + 56, accumulate);
        Finish(a8, output + 64, accumulate);
        Finish(a9, output + 72, accumulate);
        Finish(aA, output + 80, accumulate);
        Finish(aB, output + 88, accumulate);
        Finish(aC, output + 96, accumulate);
        Finish(aD, output + 104, accumulate);
        Finish(aE, output + 112, accumulate);
        Finish(aF, output + 120, accumulate);

        static void Finish(Vector256<float> a, float* at, bool accumulate) => (accumulate ? Vector256.Load(at) + a : a).Store(at);
    }

    /// <summary>A number of vectors of columns, as a type: each <see cref="Walk{TV, TL, TN}"/> instantiation is compiled for its own count.</summary>
    private interface IVectorCount
    {
        static abstract int Value { get; }
    }

    private readonly struct One : IVectorCount
    {
        public static int Value => 1;
    }

    private readonly struct Two : IVectorCount
    {
        public static int Value => 2;
    }

    private readonly struct Three : IVectorCount
    {
        public static int Value => 3;
    }

    private readonly struct Four : IVectorCount
    {
        public static int Value => 4;
    }

    private readonly struct Five : IVectorCount
    {
        public static int Value => 5;
    }

    private readonly struct Six : IVectorCount
    {
        public static int Value => 6;
    }

    private readonly struct Seven : IVectorCount
    {
        public static int Value => 7;
    }

    private readonly struct Eight : IVectorCount
    {
        public static int Value => 8;
    }

    private static void BlockScalar(ulong* masks, int w0, int w1, float* plane, int ld, float* output, bool accumulate, int columns)
    {
        float* acc = stackalloc float[BlockColumns];
        new Span<float>(acc, columns).Clear();
        for (int word = w0; word < w1; word++)
        {
            for (ulong bits = masks[word]; bits != 0; bits &= bits - 1)
            {
                float* p = plane + ((((long)word * RowsPerWord) + BitOperations.TrailingZeroCount(bits)) * ld);
                for (int j = 0; j < columns; j++)
                {
                    acc[j] += p[j];
                }
            }
        }

        for (int j = 0; j < columns; j++)
        {
            output[j] = accumulate ? output[j] + acc[j] : acc[j];
        }
    }
}
