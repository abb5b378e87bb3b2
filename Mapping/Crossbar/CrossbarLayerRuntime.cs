using System.Runtime.Intrinsics;
using System.Buffers;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// Reads a programmed layer: y[p, n] = sum_k x[p, k] W[k, n] through the hardware path. Inputs are
/// quantised per layer (scale from calibration) and applied bit-serially by the DAC; every (input
/// vector, cycle, row tile) is one read of that tile's arrays, whose column currents go through
/// read noise, the ADC and shift-and-add in the kernel (<see cref="IComputeKernels.CrossbarRead"/>);
/// row tiles add digitally. Negative inputs (if calibration saw any) are applied in a second phase
/// and subtracted. Every read adds its events (<see cref="Events"/>).
/// Calibration (<see cref="MappedNetwork.Calibrate(Workloads.Datasets.ImageDataset)"/>): pass 1 takes the
/// input range over all calibration rows, pass 2 reads them (without noise or ADC) on the arrays as
/// programmed (or on the target levels) and sets the ADC full scale by the mapping's rule.
/// </summary>
public sealed class CrossbarLayerRuntime
{
    private readonly ProgrammedLayer _p;
    private readonly IComputeKernels _kernels;
    private readonly int _threads;
    private readonly CounterRng _readRng;
    private readonly AdcCalibration _adcCalibration = new();
    private readonly float[] _unitWeights;
    private float[] _uncompensatedWeights;
    private float[] _columnWeights;
    private float _inputMaxAbs;
    private float _inputMin;

    /// <param name="threads">Bound on the threads of the runtime's own row loops (the kernels bound theirs).</param>
    public CrossbarLayerRuntime(ProgrammedLayer programmed, IComputeKernels kernels, int threads)
    {
        _p = programmed;
        _kernels = kernels;
        _threads = Math.Max(1, threads);
        _readRng = CounterRng.For(programmed.Spec.Seed, programmed.Layer.Name + "/read");
        Events = new ArrayEvents(programmed.Placement.Arrays.Count);
        Adc = new AdcModel(programmed.Spec.AdcBits, programmed.Spec.Scheme.SignedColumns, 1);
        DriftCompensation = [.. Enumerable.Repeat(1.0, programmed.Placement.Arrays.Count)];
        _unitWeights = ColumnWeights(lsb: 1, withCompensation: false);
        _uncompensatedWeights = _unitWeights;
        _columnWeights = _unitWeights;
    }

    public ProgrammedLayer Programmed => _p;

    public LayerPlacement Placement => _p.Placement;

    /// <summary>Float input value of one input integer step.</summary>
    public double InputScale { get; private set; } = 1;

    /// <summary>Calibration saw negative inputs: reads run in two phases (positive and negative parts).</summary>
    public bool SignedInputs { get; private set; }

    /// <summary>The column ADC with its calibrated full scale.</summary>
    public AdcModel Adc { get; private set; }

    /// <summary>ADC full scale in level units.</summary>
    public double FullScale => Adc.FullScaleLevels;

    /// <summary>Largest |column current| of the calibration reads, level units (what the "max" rule uses).</summary>
    public double CalibrationMaxCurrent => _adcCalibration.MaxCurrent;

    public bool Calibrated { get; private set; }

    /// <summary>Per array: global drift compensation factor (baseline readout / readout at the evaluation time); 1 without GDC.</summary>
    public double[] DriftCompensation { get; private set; }

    /// <summary>Events of the reads so far (calibration and drift-reference reads are not counted).</summary>
    public ArrayEvents Events { get; }

    /// <summary>Rows (input vectors) read so far by hardware reads.</summary>
    public long RowsRead { get; private set; }

    public int Phases => SignedInputs ? 2 : 1;

    /// <summary>Row groups a read pass goes through: ceil(K / read rows) (the physical row tiles unless --parallel-rows).</summary>
    private int ReadTiles => (_p.Layer.K + _p.Spec.ReadRows - 1) / _p.Spec.ReadRows;

    /// <summary>The physical row tile (array row) that read row group <paramref name="readTile"/> lies in.</summary>
    private int PhysicalTile(int readTile) => readTile * _p.Spec.ReadRows / _p.Spec.ArrayRows;

