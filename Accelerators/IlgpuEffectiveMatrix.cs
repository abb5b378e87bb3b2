using ILGPU;
using ILGPU.Runtime;
using IMCSim.Accelerators.Kernels;
using IMCSim.Simulator.Circuit;

namespace IMCSim.Accelerators;

/// <summary>
/// Effective matrices on an ILGPU device, two ways:
/// <list type="bullet">
/// <item>circuits below <see cref="ChainParallelNodes"/> nodes: every unit-input solve of every such circuit in one launch
/// (<see cref="EffectiveMatrixKernel"/>: one thread per circuit and driven row; more launches only when the scratch would pass the
/// memory budget), each current the CPU block solve's bits;</item>
/// <item>larger circuits, one at a time: one thread per (chain, driven row) in every sweep (<see cref="ChainParallelSolveKernels"/>),
/// so that one 512 x 512 array fills a GPU; its dot products add per-column partial sums, so the currents agree with the CPU's
/// within rounding (1e-12 relative promised and checked by the conformance run), not bit for bit.</item>
/// </list>
/// Each matrix is then checked on the CPU against a full single solve (<see cref="EffectiveMatrix.Checked"/>), as the CPU backend does.
/// Circuits with a zero wire resistance (merged nodes, which the CPU solves one input at a time) are solved on the CPU. Safe to call
/// from several threads: launches take turns.
/// </summary>
public sealed class IlgpuEffectiveMatrix : IEffectiveMatrixSolver
{
    private readonly Accelerator _accelerator;
    private readonly object _gate = new();
    private readonly int _threads;
    private readonly long _budgetBytes;
    private readonly Action<Index1D, EffectiveSolveArgs, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> _kernel;

    /// <summary>Circuits of at least this many nodes (rows x columns) are solved chain-parallel (256 x 256 and up).</summary>
    public const int DefaultChainParallelNodes = 256 * 256;

    private readonly ChainKernels _chain;

    /// <param name="threads">Threads of the CPU check solves and merged-wire circuits (0: all cores).</param>
    /// <param name="budgetBytes">Device memory one launch may use (0: half the device's; 1 GiB on the CPU accelerator; at most 8 GiB).</param>
    /// <param name="chainParallelNodes">Circuits of at least this many nodes are solved chain-parallel (0: <see cref="DefaultChainParallelNodes"/>).</param>
    public IlgpuEffectiveMatrix(IlgpuDevice device, int threads = 0, long budgetBytes = 0, int chainParallelNodes = 0)
    {
        ChainParallelNodes = chainParallelNodes > 0 ? chainParallelNodes : DefaultChainParallelNodes;
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        _threads = threads;
        _budgetBytes = Math.Min(budgetBytes > 0 ? budgetBytes : device.Kind == AcceleratorKind.Cuda ? _accelerator.MemorySize / 2 : 1L << 30, 8L << 30);
        _kernel = device.Kind == AcceleratorKind.Cuda
            ? _accelerator.LoadAutoGroupedStreamKernel<Index1D, EffectiveSolveArgs, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(EffectiveMatrixKernel.Solve<PtxDoubleMath>)
            : _accelerator.LoadAutoGroupedStreamKernel<Index1D, EffectiveSolveArgs, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(EffectiveMatrixKernel.Solve<ManagedDoubleMath>);
        _chain = device.Kind == AcceleratorKind.Cuda ? ChainKernels.Load<PtxDoubleMath>(_accelerator) : ChainKernels.Load<ManagedDoubleMath>(_accelerator);
    }

    /// <summary>Circuits of at least this many nodes are solved chain-parallel.</summary>
    public int ChainParallelNodes { get; }

    /// <summary>The CPU's bits below <see cref="ChainParallelNodes"/> cells, the chain-parallel solve's from there (see <see cref="IEffectiveMatrixSolver.Numerics"/>).</summary>
    public string Numerics => $"{CpuEffectiveMatrixSolver.BlockNumerics}; chain-parallel from {ChainParallelNodes} cells";

