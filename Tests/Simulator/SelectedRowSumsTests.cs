using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>The 0/1-digit read product as sums of selected rows against the packed GEMM it replaces.</summary>
public sealed class SelectedRowSumsTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 256)]
    [InlineData(3, 257)]
    [InlineData(4, 700)]
    [InlineData(5, 64)]
    [InlineData(6, 129)]
    [InlineData(7, 300)]
    [InlineData(8, 513)]
    public unsafe void SelectedRowSums_EqualThePackedGemmOfTheDigits_BitForBit(int seed, int k)
    {
        // Random (not integer) conductances: the sums round at every step, so any change of summation order or of
        // the 256-row block structure changes bits somewhere.
        var rng = new Random(seed);
        // Widths that end in a block of 16 to 128 columns (a narrow last block is summed with as few accumulators as it needs).
        int reads = 37, ld = (2 * SelectedRowSums.BlockColumns) + (SelectedRowSums.ColumnMultiple * seed), segments = (k + SelectedRowSums.SegmentRows - 1) / SelectedRowSums.SegmentRows, words = SelectedRowSums.Words(k);
        float[] plane = [.. Enumerable.Range(0, k * ld).Select(_ => (rng.NextSingle() * 40f) - 5f)];
        var digits = new float[reads * k];
        var masks = new ulong[reads * words];
        for (int r = 0; r < reads; r++)
        {
            double density = r == 0 ? 0 : rng.NextDouble();
            for (int s = 0; s < segments; s++)
            {
                for (int i = s * SelectedRowSums.SegmentRows; i < Math.Min(k, (s + 1) * SelectedRowSums.SegmentRows); i++)
                {
                    if (rng.NextDouble() < density)
                    {
                        digits[(r * k) + i] = 1;
                        masks[(r * words) + (i / 64)] |= 1UL << (i % 64);
                    }
                }
            }
        }

        var gemm = new float[reads * ld];
        new CpuKernels(1).Gemm(GemmArgs.Dense(reads, ld, k), digits, plane, gemm);
        var sums = new float[reads * ld];
        fixed (ulong* pm = masks)
        {
            fixed (float* pp = plane, po = sums)
            {
                SelectedRowSums.Sum(reads, words, pm, pp, ld, po);
            }
        }

        for (int i = 0; i < gemm.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(gemm[i]) == BitConverter.SingleToInt32Bits(sums[i]), $"read {i / ld}, column {i % ld}: GEMM {gemm[i]:R}, selected rows {sums[i]:R}");
        }
    }
}
