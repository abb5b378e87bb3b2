using System.Buffers;
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
        unsafe
        {
            fixed (float* px = inputs, pg = conductance, pv = variance, pr = rowConductanceUs, pw = columnWeights, py = output)
            {
                var buffers = new ReadBuffers((nint)px, (nint)pg, (nint)pv, variance.Length, (nint)pr, rowConductanceUs.Length, (nint)pw, (nint)py);
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

    private readonly record struct ReadBuffers(nint Inputs, nint Conductance, nint Variance, int VarianceLength, nint RowConductance, int RowConductanceLength, nint ColumnWeights, nint Output);

    private sealed record ChunkResult(long[] Driven, long[]? Histogram, float Max);

    private static unsafe ChunkResult ReadChunk(in CrossbarReadArgs a, ReadBuffers b, int r0, int rc, Span<double> energy, bool calibrate)
    {
        int k = a.K, n = a.N, width = a.Width, cycles = a.Cycles, tiles = a.Tiles, groups = a.ColumnGroups, slices = a.Slices;
        bool analog = a.Analog == 1, noisy = b.VarianceLength > 0 && a.Mode == CrossbarReadMode.Read;
        bool squaresDiffer = noisy && (analog || a.DacBits > 1);
        bool quantise = a.QuantiseAdc == 1 && a.Mode == CrossbarReadMode.Read;
        int maxRows = Math.Min(a.ArrayRows, k), m = cycles * rc;
        var inputs = new ReadOnlySpan<float>((float*)b.Inputs + ((long)r0 * k), rc * k);
        var output = new Span<float>((float*)b.Output + ((long)r0 * n), rc * n);
        var rng = new CounterRng(a.NoiseKey);

        var pool = ArrayPool<float>.Shared;
        float[] digits = pool.Rent(m * maxRows);
        float[] squares = squaresDiffer ? pool.Rent(m * maxRows) : digits;
        float[] mean = pool.Rent(m * width), varianceSums = pool.Rent(noisy ? m * width : 0);
        float[] z = pool.Rent(width), converted = pool.Rent(width);
        double[] squareSums = ArrayPool<double>.Shared.Rent(maxRows);
        var driven = new long[tiles];
        long[]? hist = calibrate ? new long[CurrentHistogram.Bins] : null;
        float max = 0;
        float codeMin = quantise ? a.CodeMin : -float.MaxValue, codeMax = quantise ? a.CodeMax : float.MaxValue, inverseLsb = quantise ? a.InverseLsb : 1f;
        output.Clear();
        try
        {
            for (int t = 0; t < tiles; t++)
            {
                int k0 = t * a.ArrayRows, kt = Math.Min(a.ArrayRows, k - k0);
                driven[t] = BuildDigits(inputs, rc, k, k0, kt, cycles, a.DacBits, a.DigitMask, analog, digits, squaresDiffer ? squares : null);
                var plane = new ReadOnlySpan<float>((float*)b.Conductance + ((long)k0 * width), kt * width);
                PackedGemm.Run(GemmArgs.Dense(m, width, kt), digits.AsSpan(0, m * kt), plane, mean.AsSpan(0, m * width), 1);
                if (noisy)
                {
                    var variancePlane = new ReadOnlySpan<float>((float*)b.Variance + ((long)k0 * width), kt * width);
                    PackedGemm.Run(GemmArgs.Dense(m, width, kt), squares.AsSpan(0, m * kt), variancePlane, varianceSums.AsSpan(0, m * width), 1);
                }

                if (b.RowConductanceLength > 0 && a.Mode == CrossbarReadMode.Read)
                {
                    // Cell energy of every array of the tile: sum_reads sum_k d_k^2 G_row[k, array] V^2 t / d_full^2.
                    float[] sq = squaresDiffer ? squares : digits;
                    Array.Clear(squareSums, 0, kt);
                    for (int row = 0; row < m; row++)
                    {
                        int at = row * kt;
                        for (int i = 0; i < kt; i++)
                        {
                            float d = sq[at + i];
                            squareSums[i] += squaresDiffer ? d : d * d;
                        }
                    }

                    var rowG = new ReadOnlySpan<float>((float*)b.RowConductance + ((long)k0 * groups), kt * groups);
                    for (int g = 0; g < groups; g++)
                    {
                        double e = 0;
                        for (int i = 0; i < kt; i++)
                        {
                            e += squareSums[i] * rowG[(i * groups) + g];
                        }

                        energy[(t * groups) + g] += e * a.EnergyFjPerUsDigitSquared;
                    }
                }

                for (int c = 0; c < cycles; c++)
                {
                    var weights = new ReadOnlySpan<float>((float*)b.ColumnWeights + ((long)((t * cycles) + c) * width), width);
                    for (int r = 0; r < rc; r++)
                    {
                        int row = (c * rc) + r;
                        Span<float> current = mean.AsSpan(row * width, width);
                        if (noisy)
                        {
                            ulong read = ((((((ulong)(a.FirstRow + r0 + r) * (ulong)a.Phases) + (ulong)a.Phase) * (ulong)tiles) + (ulong)t) * (ulong)cycles) + (ulong)c;
                            rng.FillNormal(read * (ulong)width, z.AsSpan(0, width));
                            AddNoise(current, varianceSums.AsSpan(row * width, width), z.AsSpan(0, width));
                        }

                        if (calibrate)
                        {
                            foreach (float v in current)
                            {
                                hist![CurrentHistogram.Bin(v)]++;
                                max = Math.Max(max, Math.Abs(v));
                            }
                        }

                        Convert(current, inverseLsb, codeMin, codeMax, quantise, weights, converted.AsSpan(0, width));
                        Span<float> target = output.Slice(r * n, n);
                        for (int s = 0; s < slices; s++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(target, converted.AsSpan(s * n, n), target);
                        }
                    }
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
            pool.Return(converted);
            ArrayPool<double>.Shared.Return(squareSums);
        }

        return new ChunkResult(driven, hist, max);
    }

    /// <summary>Digits of each cycle for one row tile: rows (cycle, r), columns k of the tile; squares for the noise variance. Returns the number of non-zero digits (driven rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long BuildDigits(ReadOnlySpan<float> inputs, int rc, int k, int k0, int kt, int cycles, int dacBits, int digitMask, bool analog, float[] digits, float[]? squares)
    {
        long driven = 0;
        for (int c = 0; c < cycles; c++)
        {
            int shift = c * dacBits;
            for (int r = 0; r < rc; r++)
            {
                Span<float> dst = digits.AsSpan(((c * rc) + r) * kt, kt);
                ReadOnlySpan<float> src = inputs.Slice((r * k) + k0, kt);
                int i = 0;
                if (analog)
                {
                    src.CopyTo(dst);
                }
                else
                {
                    if (Vector512.IsHardwareAccelerated)
                    {
                        var mask = Vector512.Create(digitMask);
                        for (; i + 16 <= kt; i += 16)
                        {
                            var q = Vector512.ConvertToInt32(Vector512.LoadUnsafe(ref Unsafe.AsRef(in src[i])));
                            Vector512.ConvertToSingle(Vector512.ShiftRightLogical(q, shift) & mask).StoreUnsafe(ref dst[i]);
                        }
                    }

                    for (; i < kt; i++)
                    {
                        dst[i] = ((int)src[i] >> shift) & digitMask;
                    }
                }

                for (i = 0; i < kt; i++)
                {
                    driven += dst[i] != 0 ? 1 : 0;
                }

                if (squares is not null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(dst, dst, squares.AsSpan(((c * rc) + r) * kt, kt));
                }
            }
        }

        return driven;
    }

    /// <summary>current += sqrt(max(variance, 0)) z, element-wise (one FMA each, the same on every path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddNoise(Span<float> current, ReadOnlySpan<float> variance, ReadOnlySpan<float> z)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= current.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref Unsafe.AsRef(in variance[i]));
                var g = Vector512.LoadUnsafe(ref Unsafe.AsRef(in z[i]));
                var c = Vector512.LoadUnsafe(ref current[i]);
                Vector512.FusedMultiplyAdd(Vector512.Sqrt(Vector512.Max(v, Vector512<float>.Zero)), g, c).StoreUnsafe(ref current[i]);
            }
        }

        for (; i < current.Length; i++)
        {
            current[i] = MathF.FusedMultiplyAdd(MathF.Sqrt(Math.Max(variance[i], 0f)), z[i], current[i]);
        }
    }

    /// <summary>ADC and shift-and-add of one read row: converted = weight x clamp(round(current / lsb)) when quantising, else weight x current.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Convert(ReadOnlySpan<float> current, float inverseLsb, float codeMin, float codeMax, bool quantise, ReadOnlySpan<float> weights, Span<float> converted)
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
                (code * w).StoreUnsafe(ref converted[i]);
            }
        }

        for (; i < current.Length; i++)
        {
            float code = quantise ? Math.Clamp(MathF.Round(current[i] * inverseLsb), codeMin, codeMax) : current[i];
            converted[i] = code * weights[i];
        }
    }
}
