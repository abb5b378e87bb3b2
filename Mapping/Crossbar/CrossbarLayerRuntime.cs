using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// Reads a programmed layer: y[p, n] = sum_k x[p, k] W[k, n] through the hardware path.
/// Inputs are quantised per layer (scale from calibration) and applied bit-serially, DAC bits per
/// cycle; every (cycle, row tile, slice) is one array read whose column currents go through the ADC
/// and are combined by shift-and-add; row tiles add digitally. Negative inputs (if calibration saw
/// any) are applied in a second phase and subtracted.
/// Read noise: with independent Gaussian cell noise, a column current sum_k v_k (G_k + sigma_k e_k)
/// is exactly Gaussian with mean sum v_k G_k and variance sum v_k^2 sigma_k^2; both sums are GEMMs
/// and one normal per column per read is drawn (counter stream indexed by sample, pixel, tile, cycle,
/// slice, column: independent of batching and threads).
/// </summary>
public sealed class CrossbarLayerRuntime
{
    private const int ChunkRows = 128;
    private static readonly CpuKernels ChunkKernels = new(1);

    private readonly ProgrammedLayer _p;
    private readonly CounterRng _readRng;
    private readonly int _threads;
    private double _cellEnergyFj;
    private readonly Lock _energyLock = new();

    public CrossbarLayerRuntime(ProgrammedLayer programmed, int threads)
    {
        _p = programmed;
        _threads = threads;
        _readRng = CounterRng.For(programmed.Spec.Seed, programmed.Layer.Name + "/read");
        _width = programmed.Slices * programmed.Layer.N;
        _paddedWidth = (_width + 15) / 16 * 16;
        _tiles = [.. programmed.Tiles.Select(t => new PaddedTile(
            t.K0,
            t.Rows,
            Pad(t.Effective, t.Rows),
            Pad(t.IdealLevels, t.Rows),
            t.Variance is null ? null : Pad(t.Variance, t.Rows),
            [.. t.RowConductanceSumUs.Select(v => (float)v)]))];
    }

    private readonly int _width;
    private readonly int _paddedWidth;
    private readonly PaddedTile[] _tiles;

    /// <summary>A row tile with its matrices widened to a multiple of 16 columns (zero columns), so every read row is whole vectors.</summary>
    private sealed record PaddedTile(int K0, int Rows, float[] Effective, float[] Ideal, float[]? Variance, float[] RowConductanceSumUs);

    private float[] Pad(float[] matrix, int rows)
    {
        var padded = new float[rows * _paddedWidth];
        for (int r = 0; r < rows; r++)
        {
            matrix.AsSpan(r * _width, _width).CopyTo(padded.AsSpan(r * _paddedWidth));
        }

        return padded;
    }

    public ProgrammedLayer Programmed => _p;

    /// <summary>Float input value of one input integer step.</summary>
    public double InputScale { get; private set; } = 1;

    /// <summary>Calibration saw negative inputs: reads run in two phases (positive and negative parts).</summary>
    public bool SignedInputs { get; private set; }

    /// <summary>ADC full scale in level units (largest |column sum| seen in calibration).</summary>
    public double FullScale { get; private set; } = 1;

    public bool Calibrated { get; private set; }

    /// <summary>Fast parasitics' sampled error in ADC least-significant bits (full-scale digits on every row); 0 when exact or off.</summary>
    public double ParasiticsErrorLsb
    {
        get
        {
            var spec = _p.Spec;
            double digitMax = spec.InputBits == 0 ? 1 : (1 << spec.DacBits) - 1;
            int codes = spec.AdcBits == 0 ? 1 << 16 : spec.Encoding == WeightEncoding.Differential ? (1 << (spec.AdcBits - 1)) - 1 : (1 << spec.AdcBits) - 1;
            return _p.FastErrorLevels * digitMax / (FullScale / codes);
        }
    }

    public int Phases => SignedInputs ? 2 : 1;