    /// <summary>Solves launched so far and the largest iteration count any of them used (for throughput reports).</summary>
    public (long Solves, int MaxIterations) Counters { get; private set; }

    public IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(circuits);
        var matrices = new double[circuits.Count][];
        var worst = new double[circuits.Count];
        var results = new EffectiveMatrix.Result[circuits.Count];
        var onDevice = new List<(int Index, CrossbarSolver Solver)>();
        var chainParallel = new List<(int Index, CrossbarSolver Solver)>();
        for (int c = 0; c < circuits.Count; c++)
        {
            var solver = new CrossbarSolver(circuits[c], threads: 1);
            if (solver.BlockSupported)
            {
                ((long)circuits[c].Rows * circuits[c].Cols >= ChainParallelNodes ? chainParallel : onDevice).Add((c, solver));
                matrices[c] = new double[circuits[c].Rows * circuits[c].Cols];
            }
            else
            {
                results[c] = EffectiveMatrix.Compute(circuits[c], _threads, tolerance, maxIterations);
            }
        }

        lock (_gate)
        {
            foreach (var batch in Batches(onDevice))
            {
                Launch(batch, tolerance, maxIterations, matrices, worst);
            }

            foreach (var (c, solver) in chainParallel)
            {
                worst[c] = SolveChainParallel(solver, tolerance, maxIterations, matrices[c]);
            }
        }

