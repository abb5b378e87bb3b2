using System.Runtime.Intrinsics;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;
using Xunit;

namespace IMCSim.Tests.Simulator;

public sealed class CounterRngTests
{
    private const int Million = 1 << 20;

    [Fact]
    public void FillNormal_MillionCounters_EqualsNormalSingleBitForBit()
    {
        foreach (var rng in new[] { CounterRng.For(1, "conv1/read"), CounterRng.For(42, "fc3/read").Child(7) })
        {
            var all = new float[Million];
            rng.FillNormal(0, all);
            AssertSameBits(rng, 0, all, "FillNormal(0, 2^20)");
        }
    }

    [Fact]
    public void FillNormal_UnalignedRanges_EqualNormalSingleBitForBit()
    {
        var rng = CounterRng.For(5, "layer/read");
        var random = new System.Random(11);
        ulong[] starts = [0, 1, 15, 16, 17, 31, 1000003, ulong.MaxValue - 40, (1UL << 40) + 9];
        foreach (ulong start in starts)
        {
            foreach (int length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 33, 40, 100 })
            {
                var dst = new float[length];
                rng.FillNormal(start, dst);
                AssertSameBits(rng, start, dst, $"FillNormal({start}, {length})");
            }
        }

        for (int i = 0; i < 200; i++)
        {
            ulong start = (ulong)random.NextInt64();
            var dst = new float[random.Next(1, 300)];
            rng.FillNormal(start, dst);
            AssertSameBits(rng, start, dst, $"FillNormal({start}, {dst.Length})");
        }
    }

    [Fact]
    public void VectorBlocks_Avx512AndAvx2_EqualNormalSingleBitForBit()
    {
        // Both block kernels run here whatever the CPU (software-emulated where the width is absent), so each is
        // checked against the scalar code even on a machine whose FillNormal takes the other one.
        var rng = CounterRng.For(9, "blocks");
        var block = new float[16];
        for (ulong n = 0; n < 1 << 16; n += 16)
        {
            ulong start = n * 2654435761UL & ~15UL;
            rng.NormalBlock512(start, block);
            AssertSameBits(rng, start, block, "NormalBlock512");
            rng.NormalBlock256(start, block);
            AssertSameBits(rng, start, block.AsSpan(0, 8).ToArray(), "NormalBlock256");
            rng.NormalBlock256(start + 8, block);
            AssertSameBits(rng, start + 8, block.AsSpan(0, 8).ToArray(), "NormalBlock256 (second half)");
        }
    }

    [Fact]
    public void NormalLanes_AtScatteredCounters_EqualNormalSingleBitForBit()
    {
        // The ADC early-out draws normals only at the columns the noise can move, 16 arbitrary counters at a time:
        // each lane must be the counter's own normal (its pair, its cos or sin branch), not its block neighbour's.
        var rng = CounterRng.For(21, "lanes");
        var random = new Random(4);
        var counters = new ulong[16];
        for (int trial = 0; trial < 20000; trial++)
        {
            ulong baseCounter = (ulong)random.NextInt64() >> random.Next(0, 40);
            for (int l = 0; l < 16; l++)
            {
                counters[l] = baseCounter + (ulong)random.Next(0, 4096);
            }

            var z = rng.NormalLanes512(System.Runtime.Intrinsics.Vector512.Create(counters.AsSpan(0, 8)), System.Runtime.Intrinsics.Vector512.Create(counters.AsSpan(8, 8)));
            var z256 = rng.NormalLanes256(Vector256.Create(counters.AsSpan(0, 4)), Vector256.Create(counters.AsSpan(4, 4)));
            for (int l = 0; l < 16; l++)
            {
                float expected = rng.NormalSingle(counters[l]);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(z[l]), $"counter {counters[l]}: lane {z[l]:R}, scalar {expected:R}");
                if (l < 8)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(z256[l]), $"counter {counters[l]}: AVX2 lane {z256[l]:R}, scalar {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void KeyedLanes_FromAReadBasePlusColumnOffsets_EqualNormalSingleBitForBit()
    {
        // The AVX2 conversion batch splits each counter into its read's first counter (a multiple of 16) and a column offset below
        // 2^16, and adds the read's Key + pair(first) x Golden to pair(offset) x Golden. A wrong split (pair(first + c) is
        // first / 2 + pair(c) only for such firsts), a dropped carry into the high 32 bits of the offset's product, or the sine
        // flag taken from the wrong bit gives other normals.
        var rng = CounterRng.For(33, "keyed");
        var random = new Random(6);
        var offsets = new ulong[8];
        var sine = new int[8];
        for (int trial = 0; trial < 20000; trial++)
        {
            ulong first = ((ulong)random.NextInt64() >> random.Next(0, 40)) & ~15UL;
            for (int l = 0; l < 8; l++)
            {
                offsets[l] = (ulong)random.Next(0, 1 << 16);
                sine[l] = (int)(offsets[l] & 8);
            }

            var keyedBase = Vector256.Create(rng.KeyedPairBase(first));
            var z = CounterRng.NormalLanesOfKeyed256(
                keyedBase + CounterRng.SmallPairTimesGolden256(Vector256.Create(offsets.AsSpan(0, 4))),
                keyedBase + CounterRng.SmallPairTimesGolden256(Vector256.Create(offsets.AsSpan(4, 4))),
                Vector256.Create(sine));
            for (int l = 0; l < 8; l++)
            {
                float expected = rng.NormalSingle(first + offsets[l]);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(z[l]), $"first {first}, offset {offsets[l]}: lane {z[l]:R}, scalar {expected:R}");
            }
        }
    }

    [Fact]
    public void BoxMuller_VectorLanesOnEdgeInputs_EqualScalarBitForBit()
    {
        int[] edges = [0, 1, 2, 0x3504F2, 0x3504F3, 0x3504F4, (1 << 21) - 1, 1 << 21, (1 << 21) + 1, 1 << 22, 3 << 21, (1 << 24) - 2, (1 << 24) - 1, 7 << 21, 0x7FFFFF, 0x800000];
        var hi = new int[16];
        var lo = new int[16];
        for (int i = 0; i < edges.Length; i++)
        {
            for (int j = 0; j < edges.Length; j++)
            {
                hi[j] = edges[i];
                lo[j] = edges[j];
            }

            float[] v512 = new float[16], v256 = new float[16];
            BoxMuller.Normal<Vector512<float>, Vector512<int>, Vector512BoxMullerLanes>(Vector512.Create(hi), Vector512.Create(lo)).CopyTo(v512);
            BoxMuller.Normal<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(Vector256.Create(hi.AsSpan(0, 8)), Vector256.Create(lo.AsSpan(0, 8))).CopyTo(v256);
            BoxMuller.Normal<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(Vector256.Create(hi.AsSpan(8, 8)), Vector256.Create(lo.AsSpan(8, 8))).CopyTo(v256, 8);
            for (int j = 0; j < 16; j++)
            {
                int scalar = BitConverter.SingleToInt32Bits(BoxMuller.Normal<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(hi[j], lo[j]));
                Assert.True(scalar == BitConverter.SingleToInt32Bits(v512[j]), $"hi {hi[j]}, lo {lo[j]}: AVX-512 {v512[j]:R} vs scalar");
                Assert.True(scalar == BitConverter.SingleToInt32Bits(v256[j]), $"hi {hi[j]}, lo {lo[j]}: AVX2 {v256[j]:R} vs scalar");
            }
        }
    }

    [Fact]
    public void BoxMuller_LogOfEveryU1_IsWithinOneUlpOfDoubleLog()
    {
        // Measured: 0.82 ulp (u1 = 1 gives exactly 0).
        double worst = 0;
        for (int hi = 0; hi < 1 << 24; hi++)
        {
            double exact = Math.Log((hi + 1) / 16777216.0);
            float v = BoxMuller.LnU1<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(hi);
            worst = Math.Max(worst, exact == 0 ? (v == 0 ? 0 : double.PositiveInfinity) : Math.Abs(v - exact) / Ulp(exact));
        }

        Assert.True(worst <= 1.0, $"ln u1: worst error {worst:F3} ulp");
    }

    [Fact]
    public void BoxMuller_RadiusOfEveryU1_IsWithinOneUlpOfDouble()
    {
        // Measured: 0.96 ulp.
        double worst = 0;
        for (int hi = 0; hi < (1 << 24) - 1; hi++)
        {
            double exact = Math.Sqrt(-2 * Math.Log((hi + 1) / 16777216.0));
            worst = Math.Max(worst, Math.Abs(BoxMuller.Radius<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(hi) - exact) / Ulp(exact));
        }

        Assert.True(worst <= 1.0, $"sqrt(-2 ln u1): worst error {worst:F3} ulp");
        Assert.Equal(0f, MathF.Abs(BoxMuller.Radius<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>((1 << 24) - 1)));
    }

    [Fact]
    public void BoxMuller_CosOfEveryTurn_IsWithinTwoUlpsOfDoubleCos()
    {
        // Measured: 1.51 ulp; absolute error at most 7.9e-8. The reference reduces the turn exactly in double.
        double worst = 0;
        for (int lo = 0; lo < 1 << 24; lo++)
        {
            int q = (lo + (1 << 21)) >> 22;
            double theta = 2 * Math.PI * ((lo - (q << 22)) / 16777216.0);
            double exact = (q & 3) switch { 0 => Math.Cos(theta), 1 => -Math.Sin(theta), 2 => -Math.Cos(theta), _ => Math.Sin(theta) };
            float v = BoxMuller.CosTurn<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(lo);
            worst = Math.Max(worst, exact == 0 ? (v == 0 ? 0 : double.PositiveInfinity) : Math.Abs(v - exact) / Ulp(exact));
        }

        Assert.True(worst <= 2.0, $"cos(2 pi u2): worst error {worst:F3} ulp");
    }

    [Fact]
    public void NoNormalExceedsTheBoundBeyondWhichAColumnSkipsItsNormal()
    {
        // NoisyConversionBatch converts a column from its mean alone when it is more than NormalBound sigma from a code boundary;
        // that is exact only if no normal reaches NormalBound: the largest radius times the largest |cos|, rounded once.
        float radius = 0, cos = 0;
        for (int i = 0; i < 1 << 24; i++)
        {
            radius = MathF.Max(radius, BoxMuller.Radius<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(i));
            cos = MathF.Max(cos, MathF.Abs(BoxMuller.CosTurn<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(i)));
        }

        Assert.True(radius * cos < NoisyConversionBatch.NormalBound, $"largest normal {radius * cos} against the bound {NoisyConversionBatch.NormalBound}");
        Assert.True(radius * cos > 5.76f, $"largest normal {radius * cos}: Box-Muller of u1 = 2^-24 gives 5.768");
    }

    [Fact]
    public void NormalSingle_MillionCounters_IsWithinFourUlpsOfTheDoubleTransform_WithUnitMoments()
    {
        // Measured: see the message; the bound is the sum of the parts' bounds plus the last rounding.
        var rng = CounterRng.For(3, "accuracy");
        double worst = 0, sum = 0, squares = 0;
        for (ulong n = 0; n < Million; n++)
        {
            // Counter n: pair (n - n mod 16) / 2 + n mod 8, cos in the block's first half, sin (angle - 1/4 turn) in its second.
            ulong pair = ((n & ~15UL) >> 1) + (n & 7);
            ulong bits = CounterRng.Mix(rng.Key + (pair * 0x9E3779B97F4A7C15UL));
            long angle = (long)(bits & 0xFFFFFF) - ((n & 8) != 0 ? 1 << 22 : 0);
            double u1 = ((bits >> 40) + 1) / 16777216.0, u2 = (angle & 0xFFFFFF) / 16777216.0;
            double exact = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            float v = rng.NormalSingle(n);
            if (Math.Abs(exact) > 1e-6)
            {
                worst = Math.Max(worst, Math.Abs(v - exact) / Ulp(exact));
            }

            sum += v;
            squares += (double)v * v;
        }

        Assert.True(worst <= 4.0, $"normal: worst error {worst:F3} ulp");
        double mean = sum / Million, variance = (squares / Million) - (mean * mean);
        Assert.InRange(mean, -5.0 / Math.Sqrt(Million), 5.0 / Math.Sqrt(Million));
        Assert.InRange(variance, 1 - (5 * Math.Sqrt(2.0 / Million)), 1 + (5 * Math.Sqrt(2.0 / Million)));
    }

    private static void AssertSameBits(CounterRng rng, ulong first, ReadOnlySpan<float> actual, string what)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            float expected = rng.NormalSingle(first + (ulong)i);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: counter {first + (ulong)i} is {actual[i]:R}, NormalSingle gives {expected:R}");
            }
        }
    }

    /// <summary>The spacing of floats at |exact| (normal range): 2^(floor(log2 |exact|) - 23).</summary>
    private static double Ulp(double exact) => Math.ScaleB(1, Math.ILogB(exact) - 23);
}