    /// <summary>Fast parasitics' sampled error in ADC least-significant bits (full-scale digits on every row); 0 when exact or off.</summary>
    public double ParasiticsErrorLsb => _p.Solve.FastErrorLevels * _p.Spec.Dac.DigitMax / (FullScale / Adc.CodeMax);

    /// <summary>Pass 1: widens the input range by these rows; y = the float product (bias included).</summary>
    public void CalibrateInputs(float[] x, int rows, float[] y)
    {
        int k = _p.Layer.K, n = _p.Layer.N;
        for (int i = 0; i < rows * k; i++)
        {
            _inputMaxAbs = Math.Max(_inputMaxAbs, Math.Abs(x[i]));
            _inputMin = Math.Min(_inputMin, x[i]);
        }

        _kernels.Gemm(GemmArgs.Dense(rows, n, k), x.AsSpan(0, rows * k), _p.Layer.Weights, y.AsSpan(0, rows * n));
        AddBias(y, 0, rows);
    }

    /// <summary>Pass 2: input scale from pass 1; reads the rows on the calibration plane without noise or ADC and collects the column currents; y = that unquantised product.</summary>
    public void CalibrateAdc(float[] x, int rows, float[] y)
    {
        SetInputRange();
        float[] plane = _p.Spec.Calibration == CalibrationSource.Target ? _p.TargetPlane : _p.ProgrammedPlane;
        var histogram = new long[CurrentHistogram.Bins];
        var max = new float[1];
        Read(x, rows, 0, y, plane, CrossbarReadMode.Calibrate, _readRng.Key, _unitWeights, Phases, histogram, max, count: false);
        _adcCalibration.Merge(histogram, max[0]);
    }

    /// <summary>What the two calibration passes measured: pass 1's input range, pass 2's column currents.</summary>
    internal CalibrationReadings Readings => new(_inputMaxAbs, _inputMin, [.. _adcCalibration.Histogram], _adcCalibration.MaxCurrent);

    /// <summary>
    /// Takes the two passes' readings from another runtime of the same programmed arrays, inputs and calibration images (a sweep's
    /// point that differs only in read-side settings): the state the passes would have left. Only before any pass of this runtime.
    /// </summary>
    internal void Restore(CalibrationReadings readings)
    {
        _inputMaxAbs = readings.InputMaxAbs;
        _inputMin = readings.InputMin;
        SetInputRange();
        _adcCalibration.Merge(readings.Histogram, readings.MaxCurrent);
    }

    /// <summary>Signed inputs (two phases) and the input scale, from pass 1's range.</summary>
    private void SetInputRange()
    {
        SignedInputs = _inputMin < 0;
        InputScale = _inputMaxAbs > 0 ? _inputMaxAbs / (_p.Spec.Dac.Analog ? 1 : _p.Spec.Dac.InputMax) : 1;
    }

    /// <summary>Sets the ADC full scale from the collected currents and, with GDC, measures each array's drift compensation.</summary>
    public void FinishCalibration()
    {
        var spec = _p.Spec;
        int codes = AdcModel.CodeMaxFor(spec.AdcBits, spec.Scheme.SignedColumns);
        double fullScale = _adcCalibration.FullScale(spec.AdcRange, spec.AdcPercentile, codes);
        Adc = new AdcModel(spec.AdcBits, spec.Scheme.SignedColumns, fullScale > 0 ? fullScale : 1);
        Calibrated = true;
        _uncompensatedWeights = ColumnWeights(Adc.LsbLevels, withCompensation: false);
        _columnWeights = _uncompensatedWeights;
        if (spec.GlobalDriftCompensation)
        {
            double[] baseline = ReferenceReadout(_p.ProgrammedPlane, "gdc/baseline");
            double[] now = ReferenceReadout(_p.ReadPlane, "gdc/readout");
            DriftCompensation = [.. baseline.Zip(now, (b, r) => b / Math.Max(r, 1e-12))];
            _columnWeights = ColumnWeights(Adc.LsbLevels, withCompensation: true);
        }
    }

