using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    private const int ReadChunkRows = 128;

    public void CrossbarRead(
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
        // 0/1 digits are their own squares: one GEMM against [G | V] side by side gives means and variances
        // together (the digit matrix is packed once, and the wider product runs closer to the GEMM's peak).
        bool fused = !variance.IsEmpty && a.Mode == CrossbarReadMode.Read && a.Analog == 0 && a.DacBits == 1;
        float[] combined = fused ? ArrayPool<float>.Shared.Rent(a.K * 2 * a.Width) : [];
        for (int row = 0; fused && row < a.K; row++)
        {
            conductance.Slice(row * a.Width, a.Width).CopyTo(combined.AsSpan(row * 2 * a.Width));
            variance.Slice(row * a.Width, a.Width).CopyTo(combined.AsSpan((row * 2 * a.Width) + a.Width));
        }

        unsafe
        {
            fixed (float* px = inputs, pg = conductance, pv = variance, pr = rowConductanceUs, pw = columnWeights, py = output, pc = combined)
            {
                var buffers = new ReadBuffers((nint)px, (nint)pg, (nint)pv, variance.Length, (nint)pr, rowConductanceUs.Length, (nint)pw, (nint)py, fused ? (nint)pc : 0);
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

        if (fused)
        {
            ArrayPool<float>.Shared.Return(combined);
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

    private readonly record struct ReadBuffers(nint Inputs, nint Conductance, nint Variance, int VarianceLength, nint RowConductance, int RowConductanceLength, nint ColumnWeights, nint Output, nint Combined);

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
        var output = new Span<float>((float*)b.Output + ((long)r0 * n), rc * n);
        var rng = new CounterRng(a.NoiseKey);

        var pool = ArrayPool<float>.Shared;
        float[] digits = pool.Rent(m * maxRows);
        float[] squares = squaresDiffer ? pool.Rent(m * maxRows) : digits;
        bool fused = b.Combined != 0;
        int stride = fused ? 2 * width : width;
        float[] mean = pool.Rent(m * stride), varianceSums = pool.Rent(noisy && !fused ? m * width : 0);
        float[] z = pool.Rent(width), accumulated = pool.Rent(rc * width), squareSums = pool.Rent(maxRows);
        int[] readRows = ArrayPool<int>.Shared.Rent(m);
        var driven = new long[tiles];
        long[]? hist = calibrate ? new long[CurrentHistogram.Bins] : null;
        float max = 0;
        float codeMin = quantise ? a.CodeMin : -float.MaxValue, codeMax = quantise ? a.CodeMax : float.MaxValue, inverseLsb = quantise ? a.InverseLsb : 1f;
        Array.Clear(accumulated, 0, rc * width);
        try
        {
            for (int t = 0; t < tiles; t++)
            {
                int k0 = t * a.ArrayRows, kt = Math.Min(a.ArrayRows, k - k0);

                // Digits of the reads that drive at least one row, compacted: an all-zero read gives zero currents
                // (no noise either: its variance is zero), so it converts to code 0 and adds nothing.
                int reads = BuildDigits(inputs, rc, k, k0, kt, cycles, a.DacBits, a.DigitMask, analog, digits, squaresDiffer ? squares : null, readRows, out driven[t]);
                if (reads == 0)
                {
                    continue;
                }

                if (fused)
                {
                    var both = new ReadOnlySpan<float>((float*)b.Combined + ((long)k0 * stride), kt * stride);
                    PackedGemm.Run(GemmArgs.Dense(reads, stride, kt), digits.AsSpan(0, reads * kt), both, mean.AsSpan(0, reads * stride), 1);
                }
                else
                {
                    var plane = new ReadOnlySpan<float>((float*)b.Conductance + ((long)k0 * width), kt * width);
                    PackedGemm.Run(GemmArgs.Dense(reads, width, kt), digits.AsSpan(0, reads * kt), plane, mean.AsSpan(0, reads * width), 1);
                }

                if (noisy && !fused)
                {
                    var variancePlane = new ReadOnlySpan<float>((float*)b.Variance + ((long)k0 * width), kt * width);
                    PackedGemm.Run(GemmArgs.Dense(reads, width, kt), squares.AsSpan(0, reads * kt), variancePlane, varianceSums.AsSpan(0, reads * width), 1);
                }

                if (countEnergy)
                {
                    // Cell energy of every array of the tile: sum_reads sum_k d_k^2 G_row[k, array] V^2 t / d_full^2.
                    // Squares summed in float in read order (integers: exact; analog: a fixed order); 0/1 digits are their own squares.
                    Array.Clear(squareSums, 0, kt);
                    for (int row = 0; row < reads; row++)
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

                for (int row = 0; row < reads; row++)
                {
                    int c = readRows[row] / rc, r = readRows[row] - (c * rc);
                    var weights = new ReadOnlySpan<float>((float*)b.ColumnWeights + ((long)((t * cycles) + c) * width), width);
                    Span<float> current = mean.AsSpan(row * stride, width);
                    Span<float> rowVariance = fused ? mean.AsSpan((row * stride) + width, width) : noisy ? varianceSums.AsSpan(row * width, width) : default;
                    if (noisy)
                    {
                        ulong read = ((((((ulong)(a.FirstRow + r0 + r) * (ulong)a.Phases) + (ulong)a.Phase) * (ulong)tiles) + (ulong)t) * (ulong)cycles) + (ulong)c;
                        if (quantise)
                        {
                            NoisyConvertAccumulate(current, rowVariance, rng, read * (ulong)width, z, inverseLsb, codeMin, codeMax, weights, accumulated.AsSpan(r * width, width));
                            continue;
                        }

                        AddNoise(current, rowVariance, rng, read * (ulong)width, z);
                    }

                    if (calibrate)
                    {
                        foreach (float v in current)
                        {
                            hist![CurrentHistogram.Bin(v)]++;
                            max = Math.Max(max, Math.Abs(v));
                        }
                    }

                    ConvertAccumulate(current, inverseLsb, codeMin, codeMax, quantise, weights, accumulated.AsSpan(r * width, width));
                }
            }

            // Shift-and-add across slices, in slice order: y[r, j] = sum_s acc[r, s N + j].
            for (int r = 0; r < rc; r++)
            {
                Span<float> target = output.Slice(r * n, n);
                ReadOnlySpan<float> acc = accumulated.AsSpan(r * width, width);
                acc[..n].CopyTo(target);
                for (int sl = 1; sl < slices; sl++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(target, acc.Slice(sl * n, n), target);
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
        }

        return new ChunkResult(driven, hist, max);
    }

    /// <summary>
    /// Digits of every (cycle, vector) read of one row tile that drives at least one row, compacted into
    /// rows of <paramref name="digits"/> (their read index c x rc + r in <paramref name="readRows"/>), with
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

                readRows[reads++] = (c * rc) + r;
            }
        }

        drivenRows = driven;
        return reads;
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

    /// <summary>
    /// Largest |z| a <see cref="CounterRng"/> normal can take, with margin: Box-Muller of a 24-bit uniform u1 >= 2^-24
    /// gives |z| &lt;= sqrt(-2 ln 2^-24) = 5.77.
    /// </summary>
    private const float NormalBound = 6f;

    /// <summary>
    /// Read noise, ADC and shift-and-add of one read row in one pass, drawing a normal only where it can change
    /// the code: a 16-column block whose every mean current is further from a rounding boundary (or beyond the
    /// clipping range) than 6 sigma plus the float error converts to round(mean / lsb) whatever the normal, so
    /// its normals are not drawn. The codes are exactly those of drawing every normal (tested against the
    /// reference kernel, which does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NoisyConvertAccumulate(Span<float> current, ReadOnlySpan<float> variance, CounterRng rng, ulong first, float[] z, float inverseLsb, float codeMin, float codeMax, ReadOnlySpan<float> weights, Span<float> accumulated)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            AddNoise(current, variance, rng, first, z);
            ConvertAccumulate(current, inverseLsb, codeMin, codeMax, true, weights, accumulated);
            return;
        }

        var inv = Vector512.Create(inverseLsb);
        var lo = Vector512.Create(codeMin);
        var hi = Vector512.Create(codeMax);
        var half = Vector512.Create(0.5f);
        var bound = Vector512.Create(NormalBound * inverseLsb);
        var relative = Vector512.Create(1f / (1 << 20));
        for (int i = 0; i < current.Length; i += 16)
        {
            var mean = Vector512.LoadUnsafe(ref current[i]);
            var sigma = Vector512.Sqrt(Vector512.Max(Vector512.LoadUnsafe(ref Unsafe.AsRef(in variance[i])), Vector512<float>.Zero));
            var x = mean * inv;
            var rounded = Vector512.Round(x);
            var margin = (sigma * bound) + (Vector512.Abs(x) * relative) + relative;
            var safe = Vector512.GreaterThan(half - Vector512.Abs(x - rounded), margin)
                | Vector512.GreaterThan(x - margin, hi + half)
                | Vector512.LessThan(x + margin, lo - half)
                | Vector512.LessThanOrEqual(sigma, Vector512<float>.Zero);
            Vector512<float> code;
            if (Vector512.EqualsAll(safe.AsInt32(), Vector512<int>.AllBitsSet))
            {
                code = Vector512.Min(Vector512.Max(rounded, lo), hi);
            }
            else
            {
                rng.FillNormal(first + (ulong)i, z.AsSpan(i, 16));
                var noisy = Vector512.FusedMultiplyAdd(sigma, Vector512.LoadUnsafe(ref z[i]), mean);
                code = Vector512.Min(Vector512.Max(Vector512.Round(noisy * inv), lo), hi);
            }

            var w = Vector512.LoadUnsafe(ref Unsafe.AsRef(in weights[i]));
            Vector512.FusedMultiplyAdd(code, w, Vector512.LoadUnsafe(ref accumulated[i])).StoreUnsafe(ref accumulated[i]);
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
