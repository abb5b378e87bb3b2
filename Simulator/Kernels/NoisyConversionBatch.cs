using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using IMCSim.Simulator.Random;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Read noise, ADC and shift-and-add of a group of reads (AVX-512, or AVX2 eight lanes at a time with the same bits), drawing a normal only where it can change a code, and drawing
/// the whole group's normals in one loop:
/// <list type="number">
/// <item><see cref="Classify"/>, read by read: every column's code from its mean current, written over the current. A column whose
/// mean is further from a rounding boundary (or beyond the clipping range) than 6 sigma plus the float error converts to that code
/// whatever its normal; the others (pending) are appended to the group's list with their mean, variance and noise counter.</item>
/// <item><see cref="DrawNormals"/>: the normals of every pending column of the group, 16 at a time at their own counters
/// (<see cref="CounterRng.NormalLanes512"/>), and their noisy codes. One long loop of independent iterations: the normals' long
/// dependency chains overlap, where a read's few pending columns alone would leave the core waiting on each chain.</item>
/// <item><see cref="Accumulate"/>, read by read in the group's order: each block's codes with its pending columns' noisy codes
/// expanded into place, times the shift-and-add weights, added to the read's accumulator row.</item>
/// </list>
/// The codes are exactly those of drawing every column's normal (<see cref="ReferenceKernels"/> does), and each accumulator sees the
/// same fused multiply-adds in the same order as converting read by read.
/// </summary>
internal sealed unsafe class NoisyConversionBatch : IDisposable
{
    /// <summary>
    /// Largest |z| a <see cref="CounterRng"/> normal can take, with margin: Box-Muller of a 24-bit uniform u1 >= 2^-24 gives a radius
    /// sqrt(-2 ln 2^-24) = 5.7682 at most (the float radius within 1 ulp of it, the cosine within 2 ulps of 1, both tested over every
    /// input), and a product rounded once. A column further than this many sigma from a boundary cannot change code; a looser bound
    /// (6, as before) only lists ~4 % more columns as pending where the noise is small.
    /// </summary>
    internal const float NormalBound = 5.77f;

    private readonly int _width;
    private readonly int _columns;
    private readonly int _blocks;
    private readonly float* _mean;
    private readonly float* _variance;
    private readonly float* _noisy;
    private readonly int* _column;
    private readonly ulong* _first;
    private readonly ushort* _masks;
    private readonly float _inverseLsb;
    private readonly float _codeMin;
    private readonly float _codeMax;
    private int _pending;
    private int _consumed;

    /// <summary>
    /// Scratch for up to <paramref name="reads"/> reads of <paramref name="width"/> columns (a multiple of 16) each, of which the first
    /// <paramref name="used"/> hold weights: the AVX2 passes stop at the eight-column step that holds the last of them (the columns
    /// past it carry no conductance, so their code is 0 and they add nothing); AVX-512 covers the width.
    /// </summary>
    public NoisyConversionBatch(int reads, int width, int used, float inverseLsb, float codeMin, float codeMax)
    {
        if (reads > 16 || width > 1 << 16)
        {
            throw new ArgumentOutOfRangeException(nameof(reads), "a group holds at most 16 reads of at most 65,536 columns");
        }

        _width = width;
        _columns = Math.Min(width, (used + 7) / 8 * 8);
        _blocks = width / 16;
        nuint lanes = (nuint)((reads * width) + 32);
        _mean = (float*)NativeMemory.AlignedAlloc(lanes * sizeof(float), 64);
        _variance = (float*)NativeMemory.AlignedAlloc(lanes * sizeof(float), 64);
        _noisy = (float*)NativeMemory.AlignedAlloc(lanes * sizeof(float), 64);
        _column = (int*)NativeMemory.AlignedAlloc(lanes * sizeof(int), 64);
        _first = (ulong*)NativeMemory.AlignedAlloc(16 * sizeof(ulong), 64);
        _masks = (ushort*)NativeMemory.Alloc((nuint)(reads * _blocks), sizeof(ushort));
        _inverseLsb = inverseLsb;
        _codeMin = codeMin;
        _codeMax = codeMax;
    }

    /// <summary>Whether this CPU runs the batch: AVX-512, or AVX2 with FMA (eight lanes a step, the same bits).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated || (Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported);

    /// <summary>Starts a new group of reads.</summary>
    public void Clear()
    {
        _pending = 0;
        _consumed = 0;
    }

    /// <summary>
    /// Pass 1 for the group's read <paramref name="read"/> (0, 1, ... in order): the codes of its mean currents over
    /// <paramref name="current"/>; its pending columns listed with noise counters <paramref name="first"/> + column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Classify(int read, float* current, float* variance, ulong first)
    {
        if ((first & 15) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "a read's first noise counter is a multiple of 16 (its read index times a width that is)");
        }