    /// <summary>
    /// Hardware read of <paramref name="rows"/> input vectors whose first has global index
    /// <paramref name="firstRow"/>; <paramref name="timestep"/> (0 for DNNs) selects the read-noise stream:
    /// the layer's read stream for 0, its child stream t otherwise, so every timestep gets fresh noise.
    /// </summary>
    public void Forward(float[] x, int rows, long firstRow, float[] y, int timestep = 0)
    {
        if (!Calibrated)
        {
            throw new InvalidOperationException("calibrate the layer before reading it");
        }

        Read(x, rows, firstRow, y, _p.ReadPlane, CrossbarReadMode.Read, ReadNoiseKey(timestep), _columnWeights, Phases, [], [], count: true);
        RowsRead += rows;
    }

    /// <summary>Key of the read-noise counter stream of a timestep.</summary>
    public ulong ReadNoiseKey(int timestep) => timestep == 0 ? _readRng.Key : _readRng.Child((ulong)timestep).Key;

    /// <summary>
    /// aihwkit's global drift compensation readout (inference/compensation/drift.py): every array read
    /// once per row with a unit input vector (full-scale input on that row only) through the real path
    /// (read noise, ADC, shift-and-add); the readout is the mean |output| over the array's rows and outputs.
    /// </summary>
    private double[] ReferenceReadout(float[] plane, string stream)
    {
        int k = _p.Layer.K, n = _p.Layer.N;
        var x = new float[k * k];
        float unit = (float)InputScale * (_p.Spec.Dac.Analog ? 1 : _p.Spec.Dac.InputMax);
        for (int i = 0; i < k; i++)
        {
            x[(i * k) + i] = unit;
        }

        var y = new float[k * n];
        Read(x, k, 0, y, plane, CrossbarReadMode.Read, CounterRng.For(_p.Spec.Seed, $"{_p.Layer.Name}/{stream}").Key, _uncompensatedWeights, phases: 1, [], [], count: false, withBias: false);
        var readout = new double[Placement.Arrays.Count];
        foreach (ArrayPlacement a in Placement.Arrays)
        {
            double sum = 0;
            for (int r = a.RowStart; r < a.RowStart + a.RowCount; r++)
            {
                for (int j = a.WeightStart; j < a.WeightStart + a.WeightCount; j++)
                {
                    sum += Math.Abs(y[(r * n) + j]);
                }
            }

            readout[(a.RowTile * Placement.ColumnTiles) + a.ColumnTile] = sum / ((double)a.RowCount * a.WeightCount);
        }

        return readout;
    }

    /// <summary>Shift-and-add weight of every (row tile, cycle, plane column): 2^(c x DAC bits) x 2^(s x bits per cell) x LSB (x the array's drift compensation).</summary>
    private float[] ColumnWeights(double lsb, bool withCompensation)
    {
        var spec = _p.Spec;
        int n = _p.Layer.N, width = _p.Width, cycles = spec.InputCycles, tiles = ReadTiles;
        var weights = new float[tiles * cycles * width];
        for (int t = 0; t < tiles; t++)
        {
            for (int c = 0; c < cycles; c++)
            {
                for (int s = 0; s < spec.Slices; s++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        int array = (PhysicalTile(t) * Placement.ColumnTiles) + (j / Placement.WeightsPerArray);
                        double gdc = withCompensation ? DriftCompensation[array] : 1;
                        weights[(((t * cycles) + c) * width) + (s * n) + j] = (float)(spec.Dac.CycleWeight(c) * spec.Slicing.ShiftWeight(s) * lsb * gdc);
                    }
                }
            }
        }