        // The checks against a full single solve, circuits in parallel (each check's result does not depend on its threads).
        var checks = onDevice.Concat(chainParallel).Select(x => x.Index).ToArray();
        Parallel.For(0, checks.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads > 0 ? _threads : Environment.ProcessorCount }, k =>
        {
            int c = checks[k];
            results[c] = EffectiveMatrix.Checked(circuits[c], matrices[c], worst[c], checks.Length > 1 ? 1 : _threads, tolerance, maxIterations);
        });

        return results;
    }

    /// <summary>A launch's solves: (circuit, first driven row, rows) ranges whose scratch and coefficients fit the budget (at least one row each).</summary>
    private IEnumerable<List<(int Index, CrossbarSolver Solver, int Row0, int Rows)>> Batches(List<(int Index, CrossbarSolver Solver)> circuits)
    {
        var batch = new List<(int, CrossbarSolver, int, int)>();
        int maxNodes = 0, maxCols = 0;
        long jobs = 0, coefficients = 0;
        foreach (var (index, solver) in circuits)
        {
            int n = solver.Circuit.Rows, m = solver.Circuit.Cols, row = 0;
            while (row < n)
            {
                int nodes = Math.Max(maxNodes, n * m), cols = Math.Max(maxCols, m);
                long coef = coefficients + ((long)CrossbarSolver.BlockPlanes * n * m);
                long perJob = (8L * (EffectiveMatrixKernel.ScratchLength(nodes, cols, 1) + cols + 1)) + 8;
                long room = (_budgetBytes - (8 * coef)) / perJob - jobs;
                if (room < 1 && batch.Count > 0)
                {
                    yield return batch;
                    batch = [];
                    (maxNodes, maxCols, jobs, coefficients) = (0, 0, 0, 0);
                    continue;
                }

                int take = (int)Math.Clamp(room, 1, n - row);
                batch.Add((index, solver, row, take));
                (maxNodes, maxCols, jobs, coefficients) = (nodes, cols, jobs + take, coef);
                row += take;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private void Launch(List<(int Index, CrossbarSolver Solver, int Row0, int Rows)> batch, double tolerance, int maxIterations, double[][] matrices, double[] worst)
    {
        // Each circuit's coefficients once, even when its rows are split over entries.
        var slot = new Dictionary<int, int>();
        var table = new List<int>();
        var boundary = new List<double>();
        var coefficients = new List<double>();
        var jobs = new List<int>();
        int maxNodes = 0, maxCols = 0;
        foreach (var (index, solver, row0, rows) in batch)
        {
            int n = solver.Circuit.Rows, m = solver.Circuit.Cols;
            if (!slot.TryGetValue(index, out int s))
            {
                s = slot.Count;
                slot[index] = s;
                var planes = new double[CrossbarSolver.BlockPlanes * n * m];
                solver.ExportBlockCoefficients(planes);
                var (sourceFixed, sinkFixed, sourceS, rowWireS, columnWireS, sinkS) = solver.BlockBoundary;
                table.AddRange([n, m, coefficients.Count, (sourceFixed ? 1 : 0) | (sinkFixed ? 2 : 0)]);
                boundary.AddRange([sourceS, rowWireS, columnWireS, sinkS]);
                coefficients.AddRange(planes);
            }

            for (int r = row0; r < row0 + rows; r++)
            {
                jobs.Add(s);
                jobs.Add(r);
            }

            maxNodes = Math.Max(maxNodes, n * m);
            maxCols = Math.Max(maxCols, m);
        }

        int count = jobs.Count / 2;
        using var dTable = _accelerator.Allocate1D<int>([.. table]);
        using var dBoundary = _accelerator.Allocate1D<double>([.. boundary]);
        using var dCoefficients = _accelerator.Allocate1D<double>([.. coefficients]);
        using var dJobs = _accelerator.Allocate1D<int>([.. jobs]);
        using var dScratch = _accelerator.Allocate1D<double>(EffectiveMatrixKernel.ScratchLength(maxNodes, maxCols, count));
        using var dCurrents = _accelerator.Allocate1D<double>((long)maxCols * count);
        using var dResiduals = _accelerator.Allocate1D<double>(count);
        using var dIterations = _accelerator.Allocate1D<int>(count);
        var args = new EffectiveSolveArgs { Jobs = count, MaxNodes = maxNodes, MaxCols = maxCols, MaxIterations = maxIterations, Tolerance = tolerance };
        _kernel(count, args, dTable.View, dBoundary.View, dCoefficients.View, dJobs.View, dScratch.View, dCurrents.View, dResiduals.View, dIterations.View);
        _accelerator.Synchronize();
        double[] currents = dCurrents.GetAsArray1D(), residuals = dResiduals.GetAsArray1D();
        int[] iterations = dIterations.GetAsArray1D();

        int t = 0;
        foreach (var (index, solver, row0, rows) in batch)
        {
            int m = solver.Circuit.Cols;
            double[] a = matrices[index];
            for (int r = row0; r < row0 + rows; r++, t++)
            {
                for (int j = 0; j < m; j++)
                {
                    a[(r * m) + j] = currents[((long)j * count) + t];
                }

                worst[index] = Math.Max(worst[index], residuals[t]);
            }
        }

        Counters = (Counters.Solves + count, Math.Max(Counters.MaxIterations, iterations.Max()));
    }

    /// <summary>
    /// One circuit's unit-input solves chain-parallel, as many driven rows per launch sequence as the budget allows; writes the matrix
    /// and returns the worst residual.
    /// </summary>
    private double SolveChainParallel(CrossbarSolver solver, double tolerance, int maxIterations, double[] matrix)
    {
        int n = solver.Circuit.Rows, m = solver.Circuit.Cols;
        var planes = new double[CrossbarSolver.BlockPlanes * n * m];
        solver.ExportBlockCoefficients(planes);
        var (sourceFixed, sinkFixed, sourceS, rowWireS, columnWireS, sinkS) = solver.BlockBoundary;
        long perLane = 8 * (ChainParallelSolveKernels.ScratchLength(n, m, 1) + m + ChainParallelSolveKernels.LaneDoublesLength(1) + 3);
        int lanes = (int)Math.Clamp((_budgetBytes - (8L * planes.Length)) / perLane, 1, n);
        using var dCoefficients = _accelerator.Allocate1D<double>(planes);
        using var dScratch = _accelerator.Allocate1D<double>(ChainParallelSolveKernels.ScratchLength(n, m, lanes));
        using var dLane = _accelerator.Allocate1D<double>(ChainParallelSolveKernels.LaneDoublesLength(lanes));
        using var dState = _accelerator.Allocate1D<int>(2L * lanes);
        using var dCurrents = _accelerator.Allocate1D<double>((long)m * lanes);
        using var dResiduals = _accelerator.Allocate1D<double>(lanes);
        double worst = 0;
        for (int row0 = 0; row0 < n; row0 += lanes)
        {
            int count = Math.Min(lanes, n - row0);
            var args = new ChainSolveArgs
            {
                N = n, M = m, Lanes = count, FirstRow = row0, Flags = (sourceFixed ? 1 : 0) | (sinkFixed ? 2 : 0), MaxIterations = maxIterations, Tolerance = tolerance,
                SourceS = sourceS, RowWireS = rowWireS, ColumnWireS = columnWireS, SinkS = sinkS,
            };
            ArrayView<double> coef = dCoefficients.View, x = dScratch.View.SubView(0, ChainParallelSolveKernels.ScratchLength(n, m, count));
            ArrayView<double> lane = dLane.View.SubView(0, ChainParallelSolveKernels.LaneDoublesLength(count));
            ArrayView<int> state = dState.View.SubView(0, 2L * count);
            _chain.Rhs(n * count, args, coef, x, lane, state);
            _chain.Forward(m * count, args, 1, coef, x, lane, state);
            _chain.AfterForward(count, args, 1, x, lane, state);
            var active = new int[count];
            for (int iteration = 0; iteration < maxIterations; iteration++)
            {
                state.SubView(0, count).CopyToCPU(active);
                if (!active.Contains(1))
                {
                    break;
                }

                _chain.Backward(m * count, args, coef, x, lane, state);
                _chain.RowChains(n * count, args, coef, x, lane, state);
                _chain.SchurColumns(m * count, args, coef, x, lane, state);
                _chain.Step(count, args, x, lane, state);
                _chain.Forward(m * count, args, 0, coef, x, lane, state);
                _chain.AfterForward(count, args, 0, x, lane, state);
            }

            ArrayView<double> currents = dCurrents.View.SubView(0, (long)m * count), residuals = dResiduals.View.SubView(0, count);
            _chain.Currents(count, args, coef, x, lane, currents, residuals);
            _accelerator.Synchronize();
            var flat = new double[(long)m * count];
            currents.CopyToCPU(flat);
            var res = new double[count];
            residuals.CopyToCPU(res);
            for (int l = 0; l < count; l++)
            {
                for (int j = 0; j < m; j++)
                {
                    matrix[((row0 + l) * m) + j] = flat[((long)j * count) + l];
                }

                worst = Math.Max(worst, res[l]);
            }

            var used = new int[count];
            state.SubView(count, count).CopyToCPU(used);
            Counters = (Counters.Solves + count, Math.Max(Counters.MaxIterations, used.Max()));
        }

        return worst;
    }

    /// <summary>The chain-parallel kernels loaded for one backend.</summary>
    private sealed record ChainKernels(
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> Rhs,
        Action<Index1D, ChainSolveArgs, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> Forward,
        Action<Index1D, ChainSolveArgs, int, ArrayView<double>, ArrayView<double>, ArrayView<int>> AfterForward,
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> Backward,
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> RowChains,
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>> SchurColumns,
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<int>> Step,
        Action<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> Currents)
    {
        public static ChainKernels Load<TMath>(Accelerator accelerator)
            where TMath : struct, IDoubleMath => new(
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.Rhs<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, int, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.Forward<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, int, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.AfterForward<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.Backward<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.RowChains<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.SchurColumns<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<int>>(ChainParallelSolveKernels.Step<TMath>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ChainSolveArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ChainParallelSolveKernels.Currents<TMath>));
    }
}
