using IMCSim.Devices.Models;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Random;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// A layer's weights programmed onto the physical arrays of its placement. Weights are quantised per
/// layer (scale = max|W| / (2^(b-1) - 1)), encoded (<see cref="WeightEncodingScheme"/>), sliced
/// (<see cref="WeightSlicing"/>: each slice's levels span the cell's full range for the bits it holds)
/// and programmed array by array (<see cref="ProgrammedArray"/>; random streams keyed by layer and
/// array). The read kernels see the arrays packed into planes of K rows x (slice, output) columns in
/// level units of each slice: <see cref="ReadPlane"/> (at the evaluation time), <see cref="ProgrammedPlane"/>
/// (right after programming), <see cref="TargetPlane"/> (ideal levels) and <see cref="VariancePlane"/>.
/// </summary>
public sealed class ProgrammedLayer
{
    private readonly ProgrammingCache? _cache;
    private readonly object? _model;
    private readonly IEffectiveMatrixSolver _solver;
    private Dictionary<ArrayPlacement, ProgrammedCells>? _presolved;
    private Dictionary<ArrayPlacement, (float[] AtTimeUs, float[] Seen, CircuitSolveReport Report)>? _presolvedDrift;

    /// <param name="threads">Threads for the arrays' circuit solves; results do not depend on it.</param>
    /// <param name="cache">Arrays already programmed and solved by other networks (a sweep's points), or null to program every array here.</param>
    /// <param name="model">The model the layer comes from (part of the cache's keys); required with a cache.</param>
    /// <param name="solver">Where the arrays' circuit solves run (null: the CPU's, with <paramref name="threads"/>); same results on every backend.</param>
    public ProgrammedLayer(MatrixLayer layer, LayerPlacement placement, MappingSpec spec, DeviceModel device, int threads, ProgrammingCache? cache = null, object? model = null,
        IEffectiveMatrixSolver? solver = null)
        : this(layer, placement, spec, device, cache, model, solver ?? new CpuEffectiveMatrixSolver(threads))
    {
        Pending pending = Prepare();
        Complete(pending, _solver.Compute(pending.CreateCircuits(), spec.Parasitics.Tolerance, spec.Parasitics.MaxIterations));
    }

    /// <summary>The layer's constant state (quantisation, level steps); the arrays come in <see cref="Complete"/>.</summary>
    private ProgrammedLayer(MatrixLayer layer, LayerPlacement placement, MappingSpec spec, DeviceModel device, ProgrammingCache? cache, object? model, IEffectiveMatrixSolver solver)
    {
        _cache = cache;
        _solver = solver;
        _model = cache is null ? null : model ?? throw new ArgumentNullException(nameof(model), "a programming cache needs the model the layer comes from");
        Layer = layer;
        Placement = placement;
        Spec = spec;
        Device = device;
        CheckCompatible(layer, spec, device.Spec);
        WeightSlicing slicing = spec.Slicing;
        StepUs = [.. Enumerable.Range(0, slicing.Slices).Select(s => device.LevelStepUs(slicing.SliceBits[s]))];

        float wMax = 0;
        foreach (float w in layer.Weights)
        {
            wMax = Math.Max(wMax, Math.Abs(w));
        }

        wMax = wMax > 0 ? wMax : 1;
        double qmax = spec.Scheme.QMax(spec.WeightBits, (1 << spec.BitsPerCell) - 1);
        WeightScale = wMax / qmax;
        Offset = spec.Scheme.OffsetOf(qmax);
        Width = (slicing.Slices * layer.N + 15) / 16 * 16;
    }

    /// <summary>
    /// A layer whose cells are programmed but whose circuits are not yet solved: a network gathers the circuits of all its layers and
    /// solves them together (one launch on a GPU), then finishes each layer with its share of the results.
    /// </summary>
    public sealed class Pending
    {
        internal Pending(ProgrammedLayer layer, List<(ArrayPlacement Array, bool Drifted, float[] TargetUs, float[] CellsUs)> work)
        {
            Layer = layer;
            Work = work;
        }

