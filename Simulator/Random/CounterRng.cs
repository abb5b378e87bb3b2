using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Random;

/// <summary>
/// A counter-based random stream: the n-th number of a stream is a pure function of (key, n), so
/// results do not depend on thread count, batching or order of evaluation. The key comes from the
/// run seed and a stable path ("conv1/program", "fc2/read"), so adding a component elsewhere never
/// shifts another component's numbers.
/// Uniforms: a 64-bit SplitMix-style finaliser (Stafford's mix 13) of key + n x golden ratio, the
/// top 53 bits to (0, 1]. Normals: Box-Muller on two 24-bit fields of the mix (top bits: radius, low bits:
/// angle), cosine branch; the single-precision ones (<see cref="FillNormal"/>) use our own log and cos so that
/// they are bit-identical on every x86-64 CPU (see <see cref="BoxMuller"/>).
/// </summary>
public readonly struct CounterRng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public CounterRng(ulong key)
    {
        Key = key;
    }

    public ulong Key { get; }

    /// <summary>The stream for <paramref name="path"/> under <paramref name="seed"/> (FNV-1a of the path, mixed with the seed).</summary>
    public static CounterRng For(ulong seed, string path)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in path)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return new CounterRng(Mix(h ^ Mix(seed + Golden)));
    }

    /// <summary>A derived stream, e.g. per array: For(seed, "conv1").Child(arrayIndex).</summary>
    public CounterRng Child(ulong index) => new(Mix(Key ^ Mix((index + 1) * Golden)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1] for counter <paramref name="n"/>.</summary>
    public double Uniform(ulong n) => ((Mix(Key + (n * Golden)) >> 11) + 1) * (1.0 / 9007199254740992.0);

    /// <summary>Standard normal for counter <paramref name="n"/>.</summary>
    public double Normal(ulong n)
    {
        ulong bits = Mix(Key + (n * Golden));
        double u1 = ((bits >> 40) + 1) * (1.0 / 16777216.0);
        double u2 = (bits & 0xFFFFFF) * (1.0 / 16777216.0);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// dst[i] = a standard normal for counter first + i (single precision), bit for bit what
    /// <see cref="NormalSingle"/> gives: the transform (<see cref="BoxMuller"/>) is the same sequence of
    /// exact and correctly rounded operations on AVX-512, AVX2 and scalar code, so results do not depend on
    /// the CPU. Counters are always evaluated in aligned blocks of 16 by the same code, so a counter's value
    /// does not depend on how a caller splits its range (thread count, batch size).
    /// </summary>
    public void FillNormal(ulong first, Span<float> dst)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int j = 0; j < dst.Length; j++)
            {
                dst[j] = NormalSingle(first + (ulong)j);
            }

            return;
        }

        Span<float> block = stackalloc float[16];
        int i = 0;
        while (i < dst.Length)
        {
            ulong n = first + (ulong)i;
            ulong blockStart = n & ~15UL;
            int offset = (int)(n - blockStart);
            if (offset == 0 && i + 16 <= dst.Length)
            {
                NormalBlock(blockStart, dst.Slice(i, 16));
                i += 16;
                continue;
            }

            NormalBlock(blockStart, block);
            int take = Math.Min(16 - offset, dst.Length - i);
            block.Slice(offset, take).CopyTo(dst.Slice(i, take));
            i += take;
        }
    }

    /// <summary>dst[0..16) = the normals of counters blockStart .. blockStart + 15: one AVX-512 vector or two AVX2 vectors.</summary>
    private void NormalBlock(ulong blockStart, Span<float> dst)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            NormalBlock512(blockStart, dst);
        }
        else
        {
            NormalBlock256(blockStart, dst);
            NormalBlock256(blockStart + 8, dst[8..]);
        }
    }

    /// <summary>
    /// The normals of 16 arbitrary counters (lanes 0-7: <paramref name="low"/>, 8-15: <paramref name="high"/>) on
    /// AVX-512, each bit for bit <see cref="NormalSingle"/>: the same pair, the same angle and the same transform
    /// lane by lane. For callers that need normals only at scattered counters (the ADC early-out).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Vector512<float> NormalLanes512(Vector512<ulong> low, Vector512<ulong> high)
    {
        var key = Vector512.Create(Key);
        Vector512<ulong> bitsLow = MixV(key + (PairOf(low) * Vector512.Create(Golden)));
        Vector512<ulong> bitsHigh = MixV(key + (PairOf(high) * Vector512.Create(Golden)));
        Vector512<int> hi = Vector512.Narrow(bitsLow >> 40, bitsHigh >> 40).AsInt32();
        Vector512<int> lo = Vector512.Narrow(bitsLow & Vector512.Create(0xFFFFFFUL), bitsHigh & Vector512.Create(0xFFFFFFUL)).AsInt32();
        Vector512<int> sine = Vector512.Narrow(low & Vector512.Create(8UL), high & Vector512.Create(8UL)).AsInt32();
        lo = Vector512.ConditionalSelect(Vector512.Equals(sine, Vector512<int>.Zero), lo, (lo - Vector512.Create(QuarterTurn)) & Vector512.Create(0xFFFFFF));
        return BoxMuller.Normal<Vector512<float>, Vector512<int>, Vector512BoxMullerLanes>(hi, lo);

        static Vector512<ulong> PairOf(Vector512<ulong> n) => ((n & Vector512.Create(~15UL)) >> 1) + (n & Vector512.Create(7UL));
    }

    /// <summary>
    /// The normals of 8 arbitrary counters (lanes 0-3: <paramref name="low"/>, 4-7: <paramref name="high"/>) on AVX2, each bit for
    /// bit <see cref="NormalSingle"/>: <see cref="NormalLanes512"/> for machines without AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Vector256<float> NormalLanes256(Vector256<ulong> low, Vector256<ulong> high)
    {
        var key = Vector256.Create(Key);
        Vector256<int> sine = Vector256.Narrow(low & Vector256.Create(8UL), high & Vector256.Create(8UL)).AsInt32();
        return NormalLanesOfKeyed256(key + (PairOf(low) * Vector256.Create(Golden)), key + (PairOf(high) * Vector256.Create(Golden)), sine);
    }

    /// <summary>Each lane's pair index ((n with bits 0-3 cleared) / 2 + bits 0-2 of n): counters n and n + 8 share a hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> PairOf(Vector256<ulong> n) => ((n & Vector256.Create(~15UL)) >> 1) + (n & Vector256.Create(7UL));

    /// <summary>
    /// The key plus the pair index times the golden ratio of counter n, for a base counter <paramref name="first"/> that is a multiple
    /// of 16: Key + pair(first) x Golden, to which <see cref="NormalLanesOfKeyed256"/>'s callers add pair(c) x Golden for an offset
    /// c &lt; 2^16 (pair(first + c) = first / 2 + pair(c) then, and the sum wraps modulo 2^64 as the product does).
    /// </summary>
    internal ulong KeyedPairBase(ulong first) => Key + ((first >> 1) * Golden);

    /// <summary>
    /// <see cref="NormalLanes256"/> from each lane's Key + pair(n) x Golden (lanes 0-3: <paramref name="keyedLow"/>, 4-7:
    /// <paramref name="keyedHigh"/>) and whether n is the sine half of its pair (bit 3 of n, non-zero in <paramref name="sine"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> NormalLanesOfKeyed256(Vector256<ulong> keyedLow, Vector256<ulong> keyedHigh, Vector256<int> sine)
    {
        Vector256<ulong> bitsLow = MixV(keyedLow);
        Vector256<ulong> bitsHigh = MixV(keyedHigh);
        Vector256<int> hi = Vector256.Narrow(bitsLow >> 40, bitsHigh >> 40).AsInt32();
        Vector256<int> lo = Vector256.Narrow(bitsLow & Vector256.Create(0xFFFFFFUL), bitsHigh & Vector256.Create(0xFFFFFFUL)).AsInt32();
        lo = Vector256.ConditionalSelect(Vector256.Equals(sine, Vector256<int>.Zero), lo, (lo - Vector256.Create(QuarterTurn)) & Vector256.Create(0xFFFFFF));
        return BoxMuller.Normal<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(hi, lo);
    }

    /// <summary>pair(c) x Golden for offsets c &lt; 2^16 (pair(c) &lt; 2^15): two 32 x 32-bit products, as AVX2 has no 64-bit multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<ulong> SmallPairTimesGolden256(Vector256<ulong> c)
    {
        var pair = PairOf(c);
        var low = System.Runtime.Intrinsics.X86.Avx2.Multiply(pair.AsUInt32(), Vector256.Create(Golden & 0xFFFFFFFFUL).AsUInt32());
        var high = System.Runtime.Intrinsics.X86.Avx2.Multiply(pair.AsUInt32(), Vector256.Create(Golden >> 32).AsUInt32());
        return low + Vector256.ShiftLeft(high, 32);
    }

    /// <summary>
    /// dst[0..16) = the normals of the aligned block of counters n .. n + 15 (AVX-512; software-emulated where it
    /// is absent): eight pairs, one mix, one radius and two angles (cos, then sin as the angle a quarter turn
    /// back) each; see <see cref="NormalSingle"/>.
    /// </summary>
    internal void NormalBlock512(ulong n, Span<float> dst)
    {
        Vector256<int> hi = PairBits256(n >> 1, out Vector256<int> lo);
        Vector256<float> radius = BoxMuller.Radius<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(hi);
        Vector512<int> angles = Vector512.Create(lo, (lo - Vector256.Create(QuarterTurn)) & Vector256.Create(0xFFFFFF));
        Vector512<float> cos = BoxMuller.CosTurn<Vector512<float>, Vector512<int>, Vector512BoxMullerLanes>(angles);
        (Vector512.Create(radius, radius) * cos).StoreUnsafe(ref dst[0]);
    }

    /// <summary>dst[0..8) = the normals of counters n .. n + 7, n = an aligned block start or its middle (AVX2; software-emulated where it is absent).</summary>
    internal void NormalBlock256(ulong n, Span<float> dst)
    {
        Vector256<int> hi = PairBits256((n & ~15UL) >> 1, out Vector256<int> lo);
        if ((n & 8) != 0)
        {
            lo = (lo - Vector256.Create(QuarterTurn)) & Vector256.Create(0xFFFFFF);
        }

        Vector256<float> radius = BoxMuller.Radius<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(hi);
        (radius * BoxMuller.CosTurn<Vector256<float>, Vector256<int>, Vector256BoxMullerLanes>(lo)).StoreUnsafe(ref dst[0]);
    }

    /// <summary>The 24-bit radius and angle integers of the eight pairs p .. p + 7.</summary>
    private Vector256<int> PairBits256(ulong p, out Vector256<int> lo)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            var key4 = Vector256.Create(Key);
            Vector256<ulong> p0 = Vector256.Create(p) + Vector256.Create(0UL, 1, 2, 3);
            Vector256<ulong> b0 = MixV(key4 + (p0 * Vector256.Create(Golden)));
            Vector256<ulong> b1 = MixV(key4 + ((p0 + Vector256.Create(4UL)) * Vector256.Create(Golden)));
            lo = Vector256.Narrow(b0 & Vector256.Create(0xFFFFFFUL), b1 & Vector256.Create(0xFFFFFFUL)).AsInt32();
            return Vector256.Narrow(b0 >> 40, b1 >> 40).AsInt32();
        }

        var key = Vector512.Create(Key);
        Vector512<ulong> pairs = Vector512.Create(p) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        Vector512<ulong> bits = MixV(key + (pairs * Vector512.Create(Golden)));
        lo = Vector512.Narrow(bits & Vector512.Create(0xFFFFFFUL), Vector512<ulong>.Zero).GetLower().AsInt32();
        return Vector512.Narrow(bits >> 40, Vector512<ulong>.Zero).GetLower().AsInt32();
    }

    /// <summary>A quarter turn in the 24-bit angle: sin(2 pi u) = cos(2 pi (u - 1/4)).</summary>
    private const int QuarterTurn = 1 << 22;

    /// <summary>
    /// The single-precision normal of counter n by scalar code: the value <see cref="FillNormal"/> gives for n on any
    /// CPU. Counters come in aligned blocks of 16 holding eight Box-Muller pairs: counter n uses pair
    /// p = (n - n mod 16) / 2 + n mod 8 (one mix of p gives the 24-bit radius integer hi and angle integer lo), and
    /// is sqrt(-2 ln u1) cos(2 pi u2) in the block's first half and sqrt(-2 ln u1) sin(2 pi u2) (the angle a quarter
    /// turn back) in its second: two independent normals per mix and logarithm.
    /// </summary>
    public float NormalSingle(ulong n)
    {
        ulong bits = NormalPairBits(Key, n);
        return BoxMuller.Normal<float, int, ScalarBoxMullerLanes<ManagedScalarFloatOps>>(NormalRadius(bits), NormalAngle(bits, n));
    }

    /// <summary>The mix of counter <paramref name="n"/>'s Box-Muller pair in stream <paramref name="key"/> (see <see cref="NormalSingle"/>).</summary>
    internal static ulong NormalPairBits(ulong key, ulong n) => Mix(key + ((((n & ~15UL) >> 1) + (n & 7)) * Golden));

    /// <summary>The 24-bit radius integer of a pair's mix.</summary>
    internal static int NormalRadius(ulong pairBits) => (int)(pairBits >> 40);

    /// <summary>The 24-bit angle integer of counter <paramref name="n"/> from its pair's mix: a quarter turn back in a block's second half (the sine).</summary>
    internal static int NormalAngle(ulong pairBits, ulong n) => (n & 8) != 0 ? ((int)(pairBits & 0xFFFFFF) - QuarterTurn) & 0xFFFFFF : (int)(pairBits & 0xFFFFFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MixV(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MixV(Vector256<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