    /// <summary>Energy of the cell reads so far (sum over reads of V^2 G t_read), fJ.</summary>
    public double CellEnergyFj => _cellEnergyFj;

    /// <summary>
    /// Calibration rule: input scale = max |x| / (2^input bits - 1) over the calibration rows; ADC full
    /// scale = max |ideal column sum| (target levels, no noise) over every read of those rows.
    /// The output is the ideal (unquantised-ADC, noise-free) product, so later layers calibrate on
    /// realistic activations.
    /// </summary>
    public void Calibrate(float[] x, int rows, float[] y)
    {
        float maxAbs = 0, min = 0;
        for (int i = 0; i < rows * _p.Layer.K; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(x[i]));
            min = Math.Min(min, x[i]);
        }

        SignedInputs = min < 0;
        int levels = _p.Spec.InputBits == 0 ? 1 : (1 << _p.Spec.InputBits) - 1;
        InputScale = maxAbs > 0 ? maxAbs / levels : 1;
        double full = 0;
        Run(x, rows, 0, y, ideal: true, ref full);
        FullScale = full > 0 ? full : 1;
        Calibrated = true;
    }

    public void Forward(float[] x, int rows, long firstRow, float[] y)
    {
        if (!Calibrated)
        {
            throw new InvalidOperationException("calibrate the layer before reading it");
        }

        double unused = 0;
        Run(x, rows, firstRow, y, ideal: false, ref unused);
    }

    private void Run(float[] x, int rows, long firstRow, float[] y, bool ideal, ref double maxColumn)
    {
        int chunks = (rows + ChunkRows - 1) / ChunkRows;
        var chunkMax = new double[chunks];
        var chunkEnergy = new double[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            int r0 = c * ChunkRows, rc = Math.Min(ChunkRows, rows - r0);
            (chunkMax[c], chunkEnergy[c]) = RunChunk(x, r0, rc, firstRow + r0, y, ideal);
        });
        maxColumn = chunkMax.Length == 0 ? 0 : chunkMax.Max();
        if (!ideal)
        {
            lock (_energyLock)
            {
                _cellEnergyFj += chunkEnergy.Sum();
            }
        }
    }

    private (double MaxColumn, double EnergyFj) RunChunk(float[] x, int r0, int rc, long globalRow, float[] y, bool ideal)
    {
        var spec = _p.Spec;
        int k = _p.Layer.K, n = _p.Layer.N, slices = _p.Slices, width = _paddedWidth;
        int cycles = spec.InputCycles, dacBits = spec.DacBits;
        bool analog = spec.InputBits == 0;
        int digitMask = analog ? 0 : (1 << dacBits) - 1;
        double digitFull = analog ? 1 : digitMask;
        double readEnergyPerG = _p.Device.Spec.ReadVoltageV.Value * _p.Device.Spec.ReadVoltageV.Value * _p.Device.Spec.ReadPulseNs.Value;
        float inverseInputScale = (float)(1 / InputScale);
        float inputMax = analog ? float.MaxValue : (1 << spec.InputBits) - 1;
        bool quantiseAdc = !ideal && spec.AdcBits > 0;
        bool signedAdc = spec.Encoding == WeightEncoding.Differential;
        double lsb = !quantiseAdc ? 1 : FullScale / (signedAdc ? (1 << (spec.AdcBits - 1)) - 1 : (1 << spec.AdcBits) - 1);
        float codeMax = quantiseAdc ? (signedAdc ? (1 << (spec.AdcBits - 1)) - 1 : (1 << spec.AdcBits) - 1) : float.MaxValue;
        float codeMin = quantiseAdc ? (signedAdc ? -codeMax : 0) : -float.MaxValue;
        float inverseLsb = (float)(1 / lsb);
        bool squaresDiffer = analog || dacBits > 1;
        int maxRows = _tiles.Max(t => t.Rows);

        // Work buffers from the shared pool (several are large-object sized): a steady run allocates nothing.
        var pool = System.Buffers.ArrayPool<float>.Shared;
        float[] acc = pool.Rent(rc * n), phaseAcc = pool.Rent(rc * n);
        float[] analogInputs = pool.Rent(analog ? rc * k : 0);
        int[] integerInputs = System.Buffers.ArrayPool<int>.Shared.Rent(analog ? 0 : rc * k);
        float[] digits = pool.Rent(cycles * rc * maxRows);
        float[] squares = squaresDiffer ? pool.Rent(cycles * rc * maxRows) : digits;
        float[] mean = pool.Rent(cycles * rc * width), variance = pool.Rent(cycles * rc * width);
        float[] z = pool.Rent(width), rowWeights = pool.Rent(width), converted = pool.Rent(width);
        Array.Clear(acc, 0, rc * n);
        Array.Clear(rowWeights, 0, width);
        var rowInputSums = new double[rc];
        double maxColumn = 0, energyFj = 0;

        for (int phase = 0; phase < Phases; phase++)
        {
            float sign = phase == 0 ? 1f : -1f;
            Quantise(x, r0, rc, k, sign, inverseInputScale, inputMax, analog, analogInputs, integerInputs, rowInputSums);
            Array.Clear(phaseAcc, 0, rc * n);
            for (int t = 0; t < _tiles.Length; t++)
            {
                PaddedTile tile = _tiles[t];
                int kt = tile.Rows, m = cycles * rc;
                BuildDigits(tile, rc, k, cycles, dacBits, digitMask, analog, analogInputs, integerInputs, digits, squaresDiffer ? squares : null);
                ChunkKernels.Gemm(GemmArgs.Dense(m, width, kt), digits.AsSpan(0, m * kt), ideal ? tile.Ideal : tile.Effective, mean.AsSpan(0, m * width));
                float[]? varianceMatrix = ideal ? null : tile.Variance;
                if (varianceMatrix is not null)
                {
                    ChunkKernels.Gemm(GemmArgs.Dense(m, width, kt), squares.AsSpan(0, m * kt), varianceMatrix, variance.AsSpan(0, m * width));
                }

                if (!ideal)
                {
                    // Read energy: sum over reads of (v / V_full)^2 V^2 t_read G_row; uS V^2 ns = fJ.
                    double e = 0;
                    for (int row = 0; row < m; row++)
                    {
                        e += System.Numerics.Tensors.TensorPrimitives.Dot(squares.AsSpan(row * kt, kt), tile.RowConductanceSumUs);
                    }

                    energyFj += e * readEnergyPerG / (digitFull * digitFull);
                }

                for (int c = 0; c < cycles; c++)
                {
                    double cycleWeight = analog ? 1 : Math.Pow(2, c * dacBits);
                    for (int s = 0; s < slices; s++)
                    {
                        double sliceWeight = spec.WeightBits == 0 ? 1 : Math.Pow(2, s * spec.BitsPerCell);
                        rowWeights.AsSpan(s * n, n).Fill((float)(cycleWeight * sliceWeight * (quantiseAdc ? lsb : 1)));
                    }

                    for (int r = 0; r < rc; r++)
                    {
                        int row = (c * rc) + r;
                        Span<float> current = mean.AsSpan(row * width, width);
                        if (varianceMatrix is not null)
                        {
                            ulong readIndex = (((((ulong)(globalRow + r) * (ulong)Phases) + (ulong)phase) * (ulong)_tiles.Length) + (ulong)t) * (ulong)cycles + (ulong)c;
                            _readRng.FillNormal(readIndex * (ulong)width, z.AsSpan(0, width));
                            AddNoise(current, variance.AsSpan(row * width, width), z.AsSpan(0, width));
                        }

                        if (ideal)
                        {
                            maxColumn = Math.Max(maxColumn, System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(current));
                        }

                        Convert(current, quantiseAdc ? inverseLsb : 1f, codeMin, codeMax, quantiseAdc, rowWeights.AsSpan(0, width), converted.AsSpan(0, width));
                        Span<float> target = phaseAcc.AsSpan(r * n, n);
                        for (int s = 0; s < slices; s++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(target, converted.AsSpan(s * n, n), target);
                        }
                    }
                }
            }

            // Offset encoding: remove offset x (sum of inputs) digitally; then this phase's sign.
            for (int r = 0; r < rc; r++)
            {
                float offset = (float)(_p.Offset * rowInputSums[r]);
                for (int j = 0; j < n; j++)
                {
                    acc[(r * n) + j] += sign * (phaseAcc[(r * n) + j] - offset);
                }
            }
        }

        float scale = (float)(InputScale * _p.WeightScale * (ideal ? 1 : _p.DriftCompensation));
        float[]? bias = _p.Layer.Bias;
        for (int r = 0; r < rc; r++)
        {
            for (int j = 0; j < n; j++)
            {
                y[((r0 + r) * n) + j] = (acc[(r * n) + j] * scale) + (bias?[j] ?? 0f);
            }
        }

        foreach (float[] buffer in squaresDiffer ? new[] { acc, phaseAcc, analogInputs, digits, squares, mean, variance, z, rowWeights, converted } : [acc, phaseAcc, analogInputs, digits, mean, variance, z, rowWeights, converted])
        {
            pool.Return(buffer);
        }

        System.Buffers.ArrayPool<int>.Shared.Return(integerInputs);
        return (maxColumn, energyFj);
    }

    /// <summary>Inputs of this phase as input steps: round(max(0, sign x) / scale) clamped to the input range, or the analog value.</summary>
    private static void Quantise(float[] x, int r0, int rc, int k, float sign, float inverseScale, float inputMax, bool analog, float[] analogInputs, int[] integerInputs, double[] rowSums)
    {
        for (int r = 0; r < rc; r++)
        {
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                float v = Math.Max(0f, sign * x[((r0 + r) * k) + i]) * inverseScale;
                if (analog)
                {
                    analogInputs[(r * k) + i] = v;
                    sum += v;
                }
                else
                {
                    int q = (int)Math.Min(MathF.Round(v), inputMax);
                    integerInputs[(r * k) + i] = q;
                    sum += q;
                }
            }

            rowSums[r] = sum;
        }
    }

    /// <summary>Digits of each input cycle for one row tile: rows (cycle, r), columns k of the tile; squares for the noise variance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildDigits(PaddedTile tile, int rc, int k, int cycles, int dacBits, int digitMask, bool analog, float[] analogInputs, int[] integerInputs, float[] digits, float[]? squares)
    {
        int kt = tile.Rows;
        for (int c = 0; c < cycles; c++)
        {
            int shift = c * dacBits;
            for (int r = 0; r < rc; r++)
            {
                Span<float> dst = digits.AsSpan(((c * rc) + r) * kt, kt);
                if (analog)
                {
                    analogInputs.AsSpan((r * k) + tile.K0, kt).CopyTo(dst);
                }
                else
                {
                    ReadOnlySpan<int> src = integerInputs.AsSpan((r * k) + tile.K0, kt);
                    int i = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        var mask = Vector512.Create(digitMask);
                        for (; i + 16 <= kt; i += 16)
                        {
                            var q = Vector512.LoadUnsafe(ref Unsafe.AsRef(in src[i]));
                            Vector512.ConvertToSingle(Vector512.ShiftRightLogical(q, shift) & mask).StoreUnsafe(ref dst[i]);
                        }
                    }

                    for (; i < kt; i++)
                    {
                        dst[i] = (src[i] >> shift) & digitMask;
                    }
                }

                if (squares is not null)
                {
                    Span<float> sq = squares.AsSpan(((c * rc) + r) * kt, kt);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(dst, dst, sq);
                }
            }
        }
    }

    /// <summary>current += sqrt(variance) z, element-wise.</summary>
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

    /// <summary>
    /// The ADC and the shift-and-add weights of one read row: converted = weight x clamp(round(current /
    /// lsb)) when quantising, else weight x current (lsb folded into the weights).
    /// </summary>
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
