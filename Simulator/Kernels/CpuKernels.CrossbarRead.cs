using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Random;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The crossbar read on the CPU: input vectors in chunks of 128 (chunks in parallel, each on one
/// thread); per chunk and row tile the digits of every cycle form one matrix and two single-threaded
/// packed GEMMs give every read's column means and variances, then one normal per column per read,
/// the ADC and the shift-and-add, vectorised. Scalar and vector paths use the same correctly rounded
/// operations (FMA, sqrt, round-half-even), so results are identical on any x86-64 CPU.
/// </summary>
public sealed partial class CpuKernels
{
    /// <summary>Input vectors per chunk: chunks run in parallel, and the energy is summed per chunk, then over chunks in order.</summary>
    internal const int ReadChunkRows = 128; // at most 1 << VectorBits

    /// <summary>Reads whose selected-row sums are taken together and then converted (their sums stay in L1/L2).</summary>
    private const int SparseReadGroup = 16;

    /// <summary>Bits of a listed read's vector: a read is listed as cycle &lt;&lt; 8 | vector (a chunk has at most 256 vectors), so that taking it apart costs no division.</summary>
    private const int VectorBits = 8;

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;

    private static int ReadCode(int cycle, int vector) => (cycle << VectorBits) | vector;

    private static (int Cycle, int Vector) ReadOf(int code) => (code >> VectorBits, code & ((1 << VectorBits) - 1));

    public unsafe void CrossbarRead(
        in CrossbarReadArgs args,
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> conductance,
        ReadOnlySpan<float> variance,
        ReadOnlySpan<float> rowConductanceUs,
        ReadOnlySpan<float> columnWeights,
        Span<float> output,
        Span<double> cellEnergyFj,
        Span<long> drivenRows,
        Span<long> histogram,
        Span<float> maxCurrent)
    {
        args.Validate(inputs.Length, conductance.Length, variance.Length, rowConductanceUs.Length, columnWeights.Length, output.Length, cellEnergyFj.Length, drivenRows.Length, histogram.Length);
        CrossbarReadArgs a = args;
        int chunks = (a.Rows + ReadChunkRows - 1) / ReadChunkRows;
        int tiles = a.Tiles, groups = a.ColumnGroups;
        var chunkEnergy = new double[chunks * tiles * groups];
        long[] driven = new long[tiles];
        long[]? hist = histogram.IsEmpty ? null : new long[CurrentHistogram.Bins];
        float max = 0;
        var sync = new Lock();
        // 0/1 digits: every read's sums are sums of the plane rows it drives (SelectedRowSums, bit for bit the
        // GEMM), taken over [G | V] side by side (0/1 digits are their own squares); Width is a multiple of 16, so no padding.
        bool binary = a.Analog == 0 && a.DacBits == 1;
        bool noisy = !variance.IsEmpty && a.Mode == CrossbarReadMode.Read;
        int ld = binary ? RoundUp(noisy ? 2 * a.Width : a.Width, SelectedRowSums.ColumnMultiple) : 0;
        // Cache-line aligned: a row sum is one unsplit 64-byte load per 16 columns.
        var combinedBuffer = binary ? AlignedBuffers.Rent((long)a.K * ld) : default;
        float* combined = (float*)combinedBuffer.Pointer;
        for (int row = 0; binary && row < a.K; row++)
        {
            var target = new Span<float>(combined + ((long)row * ld), ld);
            conductance.Slice(row * a.Width, a.Width).CopyTo(target);
            if (noisy)
            {
                variance.Slice(row * a.Width, a.Width).CopyTo(target[a.Width..]);
            }

            target[(noisy ? 2 * a.Width : a.Width)..].Clear();
        }

        try
        {
            fixed (float* px = inputs, pg = conductance, pv = variance, pr = rowConductanceUs, pw = columnWeights, py = output)
            {
                var buffers = new ReadBuffers((nint)px, (nint)pg, (nint)pv, variance.Length, (nint)pr, rowConductanceUs.Length, (nint)pw, (nint)py, (nint)combined, ld);
                void Chunk(int c)
                {
                    var result = ReadChunk(a, buffers, c * ReadChunkRows, Math.Min(ReadChunkRows, a.Rows - (c * ReadChunkRows)), chunkEnergy.AsSpan(c * tiles * groups, tiles * groups), hist is not null);
                    lock (sync)
                    {
                        for (int t = 0; t < tiles; t++)
                        {
                            driven[t] += result.Driven[t];
                        }

                        if (hist is not null)
                        {
                            for (int b = 0; b < hist.Length; b++)
                            {
                                hist[b] += result.Histogram![b];
                            }

                            max = Math.Max(max, result.Max);
                        }
                    }
                }

                if (chunks > 1 && MaxThreads > 1)
                {
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = MaxThreads }, Chunk);
                }
                else
                {
                    for (int c = 0; c < chunks; c++)
                    {
                        Chunk(c);
                    }
                }
            }
        }

        finally
        {
            AlignedBuffers.Return(combinedBuffer);
        }

        // Energy: chunk partial sums added in chunk order (thread-count independent).
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i < tiles * groups; i++)
            {
                cellEnergyFj[i] += chunkEnergy[(c * tiles * groups) + i];
            }
        }

        for (int t = 0; t < tiles; t++)
        {
            drivenRows[t] += driven[t];
        }

        if (hist is not null)
        {
            for (int b = 0; b < hist.Length; b++)
            {
                histogram[b] += hist[b];
            }

            if (!maxCurrent.IsEmpty)
            {
                maxCurrent[0] = Math.Max(maxCurrent[0], max);
            }
        }
    }

    private readonly record struct ReadBuffers(nint Inputs, nint Conductance, nint Variance, int VarianceLength, nint RowConductance, int RowConductanceLength, nint ColumnWeights, nint Output, nint Combined, int CombinedStride);

    private sealed record ChunkResult(long[] Driven, long[]? Histogram, float Max);

    private static unsafe ChunkResult ReadChunk(in CrossbarReadArgs a, ReadBuffers b, int r0, int rc, Span<double> energy, bool calibrate)
    {
        int k = a.K, n = a.N, width = a.Width, cycles = a.Cycles, tiles = a.Tiles, groups = a.ColumnGroups, slices = a.Slices;
        bool analog = a.Analog == 1, noisy = b.VarianceLength > 0 && a.Mode == CrossbarReadMode.Read;
        bool quantise = a.QuantiseAdc == 1 && a.Mode == CrossbarReadMode.Read;
        bool countEnergy = b.RowConductanceLength > 0 && a.Mode == CrossbarReadMode.Read;

        // Squared digits (variance and energy) differ from the digits unless they are 0/1.
        bool squaresDiffer = (noisy || countEnergy) && (analog || a.DacBits > 1);
        int maxRows = Math.Min(a.ArrayRows, k), m = cycles * rc;
        var inputs = new ReadOnlySpan<float>((float*)b.Inputs + ((long)r0 * k), rc * k);
        var rng = new CounterRng(a.NoiseKey);

        var pool = ArrayPool<float>.Shared;
        bool sparse = b.Combined != 0;
        float[] digits = pool.Rent(sparse ? 0 : m * maxRows);
        float[] squares = squaresDiffer ? pool.Rent(m * maxRows) : digits;
        int stride = sparse ? b.CombinedStride : width, words = SelectedRowSums.Words(maxRows);
        float[] mean = pool.Rent(sparse ? 0 : m * stride), varianceSums = pool.Rent(noisy && !sparse ? m * width : 0);
        ulong[] rowMasks = ArrayPool<ulong>.Shared.Rent(sparse ? (m + MaskSlack) * words : 0);
        float[] z = pool.Rent(noisy ? width : 0), accumulated = pool.Rent(rc * width), squareSums = pool.Rent(maxRows);
        int[] readRows = ArrayPool<int>.Shared.Rent(m + MaskSlack);
        float* groupSums = sparse ? (float*)NativeMemory.AlignedAlloc((nuint)(SparseReadGroup * stride * sizeof(float)), 64) : null;
        var driven = new long[tiles];
        long[]? hist = calibrate ? new long[CurrentHistogram.Bins] : null;
        float max = 0;
        float codeMin = quantise ? a.CodeMin : -float.MaxValue, codeMax = quantise ? a.CodeMax : float.MaxValue, inverseLsb = quantise ? a.InverseLsb : 1f;
        using var batch = noisy && quantise && NoisyConversionBatch.IsSupported ? new NoisyConversionBatch(SparseReadGroup, width, slices * n, inverseLsb, codeMin, codeMax) : null;
        Array.Clear(accumulated, 0, rc * width);
        try
        {
            for (int t = 0; t < tiles; t++)
            {
                int k0 = t * a.ArrayRows, kt = Math.Min(a.ArrayRows, k - k0);

                // The reads that drive at least one row, compacted: an all-zero read gives zero currents (no noise
                // either: its variance is zero), so it converts to code 0 and adds nothing.
                int reads;
                if (sparse)
                {
                    reads = BuildRowMasks(inputs, rc, k, k0, kt, cycles, rowMasks, words, readRows, out driven[t]);
                    if (reads == 0)
                    {
                        continue;
                    }
                }
                else
                {
                    reads = BuildDigits(inputs, rc, k, k0, kt, cycles, a.DacBits, a.DigitMask, analog, digits, squaresDiffer ? squares : null, readRows, out driven[t]);
                    if (reads == 0)
                    {
                        continue;
                    }

                    var plane = new ReadOnlySpan<float>((float*)b.Conductance + ((long)k0 * width), kt * width);
                    PackedGemm.Run(GemmArgs.Dense(reads, width, kt), digits.AsSpan(0, reads * kt), plane, mean.AsSpan(0, reads * width), 1);
                }

                if (noisy && !sparse)
                {
                    var variancePlane = new ReadOnlySpan<float>((float*)b.Variance + ((long)k0 * width), kt * width);
                    PackedGemm.Run(GemmArgs.Dense(reads, width, kt), squares.AsSpan(0, reads * kt), variancePlane, varianceSums.AsSpan(0, reads * width), 1);
                }

                if (countEnergy)
                {
                    // Cell energy of every array of the tile: sum_reads sum_k d_k^2 G_row[k, array] V^2 t / d_full^2.
                    // Squares summed in float in read order (integers: exact; analog: a fixed order); 0/1 digits are their own squares.
                    Array.Clear(squareSums, 0, kt);
                    if (sparse)
                    {
                        DrivenCounts(inputs, rc, k, k0, kt, cycles, squareSums);
                    }

                    for (int row = 0; !sparse && row < reads; row++)
                    {
                        Span<float> sums = squareSums.AsSpan(0, kt);
                        System.Numerics.Tensors.TensorPrimitives.Add(sums, squares.AsSpan(row * kt, kt), sums);
                    }

                    var rowG = new ReadOnlySpan<float>((float*)b.RowConductance + ((long)k0 * groups), kt * groups);
                    for (int g = 0; g < groups; g++)
                    {
                        double e = 0;
                        for (int i = 0; i < kt; i++)
                        {
                            e += (double)squareSums[i] * rowG[(i * groups) + g];
                        }

                        energy[(t * groups) + g] += e * a.EnergyFjPerUsDigitSquared;
                    }
                }

                // Selected-row sums go in groups of reads that are converted at once, while their sums are in cache.
                if (batch is not null)
                {
                    // Noisy quantised reads on AVX-512 or AVX2: each group's normals drawn in one loop (NoisyConversionBatch).
                    for (int g0 = 0; g0 < reads; g0 += SparseReadGroup)
                    {
                        int count = Math.Min(SparseReadGroup, reads - g0);
                        if (sparse)
                        {
                            fixed (ulong* pm = rowMasks)
                            {
                                SelectedRowSums.Sum(count, words, pm + ((long)g0 * words), (float*)b.Combined + ((long)k0 * stride), stride, groupSums);
                            }
                        }

                        fixed (float* pm = mean, pv = varianceSums)
                        {
                            // Sparse: the group's sums, [G | V] side by side per read; dense: every read's means and variances.
                            float* currents = sparse ? groupSums : pm + ((long)g0 * stride), variances = sparse ? groupSums + width : pv + ((long)g0 * width);
                            int varianceStride = sparse ? stride : width;
                            batch.Clear();
                            for (int q = 0; q < count; q++)
                            {
                                var (c, r) = ReadOf(readRows[g0 + q]);
                                batch.Classify(q, currents + ((long)q * stride), variances + ((long)q * varianceStride), a.ReadIndex(r0 + r, t, c) * (ulong)width);
                            }

                            batch.DrawNormals(rng);
                            fixed (float* pa = accumulated)
                            {
                                for (int q = 0; q < count; q++)
                                {
                                    var (c, r) = ReadOf(readRows[g0 + q]);
                                    batch.Accumulate(q, currents + ((long)q * stride), (float*)b.ColumnWeights + ((long)((t * cycles) + c) * width), pa + ((long)r * width));
                                }
                            }
                        }
                    }

                    continue;
                }

                int group = sparse ? SparseReadGroup : reads;
                for (int row = 0; row < reads; row++)
                {
                    int sumRow = row % group;
                    if (sparse && sumRow == 0)
                    {
                        fixed (ulong* pm = rowMasks)
                        {
                            SelectedRowSums.Sum(Math.Min(group, reads - row), words, pm + ((long)row * words), (float*)b.Combined + ((long)k0 * stride), stride, groupSums);
                        }
                    }

                    var (c, r) = ReadOf(readRows[row]);
                    var weights = new ReadOnlySpan<float>((float*)b.ColumnWeights + ((long)((t * cycles) + c) * width), width);
                    Span<float> current = sparse ? new Span<float>(groupSums + ((long)sumRow * stride), width) : mean.AsSpan(row * stride, width);
                    Span<float> rowVariance = !noisy ? default : sparse ? new Span<float>(groupSums + ((long)sumRow * stride) + width, width) : varianceSums.AsSpan(row * width, width);
                    if (noisy)
                    {
                        AddNoise(current, rowVariance, rng, a.ReadIndex(r0 + r, t, c) * (ulong)width, z);
                    }

                    if (calibrate)
                    {
                        max = CountCurrents(current, hist!, max);
                    }

                    ConvertAccumulate(current, inverseLsb, codeMin, codeMax, quantise, weights, accumulated.AsSpan(r * width, width));
                }
            }

            fixed (float* pa = accumulated)
            {
                for (int r = 0; r < rc; r++)
                {
                    ShiftAdd(pa + ((long)r * width), n, slices, (float*)b.Output + ((long)(r0 + r) * n));
                }
            }
        }
        finally
        {
            pool.Return(digits);
            if (squaresDiffer)
            {
                pool.Return(squares);
            }

            pool.Return(mean);
            pool.Return(varianceSums);
            pool.Return(z);
            pool.Return(accumulated);
            pool.Return(squareSums);
            ArrayPool<int>.Shared.Return(readRows);
            ArrayPool<ulong>.Shared.Return(rowMasks);
            NativeMemory.AlignedFree(groupSums);
        }

        return new ChunkResult(driven, hist, max);
    }

    /// <summary>
    /// Shift-and-add across slices, in slice order: y[j] = ((acc[j] + acc[N + j]) + acc[2N + j]) + ..., each output's sum held in a
    /// register (16 outputs a vector, 8 on AVX2; a layer's outputs are often few, 6 or 16, so no library call per slice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ShiftAdd(float* acc, int n, int slices, float* y)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= n; j += 16)
            {
                var sum = Vector512.Load(acc + j);
                for (int sl = 1; sl < slices; sl++)
                {
                    sum += Vector512.Load(acc + ((long)sl * n) + j);
                }

                sum.Store(y + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= n; j += 8)
            {
                var sum = Vector256.Load(acc + j);
                for (int sl = 1; sl < slices; sl++)
                {
                    sum += Vector256.Load(acc + ((long)sl * n) + j);
                }

                sum.Store(y + j);
            }
        }

        for (; j < n; j++)
        {
            float sum = acc[j];
            for (int sl = 1; sl < slices; sl++)
            {
                sum += acc[((long)sl * n) + j];
            }

            y[j] = sum;
        }
    }

    /// <summary>A calibration read's currents counted into the histogram; returns the largest |current| so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float CountCurrents(Span<float> current, long[] histogram, float max)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Max is associative and commutative (|current| has no -0, and a NaN wins either way), so lanes then a reduction give
            // Math.Max's running result.
            var largest = Vector512.Create(max);
            int* bins = stackalloc int[16];
            fixed (float* at = current)
            {
                for (; i + 16 <= current.Length; i += 16)
                {
                    var magnitude = Vector512.Load(at + i).AsInt32() & Vector512.Create(0x7FFFFFFF);
                    largest = Vector512.Max(largest, magnitude.AsSingle());
                    CurrentHistogram.BinsOfMagnitudes(magnitude).Store(bins);
                    for (int l = 0; l < 16; l++)
                    {
                        histogram[bins[l]]++;
                    }
                }
            }

            for (int l = 0; l < 16; l++)
            {
                max = Math.Max(max, largest[l]);
            }
        }

        for (; i < current.Length; i++)
        {
            histogram[CurrentHistogram.Bin(current[i])]++;
            max = Math.Max(max, Math.Abs(current[i]));
        }

        return max;
    }

    /// <summary>
    /// Digits of every (cycle, vector) read of one row tile that drives at least one row, compacted into
    /// rows of <paramref name="digits"/> (their cycle and vector as <see cref="ReadCode"/> in <paramref name="readRows"/>), with
    /// squares for the noise variance. Returns the number of such reads; <paramref name="drivenRows"/> = non-zero digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BuildDigits(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, int dacBits, int digitMask, bool analog, float[] digits, float[]? squares, int[] readRows, out long drivenRows)
    {
        long driven = 0;
        int reads = 0;
        for (int c = 0; c < cycles; c++)
        {
            int shift = c * dacBits;
            for (int r = 0; r < rc; r++)
            {
                Span<float> dst = digits.AsSpan(reads * kt, kt);
                ReadOnlySpan<float> src = inputs.Slice((r * k) + k0, kt);
                int nonZero = 0, i = 0;
                if (analog)
                {
                    src.CopyTo(dst);
                    for (; i < kt; i++)
                    {
                        nonZero += dst[i] != 0 ? 1 : 0;
                    }
                }
                else
                {
                    if (Vector512.IsHardwareAccelerated)
                    {
                        var mask = Vector512.Create(digitMask);
                        for (; i + 16 <= kt; i += 16)
                        {
                            var q = Vector512.ShiftRightLogical(Vector512.ConvertToInt32(Vector512.LoadUnsafe(ref Unsafe.AsRef(in src[i]))), shift) & mask;
                            Vector512.ConvertToSingle(q).StoreUnsafe(ref dst[i]);
                            nonZero += 16 - BitOperations.PopCount(Vector512.Equals(q, Vector512<int>.Zero).ExtractMostSignificantBits());
                        }
                    }

                    for (; i < kt; i++)
                    {
                        int d = ((int)src[i] >> shift) & digitMask;
                        dst[i] = d;
                        nonZero += d != 0 ? 1 : 0;
                    }
                }

                if (nonZero == 0)
                {
                    continue;
                }

                driven += nonZero;
                if (squares is not null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(dst, dst, squares.AsSpan(reads * kt, kt));
                }

                readRows[reads++] = ReadCode(c, r);
            }
        }

        drivenRows = driven;
        return reads;
    }

    /// <summary>
    /// The driven rows (0/1 digits: bit c of every input, c = cycle) of every (vector, cycle) read of one row tile
    /// that drives at least one row, compacted in vector-major order (each vector's cycles in order, so every vector's
    /// conversions still accumulate in cycle order): read i drives row w x 64 + b where bit b of masks[i x words + w] is
    /// set, its cycle and vector as <see cref="ReadCode"/> in <paramref name="readRows"/>. A vector's input codes are converted once for all its
    /// cycles, and a cycle whose bit no input has set is skipped outright. Returns the number of such reads;
    /// <paramref name="drivenRows"/> = rows driven.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int BuildRowMasks(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, ulong[] masks, int words, int[] readRows, out long drivenRows)
    {
        if (TransposesBitPlanes(cycles, words))
        {
            return BuildRowMasksByTranspose(inputs, rc, k, k0, kt, cycles, masks, words, readRows, out drivenRows);
        }

        if (!Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated && cycles <= 8)
        {
            return BuildRowMasksByBytes(inputs, rc, k, k0, kt, cycles, masks, words, readRows, out drivenRows);
        }

        int reads = 0;
        long listed = 0;
        // Codes padded with zeros to whole 16-lane vectors: a padded lane never has a bit set, so it is never driven.
        int padded = RoundUp(kt, 16);
        int[] codes = ArrayPool<int>.Shared.Rent(padded);
        try
        {
            codes.AsSpan(kt, padded - kt).Clear();
            for (int r = 0; r < rc; r++)
            {
                ReadOnlySpan<float> src = inputs.Slice((r * k) + k0, kt);
                int any = 0, i = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    var or = Vector512<int>.Zero;
                    for (; i + 16 <= kt; i += 16)
                    {
                        var q = Vector512.ConvertToInt32(Vector512.LoadUnsafe(ref Unsafe.AsRef(in src[i])));
                        q.StoreUnsafe(ref codes[i]);
                        or |= q;
                    }

                    if (i < kt && Avx512F.IsSupported)
                    {
                        // The last, partial vector by a masked load (its lanes past the row read as 0 and never fault).
                        var inRow = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(kt - i)).AsSingle();
                        fixed (float* at = &src[i])
                        {
                            var q = Vector512.ConvertToInt32(Avx512F.MaskLoad(at, inRow, Vector512<float>.Zero));
                            q.StoreUnsafe(ref codes[i]);
                            or |= q;
                        }

                        i = kt;
                    }

                    var half = or.GetLower() | or.GetUpper();
                    var quarter = half.GetLower() | half.GetUpper();
                    any = quarter[0] | quarter[1] | quarter[2] | quarter[3];
                }

                for (; i < kt; i++)
                {
                    codes[i] = (int)src[i];
                    any |= codes[i];
                }

                for (int c = 0; c < cycles && (any >> c) != 0; c++)
                {
                    if (((any >> c) & 1) == 0)
                    {
                        continue;
                    }

                    Span<ulong> mask = masks.AsSpan(reads * words, words);
                    mask.Clear();
                    int j = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        // 16 rows a step: the lanes whose bit c is set, as 16 bits of the rows' mask word.
                        var bit = Vector512.Create(1 << c);
                        for (; j < kt; j += 16)
                        {
                            ulong set = Vector512.Equals(Vector512.LoadUnsafe(ref codes[j]) & bit, bit).ExtractMostSignificantBits();
                            mask[j >> 6] |= set << (j & 63);
                            listed += BitOperations.PopCount(set);
                        }
                    }
                    else
                    {
                        for (; j < kt; j++)
                        {
                            if (((codes[j] >> c) & 1) != 0)
                            {
                                mask[j >> 6] |= 1UL << (j & 63);
                                listed++;
                            }
                        }
                    }

                    readRows[reads++] = ReadCode(c, r);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(codes);
        }

        drivenRows = listed;
        return reads;
    }

    /// <summary>
    /// <see cref="BuildRowMasks"/> for machines without AVX-512 (at most 8 cycles, so a code's cycle bits fit in a byte): a vector's
    /// codes as bytes, then each cycle's mask word from two byte comparisons and two byte sign masks (32 rows each), where the
    /// lane-by-lane path tests every row of every cycle. The same reads, masks and counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int BuildRowMasksByBytes(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, ulong[] masks, int words, int[] readRows, out long drivenRows)
    {
        int reads = 0;
        long listed = 0;
        // Bytes padded with zeros to whole mask words: a padded row never has a bit set, so it is never driven.
        int padded = words * SelectedRowSums.RowsPerWord;
        byte[] codes = ArrayPool<byte>.Shared.Rent(padded);
        try
        {
            fixed (byte* bytes = codes)
            fixed (float* all = inputs)
            {
                new Span<byte>(bytes + kt, padded - kt).Clear();
                for (int r = 0; r < rc; r++)
                {
                    float* src = all + ((long)r * k) + k0;
                    var or = Vector256<int>.Zero;
                    int any = 0, i = 0;
                    for (; i + 32 <= kt; i += 32)
                    {
                        var q0 = Vector256.ConvertToInt32(Vector256.Load(src + i));
                        var q1 = Vector256.ConvertToInt32(Vector256.Load(src + i + 8));
                        var q2 = Vector256.ConvertToInt32(Vector256.Load(src + i + 16));
                        var q3 = Vector256.ConvertToInt32(Vector256.Load(src + i + 24));
                        or |= q0 | q1 | q2 | q3;
                        // Narrowing keeps each code's low bits, the only ones a cycle reads.
                        Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3)).AsByte().Store(bytes + i);
                    }

                    for (; i < kt; i++)
                    {
                        int q = (int)src[i];
                        bytes[i] = (byte)q;
                        any |= q;
                    }

                    var half = or.GetLower() | or.GetUpper();
                    any |= half[0] | half[1] | half[2] | half[3];
                    for (int c = 0; c < cycles && (any >> c) != 0; c++)
                    {
                        if (((any >> c) & 1) == 0)
                        {
                            continue;
                        }

                        var bit = Vector256.Create((byte)(1 << c));
                        fixed (ulong* mask = &masks[reads * words])
                        {
                            for (int w = 0; w < words; w++)
                            {
                                byte* at = bytes + (w * SelectedRowSums.RowsPerWord);
                                ulong low = Vector256.Equals(Vector256.Load(at) & bit, bit).ExtractMostSignificantBits();
                                ulong high = Vector256.Equals(Vector256.Load(at + 32) & bit, bit).ExtractMostSignificantBits();
                                mask[w] = low | (high << 32);
                                listed += BitOperations.PopCount(mask[w]);
                            }
                        }

                        readRows[reads++] = ReadCode(c, r);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(codes);
        }

        drivenRows = listed;
        return reads;
    }

    /// <summary>
    /// Masks past the last read that <see cref="BuildRowMasksByTranspose"/> may write (whole vectors of eight cycles' masks, of which it
    /// keeps the live ones); buffers for masks and read codes are rented this much longer.
    /// </summary>
    private const int MaskSlack = 16;

    /// <summary>Whether a tile's masks can be taken by bit-matrix transposes (GFNI and AVX-512 VBMI): at most 8 cycles and 2 mask words.</summary>
    private static bool TransposesBitPlanes(int cycles, int words) => cycles <= 8 && words <= 2 && Gfni.V512.IsSupported && Avx512Vbmi.IsSupported;

    /// <summary>
    /// <see cref="BuildRowMasks"/> by bit-matrix transposes, the same masks and reads in the same order: a vector's codes (at most 8 bits,
    /// one per cycle) as bytes, 64 rows a register; GF2P8AFFINEQB with each 8-row group as the bit matrix turns the bytes 1, 2, 4, ...,
    /// 128 into the group's 8 bit planes, and one byte permutation gathers each plane's 8 groups into a word: word c = the 64 rows'
    /// mask of cycle c. About 20 instructions for all 8 cycles of 64 rows, against ~5 per cycle and 16 rows comparing lane by lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int BuildRowMasksByTranspose(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, ulong[] masks, int words, int[] readRows, out long drivenRows)
    {
        // Within each 8-byte group, bytes in reverse order (the transform's matrix takes its rows from the group's last byte first).
        var reverse = Vector512.Create((byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
            7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
        var unit = Vector512.Create(0x8040201008040201UL).AsByte();
        // Byte 8c + g of the result = byte 8g + c of the planes (plane c of group g).
        var gather = Vector512.Create((byte)0, 8, 16, 24, 32, 40, 48, 56, 1, 9, 17, 25, 33, 41, 49, 57, 2, 10, 18, 26, 34, 42, 50, 58, 3, 11, 19, 27, 35, 43, 51, 59,
            4, 12, 20, 28, 36, 44, 52, 60, 5, 13, 21, 29, 37, 45, 53, 61, 6, 14, 22, 30, 38, 46, 54, 62, 7, 15, 23, 31, 39, 47, 55, 63);
        var cycleBits = Vector512.Create((byte)((1 << cycles) - 1));
        var cycleCodes = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7) << VectorBits;
        var firstPairs = Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11);
        var lastPairs = Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15);
        var firstLive = Vector512.Create(0UL, 0, 1, 1, 2, 2, 3, 3);
        var lastLive = Vector512.Create(4UL, 4, 5, 5, 6, 6, 7, 7);
        int reads = 0;
        long listed = 0;
        fixed (float* pin = inputs)
        fixed (ulong* pm = masks)
        fixed (int* pr = readRows)
        {
            for (int r = 0; r < rc; r++)
            {
                float* row = pin + ((long)r * k) + k0;
                var bytes0 = Codes(row, Math.Min(kt, 64)) & cycleBits;
                var bytes1 = kt > 64 ? Codes(row + 64, kt - 64) & cycleBits : Vector512<byte>.Zero;
                var planes0 = Planes(bytes0, reverse, unit, gather);
                var planes1 = kt > 64 ? Planes(bytes1, reverse, unit, gather) : Vector512<ulong>.Zero;
                var live = ~Vector512.Equals(planes0 | planes1, Vector512<ulong>.Zero);
                uint liveBits = (uint)live.ExtractMostSignificantBits();
                if (liveBits == 0)
                {
                    continue;
                }

                // The live cycles' read codes and masks, compacted in cycle order (whole registers stored: the buffers have MaskSlack).
                Avx512F.ConvertToVector256Int32(Avx512F.Compress(Vector512<long>.Zero, live.AsInt64(), cycleCodes | Vector512.Create((long)r))).Store(pr + reads);
                if (words == 1)
                {
                    Avx512F.Compress(Vector512<ulong>.Zero, live, planes0).Store(pm + reads);
                }
                else
                {
                    // Two words a read: (cycle 0 word 0, cycle 0 word 1, cycle 1 word 0, ...), cycles 0-3 then 4-7.
                    var first = Avx512F.Compress(Vector512<ulong>.Zero, Avx512F.PermuteVar8x64(live, firstLive), Avx512F.PermuteVar8x64x2(planes0, firstPairs, planes1));
                    var last = Avx512F.Compress(Vector512<ulong>.Zero, Avx512F.PermuteVar8x64(live, lastLive), Avx512F.PermuteVar8x64x2(planes0, lastPairs, planes1));
                    first.Store(pm + (2L * reads));
                    last.Store(pm + (2L * (reads + BitOperations.PopCount(liveBits & 0xF))));
                }

                reads += BitOperations.PopCount(liveBits);
                listed += (long)Vector512.Sum(Avx512BW.SumAbsoluteDifferences(BytePopCount(bytes0) + BytePopCount(bytes1), Vector512<byte>.Zero).AsUInt64());
            }
        }

        drivenRows = listed;
        return reads;

        // Up to 64 codes as bytes (rows past count read as 0 and never fault).
        static Vector512<byte> Codes(float* at, int count)
        {
            var q0 = Quarter(at, count);
            var q1 = Quarter(at + 16, count - 16);
            var q2 = Quarter(at + 32, count - 32);
            var q3 = Quarter(at + 48, count - 48);
            return Vector512.Create(Vector256.Create(q0, q1), Vector256.Create(q2, q3));
        }

        static Vector128<byte> Quarter(float* at, int count)
        {
            if (count <= 0)
            {
                return Vector128<byte>.Zero;
            }

            var x = count >= 16 ? Vector512.Load(at) : Avx512F.MaskLoad(at, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle(), Vector512<float>.Zero);
            return Avx512F.ConvertToVector128Byte(Vector512.ConvertToInt32(x));
        }

        static Vector512<ulong> Planes(Vector512<byte> bytes, Vector512<byte> reverse, Vector512<byte> unit, Vector512<byte> gather) =>
            Avx512Vbmi.PermuteVar64x8(Gfni.V512.GaloisFieldAffineTransform(unit, Avx512BW.Shuffle(bytes, reverse), 0), gather).AsUInt64();

        static Vector512<byte> BytePopCount(Vector512<byte> x)
        {
            var u = x.AsUInt64();
            u -= (u >> 1) & Vector512.Create(0x5555555555555555UL);
            u = (u & Vector512.Create(0x3333333333333333UL)) + ((u >> 2) & Vector512.Create(0x3333333333333333UL));
            return ((u + (u >> 4)) & Vector512.Create(0x0F0F0F0F0F0F0F0FUL)).AsByte();
        }
    }

    /// <summary>
    /// counts[i] = reads of the chunk that drive row k0 + i with 0/1 digits: the number of set bits of its input codes
    /// among the cycles' bits (bit c is cycle c's digit), summed over the chunk's vectors. Integers: exact in float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DrivenCounts(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, float[] counts)
    {
        // Only the cycles' bits drive rows: a code's bits above them are never read.
        int cycleBits = cycles >= 31 ? int.MaxValue : (1 << cycles) - 1;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Population count of non-negative 32-bit codes, SWAR.
            var m1 = Vector512.Create(0x55555555);
            var m2 = Vector512.Create(0x33333333);
            var m4 = Vector512.Create(0x0F0F0F0F);
            var m6 = Vector512.Create(0x3F);
            var own = Vector512.Create(cycleBits);
            for (; i < kt && (i + 16 <= kt || Avx512F.IsSupported); i += 16)
            {
                // A last, partial vector of rows by masked loads and a masked store (lanes past the tile read as 0, never fault).
                var inTile = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(kt - i)).AsSingle();
                bool whole = i + 16 <= kt;
                var sum = Vector512<int>.Zero;
                fixed (float* pin = inputs)
                {
                    for (int r = 0; r < rc; r++)
                    {
                        float* at = pin + (r * k) + k0 + i;
                        var x = Vector512.ConvertToInt32(whole ? Vector512.Load(at) : Avx512F.MaskLoad(at, inTile, Vector512<float>.Zero)) & own;
                        x -= Vector512.ShiftRightLogical(x, 1) & m1;
                        x = (x & m2) + (Vector512.ShiftRightLogical(x, 2) & m2);
                        x = (x + Vector512.ShiftRightLogical(x, 4)) & m4;
                        x += Vector512.ShiftRightLogical(x, 8);
                        sum += (x + Vector512.ShiftRightLogical(x, 16)) & m6;
                    }
                }

                fixed (float* pc = &counts[i])
                {
                    if (whole)
                    {
                        Vector512.ConvertToSingle(sum).Store(pc);
                    }
                    else
                    {
                        Avx512F.MaskStore(pc, inTile, Vector512.ConvertToSingle(sum));
                    }
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // The same counts eight rows a step (AVX2; integers, so exact either way).
            var m1 = Vector256.Create(0x55555555);
            var m2 = Vector256.Create(0x33333333);
            var m4 = Vector256.Create(0x0F0F0F0F);
            var m6 = Vector256.Create(0x3F);
            var own = Vector256.Create(cycleBits);
            fixed (float* pin = inputs, pc = counts)
            {
                for (; i + 8 <= kt; i += 8)
                {
                    var sum = Vector256<int>.Zero;
                    for (int r = 0; r < rc; r++)
                    {
                        var x = Vector256.ConvertToInt32(Vector256.Load(pin + (r * k) + k0 + i)) & own;
                        x -= Vector256.ShiftRightLogical(x, 1) & m1;
                        x = (x & m2) + (Vector256.ShiftRightLogical(x, 2) & m2);
                        x = (x + Vector256.ShiftRightLogical(x, 4)) & m4;
                        x += Vector256.ShiftRightLogical(x, 8);
                        sum += (x + Vector256.ShiftRightLogical(x, 16)) & m6;
                    }

                    Vector256.ConvertToSingle(sum).Store(pc + i);
                }
            }
        }

        for (; i < kt; i++)
        {
            int sum = 0;
            for (int r = 0; r < rc; r++)
            {
                sum += BitOperations.PopCount((uint)((int)inputs[(r * k) + k0 + i] & cycleBits));
            }

            counts[i] = sum;
        }
    }

    /// <summary>
    /// current += sqrt(max(variance, 0)) z with z the normals of counters first + i, element-wise (one FMA each, the
    /// same on every path). Blocks of 16 columns whose variances are all zero are left as they are (their
    /// noise is exactly zero) and draw no normals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddNoise(Span<float> current, ReadOnlySpan<float> variance, CounterRng rng, ulong first, float[] z)
    {
        for (int i0 = 0; i0 < current.Length; i0 += 16)
        {
            ReadOnlySpan<float> v = variance.Slice(i0, 16);
            if (Vector512.IsHardwareAccelerated)
            {
                if (Vector512.LessThanOrEqualAll(Vector512.LoadUnsafe(ref Unsafe.AsRef(in v[0])), Vector512<float>.Zero))
                {
                    continue;
                }
            }
            else if (!HasPositive(v))
            {
                continue;
            }

            rng.FillNormal(first + (ulong)i0, z.AsSpan(i0, 16));
            Span<float> c = current.Slice(i0, 16);
            if (Vector512.IsHardwareAccelerated)
            {
                var sigma = Vector512.Sqrt(Vector512.Max(Vector512.LoadUnsafe(ref Unsafe.AsRef(in v[0])), Vector512<float>.Zero));
                Vector512.FusedMultiplyAdd(sigma, Vector512.LoadUnsafe(ref z[i0]), Vector512.LoadUnsafe(ref c[0])).StoreUnsafe(ref c[0]);
                continue;
            }

            for (int i = 0; i < 16; i++)
            {
                c[i] = MathF.FusedMultiplyAdd(MathF.Sqrt(Math.Max(v[i], 0f)), z[i0 + i], c[i]);
            }
        }
    }

    private static bool HasPositive(ReadOnlySpan<float> v)
    {
        foreach (float x in v)
        {
            if (x > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>ADC and shift-and-add weight of one read row, accumulated: acc = fma(code, weight, acc), code = clamp(round(current / lsb)) when quantising, else the current.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ConvertAccumulate(ReadOnlySpan<float> current, float inverseLsb, float codeMin, float codeMax, bool quantise, ReadOnlySpan<float> weights, Span<float> accumulated)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var lo = Vector512.Create(codeMin);
            var hi = Vector512.Create(codeMax);
            var inv = Vector512.Create(inverseLsb);
            for (; i + 16 <= current.Length; i += 16)
            {
                var c = Vector512.LoadUnsafe(ref Unsafe.AsRef(in current[i]));
                var w = Vector512.LoadUnsafe(ref Unsafe.AsRef(in weights[i]));
                var code = quantise ? Vector512.Min(Vector512.Max(Vector512.Round(c * inv), lo), hi) : c;
                Vector512.FusedMultiplyAdd(code, w, Vector512.LoadUnsafe(ref accumulated[i])).StoreUnsafe(ref accumulated[i]);
            }
        }

        for (; i < current.Length; i++)
        {
            float code = quantise ? Math.Clamp(MathF.Round(current[i] * inverseLsb), codeMin, codeMax) : current[i];
            accumulated[i] = MathF.FusedMultiplyAdd(code, weights[i], accumulated[i]);
        }
    }
}