        if (!Vector512.IsHardwareAccelerated)
        {
            Classify256(read, current, variance, first);
            return;
        }

        var inv = Vector512.Create(_inverseLsb);
        var lo = Vector512.Create(_codeMin);
        var hi = Vector512.Create(_codeMax);
        var half = Vector512.Create(0.5f);
        var bound = Vector512.Create(NormalBound) * inv;
        var bound2 = bound * bound;
        var relative = Vector512.Create(1f / (1 << 20));
        var edgeHigh = hi + half;
        var edgeLow = lo - half;
        // A pending column is listed as read << 16 | column; the read's first counter is kept once.
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector512.Create(read << 16);
        _first[read] = first;
        ushort* masks = _masks + (read * _blocks);
        float* pendingMean = _mean, pendingVariance = _variance;
        int* pendingColumn = _column;
        int pending = _pending, width = _width;
        for (int i = 0; i < width; i += 16)
        {
            // A column is safe when its distance d to the nearest rounding boundary (or beyond the clipping range), less the float
            // error allowance, exceeds 6 sigma: compared squared (variance x (6 / lsb)^2 < d^2), so no square root is taken for the
            // columns that draw no normal. (Avx512F.Max/Min are vmaxps/vminps: no NaN reaches them, and no operand pair is +0 and
            // -0 where the order would matter, so they agree with the scalar path's clamp.)
            var mean = Vector512.Load(current + i);
            var v = Vector512.Load(variance + i);
            var x = mean * inv;
            var rounded = Vector512.Round(x);
            var error = Vector512.FusedMultiplyAdd(Vector512.Abs(x), relative, relative); // |x| 2^-20 is exact: one rounding either way
            var d = Avx512F.Max(Avx512F.Max(half - Vector512.Abs(x - rounded), x - edgeHigh), edgeLow - x) - error;
            // Safe: d > 0 and v (6 / lsb)^2 < d^2, or v = 0 (no noise); with d clamped at 0 the first is one comparison, since
            // v (6 / lsb)^2 < 0 never holds.
            var beyond = Avx512F.Max(d, Vector512<float>.Zero);
            var open = ~Vector512.LessThan(v * bound2, beyond * beyond) & ~Vector512.LessThanOrEqual(v, Vector512<float>.Zero);
            Avx512F.Min(Avx512F.Max(rounded, lo), hi).Store(current + i);

            uint mask = (uint)open.ExtractMostSignificantBits();
            masks[i >> 4] = (ushort)mask;
            if (mask == 0)
            {
                // A block with nothing pending lists nothing (measured: the default simulate ~2 % faster than compressing it
                // branch-free, the small ResNet, whose blocks are mostly pending, unchanged).
                continue;
            }

            Avx512F.Compress(Vector512<float>.Zero, open, mean).Store(pendingMean + pending);
            Avx512F.Compress(Vector512<float>.Zero, open, v).Store(pendingVariance + pending);
            Avx512F.Compress(Vector512<int>.Zero, open.AsInt32(), lanes + Vector512.Create(i)).Store(pendingColumn + pending);
            pending += BitOperations.PopCount(mask);
        }

