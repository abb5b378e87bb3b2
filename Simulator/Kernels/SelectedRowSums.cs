using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The crossbar read's digit x plane product for 0/1 digits, as sums of the plane rows each read selects:
/// sums[read, j] = sum over the read's driven rows k (ascending) of plane[k, j]. Bit for bit the packed GEMM
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
    /// Columns summed per pass over a read's rows: four AVX-512 (eight AVX2) accumulators, so that a 128-row tile's
    /// block (32 KB) stays in L1 while a group of reads sums it.
    /// </summary>
    public const int BlockColumns = 64;

    /// <summary>Rows per separately summed block (the packed GEMM's k block).</summary>
    public const int SegmentRows = PackedGemm.MaxPrepackedK;

    /// <summary>Row segments of a tile of <paramref name="rows"/> rows.</summary>
    public static int Segments(int rows) => (rows + SegmentRows - 1) / SegmentRows;

    /// <summary>
    /// sums[r x ld + j] for reads r &lt; <paramref name="reads"/> and j &lt; ld (a multiple of <see cref="BlockColumns"/>):
    /// read r's rows in segment s are rowIndex[starts[r S + s] .. starts[r S + s + 1]), S = <paramref name="segments"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum(int reads, int segments, int* starts, int* rowIndex, float* plane, int ld, float* sums)
    {
        for (int j = 0; j < ld; j += BlockColumns)
        {
            for (int r = 0; r < reads; r++)
            {
                float* output = sums + ((long)r * ld) + j;
                for (int s = 0; s < segments; s++)
                {
                    int from = starts[(r * segments) + s], to = starts[(r * segments) + s + 1];
                    if (Vector512.IsHardwareAccelerated)
                    {
                        Block512(rowIndex + from, to - from, plane + j, ld, output, s > 0);
                    }
                    else if (Vector256.IsHardwareAccelerated)
                    {
                        Block256(rowIndex + from, to - from, plane + j, ld, output, s > 0);
                    }
                    else
                    {
                        BlockScalar(rowIndex + from, to - from, plane + j, ld, output, s > 0);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block512(int* rows, int count, float* plane, int ld, float* output, bool accumulate)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int q = 0; q < count; q++)
        {
            float* p = plane + ((long)rows[q] * ld);
            a0 += Vector512.Load(p);
            a1 += Vector512.Load(p + 16);
            a2 += Vector512.Load(p + 32);
            a3 += Vector512.Load(p + 48);
        }

        if (accumulate)
        {
            a0 = Vector512.Load(output) + a0;
            a1 = Vector512.Load(output + 16) + a1;
            a2 = Vector512.Load(output + 32) + a2;
            a3 = Vector512.Load(output + 48) + a3;
        }

        a0.Store(output);
        a1.Store(output + 16);
        a2.Store(output + 32);
        a3.Store(output + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block256(int* rows, int count, float* plane, int ld, float* output, bool accumulate)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int q = 0; q < count; q++)
        {
            float* p = plane + ((long)rows[q] * ld);
            a0 += Vector256.Load(p);
            a1 += Vector256.Load(p + 8);
            a2 += Vector256.Load(p + 16);
            a3 += Vector256.Load(p + 24);
            a4 += Vector256.Load(p + 32);
            a5 += Vector256.Load(p + 40);
            a6 += Vector256.Load(p + 48);
            a7 += Vector256.Load(p + 56);
        }

        if (accumulate)
        {
            a0 = Vector256.Load(output) + a0;
            a1 = Vector256.Load(output + 8) + a1;
            a2 = Vector256.Load(output + 16) + a2;
            a3 = Vector256.Load(output + 24) + a3;
            a4 = Vector256.Load(output + 32) + a4;
            a5 = Vector256.Load(output + 40) + a5;
            a6 = Vector256.Load(output + 48) + a6;
            a7 = Vector256.Load(output + 56) + a7;
        }

        a0.Store(output);
        a1.Store(output + 8);
        a2.Store(output + 16);
        a3.Store(output + 24);
        a4.Store(output + 32);
        a5.Store(output + 40);
        a6.Store(output + 48);
        a7.Store(output + 56);
    }

    private static void BlockScalar(int* rows, int count, float* plane, int ld, float* output, bool accumulate)
    {
        float* acc = stackalloc float[BlockColumns];
        new Span<float>(acc, BlockColumns).Clear();
        for (int q = 0; q < count; q++)
        {
            float* p = plane + ((long)rows[q] * ld);
            for (int j = 0; j < BlockColumns; j++)
            {
                acc[j] += p[j];
            }
        }

        for (int j = 0; j < BlockColumns; j++)
        {
            output[j] = accumulate ? output[j] + acc[j] : acc[j];
        }
    }
}