        /// <summary>Circuits to solve: each array's programmed circuit (unless cached), then its drifted one (if drift changed it).</summary>
        public int CircuitCount => Work.Count;

        /// <summary>Cells of those circuits (what their conductances and effective matrices take in memory, 16 bytes each).</summary>
        public long CircuitCells => Work.Sum(w => (long)w.CellsUs.Length);

        /// <summary>The tolerance and iteration limit its solves use.</summary>
        public (double Tolerance, int MaxIterations) SolveSettings => (Layer.Spec.Parasitics.Tolerance, Layer.Spec.Parasitics.MaxIterations);

        internal ProgrammedLayer Layer { get; }

        internal List<(ArrayPlacement Array, bool Drifted, float[] TargetUs, float[] CellsUs)> Work { get; }

        /// <summary>The circuits, made now (a network makes them group by group, so that its circuits are never all in memory at once).</summary>
        public CrossbarCircuit[] CreateCircuits() => [.. Work.Select(w => Layer.Circuit(w.Array, w.CellsUs))];

        /// <summary>The programmed layer, given the solved circuits of <see cref="CreateCircuits"/> in order.</summary>
        public ProgrammedLayer Finish(IReadOnlyList<EffectiveMatrix.Result> solved)
        {
            Layer.Complete(this, solved);
            return Layer;
        }
    }

    /// <summary>Programs the cells of <paramref name="layer"/>'s arrays and lists the circuits they need solved (<see cref="Pending.Finish"/> completes it).</summary>
    public static Pending Begin(MatrixLayer layer, LayerPlacement placement, MappingSpec spec, DeviceModel device, IEffectiveMatrixSolver solver, ProgrammingCache? cache = null, object? model = null) =>
        new ProgrammedLayer(layer, placement, spec, device, cache, model, solver).Prepare();

    /// <summary>
    /// With wire parasitics, every circuit the layer's arrays need that the cache does not hold: the programmed cells' (stage 1) and,
    /// where drift changed them, the cells' at the evaluation time (stage 2); both are known before any solve.
    /// </summary>
    private Pending Prepare()
    {
        var work = new List<(ArrayPlacement, bool, float[], float[])>();
        if (Spec.Parasitics.Enabled)
        {
            foreach (ArrayPlacement a in Placement.Arrays)
            {
                ArrayProgrammingKey? key = _cache is null ? null : ProgrammingKey(a);
                ProgrammedCells? cached = null;
                bool programmedKnown = key is not null && _cache!.TryGet(key, out cached);
                var (target, programmed) = programmedKnown ? (cached!.TargetUs, cached.ProgrammedUs) : Programmed(a);
                if (!programmedKnown)
                {
                    work.Add((a, false, target, programmed));
                }

                if (key is null || !_cache!.Contains(new ArrayReadKey(key, Spec.DriftTimeS)))
                {
                    float[] atTime = Drifted(a, target, programmed);
                    if (!atTime.AsSpan().SequenceEqual(programmed))
                    {
                        work.Add((a, true, target, atTime));
                    }
                }
            }
        }

        return new Pending(this, work);
    }

    /// <summary>The arrays, each from the cache or programmed here with its solves from <paramref name="solved"/>; then the planes.</summary>
    private void Complete(Pending pending, IReadOnlyList<EffectiveMatrix.Result> solved)
    {
        if (solved.Count != pending.CircuitCount)
        {
            throw new ArgumentException($"{solved.Count} solve results for {pending.CircuitCount} circuits");
        }

        _presolved = new Dictionary<ArrayPlacement, ProgrammedCells>(ReferenceEqualityComparer.Instance);
        _presolvedDrift = new Dictionary<ArrayPlacement, (float[], float[], CircuitSolveReport)>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < pending.Work.Count; i++)
        {
            var (a, drifted, target, cells) = pending.Work[i];
            var (seen, report) = Seen(a, cells, solved[i], sample: !drifted && a.ColumnTile == 0);
            if (drifted)
            {
                _presolvedDrift[a] = (cells, seen, report);
            }
            else
            {
                _presolved[a] = new ProgrammedCells(target, cells, seen, report);
            }
        }