        return weights;
    }

    /// <summary>
    /// The hardware read of <see cref="Forward"/> with the input vectors and outputs in a device's memory (<see cref="IDeviceTensors"/>):
    /// the same quantisation, reads, noise, events and arithmetic, so the same bits.
    /// </summary>
    public void ForwardOnDevice(IDeviceTensors device, IDeviceBuffer x, int rows, long firstRow, IDeviceBuffer y, int timestep = 0)
    {
        if (!Calibrated)
        {
            throw new InvalidOperationException("calibrate the layer before reading it");
        }

        var energy = new double[ReadTiles * Placement.ColumnTiles];
        var driven = new long[ReadTiles];
        device.CrossbarLayerRead(LayerArgs(), ReadArgs(rows, firstRow, 0, Phases, CrossbarReadMode.Read, ReadNoiseKey(timestep)), x, _p.ReadPlane,
            _p.VariancePlane, _p.RowConductanceUs, _columnWeights, _p.Layer.Bias, y, energy, driven);
        CountEvents(rows, Phases, driven, energy);
        RowsRead += rows;
    }

    /// <summary>The layer's read around the arrays' reads: quantisation, phases, offset correction, output scale.</summary>
    private CrossbarLayerReadArgs LayerArgs() =>
        new((float)(1 / InputScale), _p.Spec.Dac.InputMax, _p.Spec.Dac.Analog ? 1 : 0, _p.Offset, (float)(InputScale * _p.WeightScale));

    /// <summary>The arrays' read of one phase.</summary>
    private CrossbarReadArgs ReadArgs(int rows, long firstRow, int phase, int phases, CrossbarReadMode mode, ulong noiseKey)
    {
        var spec = _p.Spec;
        bool read = mode == CrossbarReadMode.Read;
        return new CrossbarReadArgs(
            rows, _p.Layer.K, spec.ReadRows, _p.Layer.N, spec.Slices, _p.Width, Placement.WeightsPerArray, spec.InputCycles, spec.DacBits, spec.Dac.DigitMask,
            read && !Adc.Unlimited ? 1 : 0, (float)(1 / Adc.LsbLevels), Adc.CodeMin, Adc.CodeMax, noiseKey, firstRow, phase, phases,
            _p.Device.Spec.ReadVoltageV.Value * _p.Device.Spec.ReadVoltageV.Value * _p.Device.Spec.ReadPulseNs.Value / ((double)spec.Dac.DigitMax * spec.Dac.DigitMax),
            mode);
    }

    /// <summary>One read of <paramref name="rows"/> vectors on <paramref name="plane"/> with the given shift-and-add weights, in <paramref name="phases"/> input phases; <paramref name="count"/> adds its events.</summary>
    private void Read(float[] x, int rows, long firstRow, float[] y, float[] plane, CrossbarReadMode mode, ulong noiseKey, float[] weights, int phases, Span<long> histogram, Span<float> maxCurrent, bool count, bool withBias = true)
    {
        int k = _p.Layer.K, n = _p.Layer.N;
        bool read = mode == CrossbarReadMode.Read;
        CrossbarLayerReadArgs layer = LayerArgs();

        var pool = ArrayPool<float>.Shared;
        float[] q = pool.Rent(rows * k), phaseOut = pool.Rent(rows * n);
        // Input sums serve only the offset encoding's correction (with a zero offset the correction is +0 whatever they are).
        bool offsetEncoded = layer.Offset != 0;
        var rowSums = new double[rows];
        var energy = new double[ReadTiles * Placement.ColumnTiles];
        var driven = new long[ReadTiles];
        try
        {
            for (int phase = 0; phase < phases; phase++)
            {
                float sign = phase == 0 ? 1f : -1f;
                ForRowBlocks(rows, (r0, r1) => Quantise(x, r0, r1, k, sign, layer.InverseScale, layer.InputMax, layer.Analog == 1, q, offsetEncoded ? rowSums : null));
                CrossbarReadArgs args = ReadArgs(rows, firstRow, phase, phases, mode, noiseKey);
                if (_kernels is IResidentCrossbarRead resident)
                {
                    // The planes and weights are built once and then only read: a device backend keeps them resident.
                    resident.CrossbarRead(args, q.AsSpan(0, rows * k), plane, read ? _p.VariancePlane : null, count ? _p.RowConductanceUs : null, weights, phaseOut.AsSpan(0, rows * n), energy, driven, histogram, maxCurrent);
                }
                else
                {
                    _kernels.CrossbarRead(args, q.AsSpan(0, rows * k), plane, read ? _p.VariancePlane : [], count ? _p.RowConductanceUs : [], weights, phaseOut.AsSpan(0, rows * n), energy, driven, histogram, maxCurrent);
                }

                // This phase's outputs added in (the last one also scaled and biased), in one pass.
                bool first = phase == 0, last = phase == phases - 1;
                ForRowBlocks(rows, (r0, r1) => AddPhase(phaseOut, r0, r1, sign, layer.Offset, rowSums, first, last, layer.OutScale, withBias, y));
            }

            if (count)
            {
                CountEvents(rows, phases, driven, energy);
            }
        }
        finally
        {
            pool.Return(q);
            pool.Return(phaseOut);
        }
    }

    /// <summary>Adds one read call's events: an array is read in ceil(its rows / read rows) row groups per input cycle (one unless --parallel-rows).</summary>
    private void CountEvents(int rows, int phases, long[] driven, double[] energy)
    {
        var spec = _p.Spec;
        int groups = Placement.ColumnTiles;
        foreach (ArrayPlacement a in Placement.Arrays)
        {
            int index = (a.RowTile * groups) + a.ColumnTile;
            int firstGroup = a.RowStart / spec.ReadRows, rowGroups = (a.RowCount + spec.ReadRows - 1) / spec.ReadRows;
            long reads = (long)rows * phases * spec.InputCycles * rowGroups;
            Events.Reads[index] += reads;
            Events.Conversions[index] += reads * Placement.ConversionsPerRead(a);
            for (int rt = firstGroup; rt < firstGroup + rowGroups; rt++)
            {
                Events.DrivenRows[index] += driven[rt];
                Events.CellEnergyFj[index] += energy[(rt * groups) + a.ColumnTile];
            }
        }
    }

    /// <summary>
    /// Rows r0 .. r1 of one input phase added to the outputs: y = (the first phase: +0, else y) + sign (read - offset x input sum)
    /// (the offset encoding's correction, taken digitally), and after the last phase y x output scale + bias.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AddPhase(float[] phaseOut, int r0, int r1, float sign, double offset, double[] rowSums, bool first, bool last, float outScale, bool withBias, float[] y)
    {
        int n = _p.Layer.N;
        float[]? bias = withBias ? _p.Layer.Bias : null;
        for (int r = r0; r < r1; r++)
        {
            float correction = (float)(offset * rowSums[r]);
            int row = r * n, j = 0;

            // Eight outputs a step, each with the scalar tail's operations in its order (no fused multiply-add): the same bits.
            if (Vector256.IsHardwareAccelerated)
            {
                var vSign = Vector256.Create(sign);
                var vCorrection = Vector256.Create(correction);
                var vScale = Vector256.Create(outScale);
                for (; j + 8 <= n; j += 8)
                {
                    var value = (first ? Vector256<float>.Zero : Vector256.Create(y.AsSpan(row + j, 8))) + (vSign * (Vector256.Create(phaseOut.AsSpan(row + j, 8)) - vCorrection));
                    if (last)
                    {
                        value *= vScale;
                        value = bias is null ? value : value + Vector256.Create(bias.AsSpan(j, 8));
                    }

                    value.CopyTo(y.AsSpan(row + j, 8));
                }
            }

            for (; j < n; j++)
            {
                int i = row + j;
                float value = (first ? 0f : y[i]) + (sign * (phaseOut[i] - correction));
                if (last)
                {
                    value *= outScale;
                    value = bias is null ? value : value + bias[j];
                }

                y[i] = value;
            }
        }
    }

    /// <summary>Adds the layer's bias (if any) to rows <paramref name="r0"/> .. <paramref name="r1"/> of <paramref name="y"/>.</summary>
    private void AddBias(float[] y, int r0, int r1)
    {
        float[]? bias = _p.Layer.Bias;
        if (bias is null)
        {
            return;
        }

        int n = _p.Layer.N;
        for (int r = r0; r < r1; r++)
        {
            for (int j = 0; j < n; j++)
            {
                y[(r * n) + j] += bias[j];
            }
        }
    }

    /// <summary>
    /// Rows r0 .. r1 of the DAC codes (bit-serial: round(max(0, sign x) / scale) to nearest even, at most the largest code; analog: as
    /// is) and their sums (the offset encoding's correction). Digital codes are integers below 2^24, so their sums in double lanes are
    /// exact in any order and are taken vectorised (float lanes would round past 2^24 with wide inputs, and then differ between CPUs
    /// with and without AVX-512); analog sums stay in row order.
    /// </summary>
    private static void Quantise(float[] x, int r0, int r1, int k, float sign, float inverseScale, float inputMax, bool analog, float[] q, double[]? rowSums)
    {
        var vSign = Vector512.Create(sign);
        var vScale = Vector512.Create(inverseScale);
        var vMax = Vector512.Create(inputMax);
        if (rowSums is null && !analog)
        {
            // No sums wanted: the rows' codes as one flat run (no scalar tail per row), element by element the same operations.
            int i = r0 * k, end = r1 * k;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 16 <= end; i += 16)
                {
                    Code(Vector512.LoadUnsafe(ref x[i]), vSign, vScale, vMax).StoreUnsafe(ref q[i]);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= end; i += 8)
                {
                    Code(Vector256.LoadUnsafe(ref x[i]), vSign.GetLower(), vScale.GetLower(), vMax.GetLower()).StoreUnsafe(ref q[i]);
                }
            }

            for (; i < end; i++)
            {
                q[i] = Code(x[i], sign, inverseScale, inputMax);
            }

            return;
        }

        for (int r = r0; r < r1; r++)
        {
            double sum = 0;
            int i = 0;
            if (!analog && Vector512.IsHardwareAccelerated)
            {
                var sums = Vector512<double>.Zero;
                for (; i + 16 <= k; i += 16)
                {
                    var value = Code(Vector512.LoadUnsafe(ref x[(r * k) + i]), vSign, vScale, vMax);
                    value.StoreUnsafe(ref q[(r * k) + i]);
                    sums += Vector512.WidenLower(value) + Vector512.WidenUpper(value);
                }

                sum = Vector512.Sum(sums);
            }
            else if (!analog && Vector256.IsHardwareAccelerated)
            {
                var sums = Vector256<double>.Zero;
                for (; i + 8 <= k; i += 8)
                {
                    var value = Code(Vector256.LoadUnsafe(ref x[(r * k) + i]), vSign.GetLower(), vScale.GetLower(), vMax.GetLower());
                    value.StoreUnsafe(ref q[(r * k) + i]);
                    sums += Vector256.WidenLower(value) + Vector256.WidenUpper(value);
                }

                sum = Vector256.Sum(sums);
            }

            for (; i < k; i++)
            {
                float value = analog ? Math.Max(0f, sign * x[(r * k) + i]) * inverseScale : Code(x[(r * k) + i], sign, inverseScale, inputMax);
                q[(r * k) + i] = value;
                sum += value;
            }

            if (rowSums is not null)
            {
                rowSums[r] = sum;
            }
        }
    }

    /// <summary>A DAC code: round(max(0, sign x) / scale) to nearest even, at most the largest code (lanes and scalars alike).</summary>
    private static Vector512<float> Code(Vector512<float> x, Vector512<float> sign, Vector512<float> inverseScale, Vector512<float> inputMax) =>
        Vector512.Min(Vector512.Round(Vector512.Max(Vector512<float>.Zero, sign * x) * inverseScale), inputMax);

    private static Vector256<float> Code(Vector256<float> x, Vector256<float> sign, Vector256<float> inverseScale, Vector256<float> inputMax) =>
        Vector256.Min(Vector256.Round(Vector256.Max(Vector256<float>.Zero, sign * x) * inverseScale), inputMax);

    private static float Code(float x, float sign, float inverseScale, float inputMax) => Math.Min(MathF.Round(Math.Max(0f, sign * x) * inverseScale), inputMax);

    /// <summary>body(r0, r1) over blocks of rows, in parallel up to the kernels' thread count; each row is handled by one call.</summary>
    private void ForRowBlocks(int rows, Action<int, int> body)
    {
        const int block = 512;
        int blocks = (rows + block - 1) / block;
        if (blocks <= 1 || _threads <= 1)
        {
            body(0, rows);
            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, b => body(b * block, Math.Min(rows, (b + 1) * block)));
    }
}

/// <summary>One layer's calibration readings: pass 1's input range (largest |input|, smallest input), pass 2's column-current histogram and largest current.</summary>
internal sealed record CalibrationReadings(float InputMaxAbs, float InputMin, long[] Histogram, float MaxCurrent);
