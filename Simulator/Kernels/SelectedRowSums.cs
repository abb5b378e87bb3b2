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
    /// Columns summed per pass over a read's rows: four AVX-512 accumulators (two passes of four AVX2 ones), so that a
    /// 128-row tile's block (32 KB) stays in L1 while a group of reads sums it.
    /// </summary>
    public const int BlockColumns = 64;

    /// <summary>The plane's width must be a multiple of this: a last block narrower than <see cref="BlockColumns"/> is summed 16 columns at a time.</summary>
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
        for (int j = 0; j < ld; j += BlockColumns)
        {
            // A last block of 16, 32 or 48 columns is summed 16 columns at a time (the same order for every column).
            int width = Math.Min(BlockColumns, ld - j);
            for (int r = 0; r < reads; r++)
            {
                float* output = sums + ((long)r * ld) + j;
                ulong* read = masks + ((long)r * words);
                for (int w0 = 0; w0 < words; w0 += WordsPerSegment)
                {
                    int w1 = Math.Min(words, w0 + WordsPerSegment);
                    bool accumulate = w0 > 0;
                    if (width < BlockColumns)
                    {
                        for (int c = 0; c < width; c += ColumnMultiple)
                        {
                            if (Vector512.IsHardwareAccelerated)
                            {
                                Single<Vector512<float>, Lanes512>(read, w0, w1, plane + j + c, ld, output + c, accumulate);
                            }
                            else if (Vector256.IsHardwareAccelerated)
                            {
                                Single<Vector256<float>, Lanes256>(read, w0, w1, plane + j + c, ld, output + c, accumulate);
                                Single<Vector256<float>, Lanes256>(read, w0, w1, plane + j + c + 8, ld, output + c + 8, accumulate);
                            }
                            else
                            {
                                BlockScalar(read, w0, w1, plane + j + c, ld, output + c, accumulate, ColumnMultiple);
                            }
                        }
                    }
                    else if (Vector512.IsHardwareAccelerated)
                    {
                        Block<Vector512<float>, Lanes512>(read, w0, w1, plane + j, ld, output, accumulate);
                    }
                    else if (Vector256.IsHardwareAccelerated)
                    {
                        Block<Vector256<float>, Lanes256>(read, w0, w1, plane + j, ld, output, accumulate);
                        Block<Vector256<float>, Lanes256>(read, w0, w1, plane + j + 32, ld, output + 32, accumulate);
                    }
                    else
                    {
                        BlockScalar(read, w0, w1, plane + j, ld, output, accumulate, BlockColumns);
                    }
                }
            }
        }
    }

    /// <summary>Sums of four vectors of columns (4 x TL.Count floats) over the given rows, in row order from +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TV, TL>(ulong* masks, int w0, int w1, float* plane, int ld, float* output, bool accumulate)
        where TV : struct
        where TL : ILanes<TV>
    {
        int w = TL.Count;
        TV a0 = default, a1 = default, a2 = default, a3 = default;
        for (int word = w0; word < w1; word++)
        {
            ulong bits = masks[word];
            float* rows = plane + ((long)word * RowsPerWord * ld);
            while (bits != 0)
            {
                float* p = rows + ((long)BitOperations.TrailingZeroCount(bits) * ld);
                bits &= bits - 1;
                a0 = TL.Add(a0, TL.Load(p));
                a1 = TL.Add(a1, TL.Load(p + w));
                a2 = TL.Add(a2, TL.Load(p + (2 * w)));
                a3 = TL.Add(a3, TL.Load(p + (3 * w)));
            }
        }

        if (accumulate)
        {
            a0 = TL.Add(TL.Load(output), a0);
            a1 = TL.Add(TL.Load(output + w), a1);
            a2 = TL.Add(TL.Load(output + (2 * w)), a2);
            a3 = TL.Add(TL.Load(output + (3 * w)), a3);
        }

        TL.Store(a0, output);
        TL.Store(a1, output + w);
        TL.Store(a2, output + (2 * w));
        TL.Store(a3, output + (3 * w));
    }

    /// <summary>Sums of one vector of columns over the given rows, in row order from +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Single<TV, TL>(ulong* masks, int w0, int w1, float* plane, int ld, float* output, bool accumulate)
        where TV : struct
        where TL : ILanes<TV>
    {
        TV a = default;
        for (int word = w0; word < w1; word++)
        {
            ulong bits = masks[word];
            float* rows = plane + ((long)word * RowsPerWord * ld);
            while (bits != 0)
            {
                a = TL.Add(a, TL.Load(rows + ((long)BitOperations.TrailingZeroCount(bits) * ld)));
                bits &= bits - 1;
            }
        }

        TL.Store(accumulate ? TL.Add(TL.Load(output), a) : a, output);
    }

    /// <summary>The vector operations <see cref="Block{TV, TL}"/> needs, for one vector width.</summary>
    private interface ILanes<TV>
        where TV : struct
    {
        static abstract int Count { get; }

        static abstract TV Load(float* p);

        static abstract TV Add(TV a, TV b);

        static abstract void Store(TV v, float* p);
    }

    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => 16;

        public static Vector512<float> Load(float* p) => Vector512.Load(p);

        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        public static void Store(Vector512<float> v, float* p) => v.Store(p);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static int Count => 8;

        public static Vector256<float> Load(float* p) => Vector256.Load(p);

        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

        public static void Store(Vector256<float> v, float* p) => v.Store(p);
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