        var arrays = new ProgrammedArray[Placement.Arrays.Count];
        for (int i = 0; i < arrays.Length; i++)
        {
            arrays[i] = Program(Placement.Arrays[i]);
        }

        _presolved = null;
        _presolvedDrift = null;
        Arrays = arrays;
        Solve = arrays.Aggregate(CircuitSolveReport.None, (r, a) => r.Max(a.Solve));
        (ReadPlane, ProgrammedPlane, TargetPlane, VariancePlane, RowConductanceUs) = Pack();
    }

    public MatrixLayer Layer { get; }

    public LayerPlacement Placement { get; }

    public MappingSpec Spec { get; }

    public DeviceModel Device { get; }

    /// <summary>Conductance step of one level of each slice, uS (a slice's levels span G_min..G_max).</summary>
    public IReadOnlyList<double> StepUs { get; }

    /// <summary>Float weight of one integer weight step.</summary>
    public double WeightScale { get; }

    /// <summary>Integer offset added to every weight by the encoding (0 for differential).</summary>
    public double Offset { get; }

    public IReadOnlyList<ProgrammedArray> Arrays { get; private set; } = null!;

    /// <summary>The worst circuit-solve figures over the layer's arrays.</summary>
    public CircuitSolveReport Solve { get; private set; }

    /// <summary>Plane width: slices x N padded to a multiple of 16.</summary>
    public int Width { get; }

    public float[] ReadPlane { get; private set; } = null!;

    public float[] ProgrammedPlane { get; private set; } = null!;

    public float[] TargetPlane { get; private set; } = null!;

    /// <summary>Per-read noise variance in level units squared; null without read noise.</summary>
    public float[]? VariancePlane { get; private set; }

    /// <summary>[K x column tiles] each array row's total cell conductance at the evaluation time, uS.</summary>
    public float[] RowConductanceUs { get; private set; } = null!;

    /// <summary>The device can hold the mapping's cells (the layer's own bits per cell, <see cref="MappingSpec.ForDevice"/>): enough levels per cell, and exact weights only on the ideal device.</summary>
    public static void CheckCompatible(MatrixLayer layer, MappingSpec spec, IMCSim.Devices.Spec.DeviceSpec device)
    {
        spec = spec.ForDevice(device);
        if (spec.BitsPerCell > device.MaxBits)
        {
            throw new SettingException("bits-per-cell", $"{spec.BitsPerCell} bits per cell need {1 << Math.Min(spec.BitsPerCell, 30)} levels, but device '{device.Name}' (layer {layer.Name}) has {device.MaxBits} bit(s) per cell ({1 << device.MaxBits} levels)");
        }

        if (spec.WeightBits == 0 && device.Name != "ideal")
        {
            throw new SettingException("weight-bits", $"0 (unquantised weights) needs the ideal device; layer {layer.Name} uses '{device.Name}'");
        }
    }

    /// <summary>Each slice's bits and the conductance range its levels use, e.g. "2b 0-25uS, 1b 0-25uS".</summary>
    public string SliceRanges() => string.Join(" ", Enumerable.Range(0, Spec.Slices).Select(s =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Spec.Slicing.SliceBits[s]}b:{Device.GMinUs:G4}-{Device.GMinUs + (Spec.Slicing.LevelMax(s) * StepUs[s]):G4}uS")));

    private ProgrammedArray Program(ArrayPlacement a)
    {
        if (_cache is null)
        {
            return Read(a, Cells(a)).Array;
        }

        ArrayProgrammingKey programmingKey = ProgrammingKey(a);
        return _cache.GetOrAdd(new ArrayReadKey(programmingKey, Spec.DriftTimeS),
            () => Read(a, _cache.GetOrAdd(programmingKey, () => Cells(a), c => c.Bytes)),
            r => r.Bytes).Array;
    }

    /// <summary>What programming each of the layer's arrays read (in placement order); null without a programming cache.</summary>
    internal IReadOnlyList<ArrayProgrammingKey>? ProgrammingKeys() => _cache is null ? null : [.. Placement.Arrays.Select(ProgrammingKey)];

    private ArrayProgrammingKey ProgrammingKey(ArrayPlacement a) =>
        new(_model!, Layer.Name, a.RowTile, a.ColumnTile, a.RowStart, a.RowCount, a.WeightStart, a.WeightCount, a.UsedColumns,
            Placement.ColumnsPerWeight, Spec.WeightBits, Spec.BitsPerCell, Spec.Encoding, Device.Spec, Device.Noise, Spec.Parasitics, Spec.Seed, _solver.Numerics);

    /// <summary>
    /// Stage 1, the cells as programmed: each cell's target conductance (its weight's level in its slice), the programmed
    /// conductance (variation, programming noise, faults) and, with wire parasitics, what the columns see of it (the array's
    /// effective matrix; with the fast solve, its error against the exact one is measured on the layer's first column tile).
    /// </summary>
    private ProgrammedCells Cells(ArrayPlacement a)
    {
        if (_presolved is not null && _presolved.TryGetValue(a, out ProgrammedCells? ready))
        {
            return ready;
        }

        var (target, programmed) = Programmed(a);
        if (!Spec.Parasitics.Enabled)
        {
            return new ProgrammedCells(target, programmed, programmed, CircuitSolveReport.None);
        }

        var (seen, report) = Effective(a, programmed, sample: a.ColumnTile == 0);
        return new ProgrammedCells(target, programmed, seen, report);
    }

    /// <summary>Each cell's target conductance (its weight's level in its slice) and the programmed conductance (variation, programming noise, faults), uS.</summary>
    private (float[] TargetUs, float[] ProgrammedUs) Programmed(ArrayPlacement a)
    {
        int rows = a.RowCount, cols = a.UsedColumns, cells = rows * cols, perWeight = Placement.ColumnsPerWeight, cellsPerSlice = Spec.CellsPerSlice;
        var target = new float[cells];
        for (int r = 0; r < rows; r++)
        {
            for (int w = 0; w < a.WeightCount; w++)
            {
                double q = Layer.Weights[((a.RowStart + r) * Layer.N) + a.WeightStart + w] / WeightScale;
                q = Spec.WeightBits > 0 ? Math.Round(q) : q;
                for (int s = 0; s < Spec.Slices; s++)
                {
                    for (int c = 0; c < cellsPerSlice; c++)
                    {
                        float level = Spec.Slicing.Level(Spec.Scheme.CellMagnitude(q, c, Offset), s);
                        target[(r * cols) + (w * perWeight) + (s * cellsPerSlice) + c] = (float)(Device.GMinUs + (level * StepUs[s]));
                    }
                }
            }
        }

        var programmed = new float[cells];
        Device.Program(target, programmed, ArrayRng(a));
        return (target, programmed);
    }

    /// <summary>
    /// Stage 2, the cells at the evaluation time: drift from the programmed conductances, each cell's per-read noise sigma, each row's
    /// summed conductance, and what the columns see (the programmed plane's solve when nothing drifted, else a solve of its own).
    /// </summary>
    private ReadCells Read(ArrayPlacement a, ProgrammedCells p)
    {
        int rows = a.RowCount, cols = a.UsedColumns, cells = rows * cols;
        // Drift drawn once: the circuit solves of Prepare already drew it for the arrays they solved.
        float[] atTime;
        (float[] Seen, CircuitSolveReport Report)? presolved = null;
        if (_presolvedDrift is not null && _presolvedDrift.TryGetValue(a, out var ready))
        {
            atTime = ready.AtTimeUs;
            presolved = (ready.Seen, ready.Report);
        }
        else
        {
            atTime = Drifted(a, p.TargetUs, p.ProgrammedUs);
        }

        var sigma = new float[cells];
        Device.ReadSigma(p.ProgrammedUs, atTime, sigma);
        var rowSum = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += atTime[(r * cols) + c];
            }

            rowSum[r] = sum;
        }

        float[] readSeen = atTime;
        CircuitSolveReport report = p.Solve;
        if (Spec.Parasitics.Enabled)
        {
            if (atTime.AsSpan().SequenceEqual(p.ProgrammedUs))
            {
                readSeen = p.ProgrammedSeenUs;
            }
            else
            {
                CircuitSolveReport second;
                (readSeen, second) = presolved ?? Effective(a, atTime, sample: false);
                report = report.Max(second);
            }
        }

        return new ReadCells(new ProgrammedArray(rows, cols, p.TargetUs, p.ProgrammedSeenUs, readSeen, sigma, rowSum, report));
    }

    /// <summary>The cells at the evaluation time: drift from the programmed conductances (a deterministic function of the array).</summary>
    private float[] Drifted(ArrayPlacement a, float[] targetUs, float[] programmedUs)
    {
        var atTime = new float[programmedUs.Length];
        Device.Drift(targetUs, programmedUs, atTime, Spec.DriftTimeS, ArrayRng(a));
        return atTime;
    }

    /// <summary>The array's random stream: programming and drift draw from children of it, keyed by layer and array.</summary>
    private CounterRng ArrayRng(ArrayPlacement a) => CounterRng.For(Spec.Seed, $"{Layer.Name}/array{a.RowTile}.{a.ColumnTile}");

    /// <summary>The array's effective conductances dI_column / dV_row (uS) with its wires; non-convergence is an error naming the layer and array.</summary>
    private (float[] Seen, CircuitSolveReport Report) Effective(ArrayPlacement a, float[] gUs, bool sample)
    {
        CrossbarCircuit circuit = Circuit(a, gUs);
        return Seen(a, gUs, _solver.Compute([circuit], Spec.Parasitics.Tolerance, Spec.Parasitics.MaxIterations)[0], sample);
    }

    /// <summary>The array's circuit: its cells as the wires see them (in siemens) and the wire, source and sink resistances.</summary>
    private CrossbarCircuit Circuit(ArrayPlacement a, float[] gUs)
    {
        int rows = a.RowCount, cols = a.UsedColumns;
        var (rowWire, colWire) = Spec.Parasitics.WireOhm(Device.Spec.CellHeightF.Value, Device.Spec.CellWidthF.Value);

        // A 1T1R cell's access transistor is in series with the cell: the circuit sees G' = 1 / (1/G + R_access).
        var g = new double[rows * cols];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = Device.SeenThroughAccessUs(gUs[i]) * 1e-6;
        }

        return new CrossbarCircuit(rows, cols, g, Spec.Parasitics.SourceOhm, rowWire, colWire, Spec.Parasitics.SinkOhm, $"layer {Layer.Name}");
    }

    /// <summary>The solved circuit's effective conductances (uS) and solve figures; with the fast solve, its error against an exact one (a sampled array).</summary>
    private (float[] Seen, CircuitSolveReport Report) Seen(ArrayPlacement a, float[] gUs, EffectiveMatrix.Result effective, bool sample)
    {
        int rows = a.RowCount, cols = a.UsedColumns;
        double tolerance = Spec.Parasitics.Tolerance;
        if (!(effective.WorstResidual <= ConvergenceLimit(tolerance)))
        {
            throw new InputException($"layer {Layer.Name}", $"the circuit solve of array {a.Id} ({rows}x{cols}, row tile {a.RowTile}, column tile {a.ColumnTile}) stopped at relative residual {effective.WorstResidual:E2}, above {ConvergenceLimit(tolerance):E0}; use --parasitics fast or none, or smaller wire resistances");
        }

        double[] m = effective.Matrix;
        double fastError = 0;
        if (Spec.Parasitics.Mode == ParasiticsMode.Fast && sample)
        {
            // Error of the fast solve against the exact one: the worst column's summed |difference| over all
            // rows (an all-ones input), in level units of the finest slice.
            double[] exact = _solver.Compute([Circuit(a, gUs)], EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations)[0].Matrix;
            for (int col = 0; col < cols; col++)
            {
                double sum = 0;
                for (int k = 0; k < rows; k++)
                {
                    sum += Math.Abs(m[(k * cols) + col] - exact[(k * cols) + col]);
                }

                fastError = Math.Max(fastError, sum * 1e6 / StepUs.Min());
            }
        }

        var seen = new float[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            seen[i] = (float)(m[i] * 1e6);
        }

        return (seen, new CircuitSolveReport(effective.WorstResidual, effective.CheckDeviation, fastError));
    }

    /// <summary>Largest residual a solve may stop at: 100 x its tolerance (the check solve's full-system residual carries rounding), at least 1e-10.</summary>
    internal static double ConvergenceLimit(double tolerance) => Math.Max(100 * tolerance, 1e-10);

    private (float[] Read, float[] Programmed, float[] Target, float[]? Variance, float[] RowConductance) Pack()
    {
        int k = Layer.K, n = Layer.N, width = Width, groups = Placement.ColumnTiles, cellsPerSlice = Spec.CellsPerSlice;
        var read = new float[k * width];
        var programmed = new float[k * width];
        var target = new float[k * width];
        var variance = new float[k * width];
        var rowConductance = new float[k * groups];
        double baseline = Spec.Scheme.BaselineUs(Device.GMinUs);
        bool noisy = false;
        foreach (ArrayPlacement a in Placement.Arrays)
        {
            ProgrammedArray arr = Arrays[a.RowTile * groups + a.ColumnTile];
            for (int r = 0; r < a.RowCount; r++)
            {
                int row = a.RowStart + r;
                rowConductance[(row * groups) + a.ColumnTile] = (float)arr.RowConductanceUs[r];
                for (int w = 0; w < a.WeightCount; w++)
                {
                    for (int s = 0; s < Spec.Slices; s++)
                    {
                        int at = (row * width) + (s * n) + a.WeightStart + w;
                        double step = StepUs[s];
                        for (int c = 0; c < cellsPerSlice; c++)
                        {
                            int cell = (r * arr.Columns) + (w * Placement.ColumnsPerWeight) + (s * cellsPerSlice) + c;
                            float sign = Spec.Scheme.CellSign(c);
                            read[at] += sign * (float)((arr.ReadSeenUs[cell] - baseline) / step);
                            programmed[at] += sign * (float)((arr.ProgrammedSeenUs[cell] - baseline) / step);
                            double level = (arr.TargetUs[cell] - Device.GMinUs) / step;
                            target[at] += sign * (float)(Spec.Slicing.Exact ? level : Math.Round(level));
                            double sigma = arr.ReadSigmaUs[cell];
                            variance[at] += (float)(sigma * sigma / (step * step));
                            noisy |= sigma > 0;
                        }
                    }
                }
            }
        }

        return (read, programmed, target, noisy ? variance : null, rowConductance);
    }

    /// <summary>Cells holding weights (both cells of a pair, every slice).</summary>
    public long UsedCells => Placement.UsedCells;

    /// <summary>Stage 1 of an array: target and programmed conductances and what the columns see of them (uS).</summary>
    private sealed record ProgrammedCells(float[] TargetUs, float[] ProgrammedUs, float[] ProgrammedSeenUs, CircuitSolveReport Solve)
    {
        public long Bytes => 4L * (TargetUs.Length + ProgrammedUs.Length + (ReferenceEquals(ProgrammedSeenUs, ProgrammedUs) ? 0 : ProgrammedSeenUs.Length));
    }

    /// <summary>Stage 2 of an array: the array as read at the evaluation time.</summary>
    private sealed record ReadCells(ProgrammedArray Array)
    {
        public long Bytes => (4L * (Array.ReadSeenUs.Length + Array.ReadSigmaUs.Length)) + (8L * Array.RowConductanceUs.Length);
    }
}