        _pending = pending;
    }

    /// <summary>Pass 2: the noisy codes of every pending column of the group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DrawNormals(CounterRng rng)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            DrawNormals256(rng);
            return;
        }

        PadPending();
        var inv = Vector512.Create(_inverseLsb);
        var lo = Vector512.Create(_codeMin);
        var hi = Vector512.Create(_codeMax);
        var firstLow = Vector512.Load(_first);
        var firstHigh = Vector512.Load(_first + 8);
        var columnBits = Vector512.Create(0xFFFFL);
        for (int p = 0; p < _pending; p += 16)
        {
            // counter = the read's first counter (looked up among the group's 16) + the column.
            var (low, high) = Vector512.Widen(Vector512.Load(_column + p));
            var counterLow = Avx512F.PermuteVar8x64x2(firstLow, Vector512.ShiftRightLogical(low, 16).AsUInt64(), firstHigh) + (low & columnBits).AsUInt64();
            var counterHigh = Avx512F.PermuteVar8x64x2(firstLow, Vector512.ShiftRightLogical(high, 16).AsUInt64(), firstHigh) + (high & columnBits).AsUInt64();
            var z = rng.NormalLanes512(counterLow, counterHigh);
            var sigma = Vector512.Sqrt(Avx512F.Max(Vector512.Load(_variance + p), Vector512<float>.Zero));
            var noisy = Vector512.FusedMultiplyAdd(sigma, z, Vector512.Load(_mean + p));
            Avx512F.Min(Avx512F.Max(Vector512.Round(noisy * inv), lo), hi).Store(_noisy + p);
        }
    }

    /// <summary>
    /// Zeros the 16 list entries past the last pending column: the last step's unused lanes draw at read 0's first counter with zero
    /// variance, harmless values nobody reads.
    /// </summary>
    private void PadPending()
    {
        new Span<float>(_mean + _pending, 16).Clear();
        new Span<float>(_variance + _pending, 16).Clear();
        new Span<int>(_column + _pending, 16).Clear();
    }

    /// <summary>
    /// Pass 3 for the group's read <paramref name="read"/> (0, 1, ... in the order classified): accumulated += code x weight, its
    /// pending columns taking their noisy codes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Accumulate(int read, float* codes, float* weights, float* accumulated)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Accumulate256(read, codes, weights, accumulated);
            return;
        }

        var bits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
        ushort* masks = _masks + (read * _blocks);
        int consumed = _consumed;
        for (int i = 0; i < _width; i += 16)
        {
            int mask = masks[i >> 4];
            var open = Vector512.Equals(Vector512.Create(mask) & bits, bits).AsSingle();
            var code = Avx512F.Expand(Vector512.Load(codes + i), open, Vector512.Load(_noisy + consumed));
            consumed += BitOperations.PopCount((uint)mask);
            Vector512.FusedMultiplyAdd(code, Vector512.Load(weights + i), Vector512.Load(accumulated + i)).Store(accumulated + i);
        }

        _consumed = consumed;
    }

    /// <summary>
    /// <see cref="Classify"/> on AVX2: the same tests lane by lane, 8 columns a step (the 16-column block's mask is its two halves'
    /// 8-bit masks), and the pending lanes packed by a permutation from <see cref="PackTable"/> (AVX2 has no compress).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Classify256(int read, float* current, float* variance, ulong first)
    {
        var inv = Vector256.Create(_inverseLsb);
        var lo = Vector256.Create(_codeMin);
        var hi = Vector256.Create(_codeMax);
        var half = Vector256.Create(0.5f);
        var bound = Vector256.Create(NormalBound) * inv;
        var bound2 = bound * bound;
        var relative = Vector256.Create(1f / (1 << 20));
        var edgeHigh = hi + half;
        var edgeLow = lo - half;
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) + Vector256.Create(read << 16);
        _first[read] = first;
        // A 16-column block's mask is two bytes (little-endian): columns 0-7, then 8-15.
        byte* masks = (byte*)(_masks + (read * _blocks));
        float* pendingMean = _mean, pendingVariance = _variance;
        int* pendingColumn = _column;
        int pending = _pending, width = _columns;
        byte* pack = PackTable;
        for (int i = 0; i < width; i += 8)
        {
            var mean = Vector256.Load(current + i);
            var v = Vector256.Load(variance + i);
            var x = mean * inv;
            var rounded = Vector256.Round(x);
            var error = Fma.MultiplyAdd(Vector256.Abs(x), relative, relative);
            var d = Avx.Max(Avx.Max(half - Vector256.Abs(x - rounded), x - edgeHigh), edgeLow - x) - error;
            var beyond = Avx.Max(d, Vector256<float>.Zero);
            var open = ~Vector256.LessThan(v * bound2, beyond * beyond) & ~Vector256.LessThanOrEqual(v, Vector256<float>.Zero);
            Avx.Min(Avx.Max(rounded, lo), hi).Store(current + i);
            uint mask = open.ExtractMostSignificantBits();
            masks[i >> 3] = (byte)mask;

            // Packed whether or not anything is pending: eight lanes are pending together too seldom for a branch to pay.
            var order = Avx2.ConvertToVector256Int32(pack + (mask * 8));
            Avx2.PermuteVar8x32(mean, order).Store(pendingMean + pending);
            Avx2.PermuteVar8x32(v, order).Store(pendingVariance + pending);
            Avx2.PermuteVar8x32(lanes + Vector256.Create(i), order).Store(pendingColumn + pending);
            pending += BitOperations.PopCount(mask);
        }

        _pending = pending;
    }

    /// <summary>
    /// <see cref="DrawNormals"/> on AVX2, 8 pending columns a step. A counter is its read's first counter (a multiple of 16) plus the
    /// column, so each lane's Key + pair(counter) x Golden is its read's base (looked up among the group's 16 by two permutes a half:
    /// AVX2's gathers cost more) plus pair(column) x Golden (two 32-bit products): <see cref="CounterRng.NormalLanesOfKeyed256"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawNormals256(CounterRng rng)
    {
        PadPending();
        int* baseLow = stackalloc int[16];
        int* baseHigh = stackalloc int[16];
        for (int r = 0; r < 16; r++)
        {
            ulong keyed = rng.KeyedPairBase(_first[r]);
            baseLow[r] = (int)keyed;
            baseHigh[r] = (int)(keyed >> 32);
        }

        var low0 = Vector256.Load(baseLow);
        var low1 = Vector256.Load(baseLow + 8);
        var high0 = Vector256.Load(baseHigh);
        var high1 = Vector256.Load(baseHigh + 8);
        var inv = Vector256.Create(_inverseLsb);
        var lo = Vector256.Create(_codeMin);
        var hi = Vector256.Create(_codeMax);
        var columnBits = Vector256.Create(0xFFFFL);
        for (int p = 0; p < _pending; p += 8)
        {
            var column = Vector256.Load(_column + p);
            var read = Vector256.ShiftRightLogical(column, 16);
            var upper = Vector256.GreaterThan(read, Vector256.Create(7));
            var readLow = Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(low1, read), Avx2.PermuteVar8x32(low0, read));
            var readHigh = Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(high1, read), Avx2.PermuteVar8x32(high0, read));
            var lanes01 = Avx2.UnpackLow(readLow, readHigh).AsUInt64(); // lanes 0, 1 | 4, 5
            var lanes23 = Avx2.UnpackHigh(readLow, readHigh).AsUInt64(); // lanes 2, 3 | 6, 7
            var (low, high) = Vector256.Widen(column);
            var keyedLow = Avx2.Permute2x128(lanes01, lanes23, 0x20) + CounterRng.SmallPairTimesGolden256((low & columnBits).AsUInt64());
            var keyedHigh = Avx2.Permute2x128(lanes01, lanes23, 0x31) + CounterRng.SmallPairTimesGolden256((high & columnBits).AsUInt64());
            var z = CounterRng.NormalLanesOfKeyed256(keyedLow, keyedHigh, column & Vector256.Create(8));
            var sigma = Vector256.Sqrt(Avx.Max(Vector256.Load(_variance + p), Vector256<float>.Zero));
            var noisy = Fma.MultiplyAdd(sigma, z, Vector256.Load(_mean + p));
            Avx.Min(Avx.Max(Vector256.Round(noisy * inv), lo), hi).Store(_noisy + p);
        }
    }

    /// <summary><see cref="Accumulate"/> on AVX2: the pending lanes' noisy codes spread into place by a permutation from <see cref="SpreadTable"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate256(int read, float* codes, float* weights, float* accumulated)
    {
        var bits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        byte* masks = (byte*)(_masks + (read * _blocks));
        int consumed = _consumed;
        byte* spread = SpreadTable;
        for (int i = 0; i < _columns; i += 8)
        {
            int mask = masks[i >> 3];
            var code = Vector256.Load(codes + i);
            if (mask != 0)
            {
                var open = Vector256.Equals(Vector256.Create(mask) & bits, bits).AsSingle();
                var noisy = Avx2.PermuteVar8x32(Vector256.Load(_noisy + consumed), Avx2.ConvertToVector256Int32(spread + (mask * 8)));
                code = Vector256.ConditionalSelect(open, noisy, code);
                consumed += BitOperations.PopCount((uint)mask);
            }

            Fma.MultiplyAdd(code, Vector256.Load(weights + i), Vector256.Load(accumulated + i)).Store(accumulated + i);
        }

        _consumed = consumed;
    }

    /// <summary>
    /// For each 8-bit mask, the lanes whose bits are set, in order, then zeros: a left-packing permutation, one byte a lane (2 KB,
    /// widened by the load: a table of ints, 8 KB, was evicted by the selected-row sums' streaming and waited on L2).
    /// </summary>
    private static readonly byte* PackTable = BuildPermutations(pack: true);

    /// <summary>For each 8-bit mask, lane l's index among the set lanes (where bit l is set): the inverse of the packing.</summary>
    private static readonly byte* SpreadTable = BuildPermutations(pack: false);

    /// <summary>A permutation table for the process's lifetime (never freed: 2 KB, read by every batch).</summary>
    private static byte* BuildPermutations(bool pack)
    {
        var table = (byte*)NativeMemory.AlignedAlloc(256 * 8, 64);
        new Span<byte>(table, 256 * 8).Clear();
        for (int mask = 0; mask < 256; mask++)
        {
            int next = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                if (((mask >> lane) & 1) != 0)
                {
                    table[(mask * 8) + (pack ? next : lane)] = (byte)(pack ? lane : next);
                    next++;
                }
            }
        }

        return table;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_mean);
        NativeMemory.AlignedFree(_variance);
        NativeMemory.AlignedFree(_noisy);
        NativeMemory.AlignedFree(_column);
        NativeMemory.AlignedFree(_first);
        NativeMemory.Free(_masks);
    }
}
