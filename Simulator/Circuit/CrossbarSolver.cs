using System.Numerics.Tensors;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Exact nodal solve of a <see cref="CrossbarCircuit"/>. Unknowns are the row-wire node voltages
/// R[i, j] and the column-wire node voltages C[i, j]. Kirchhoff's current law gives a symmetric
/// positive definite system K x = b whose only stiff part, the wires, forms independent tridiagonal
/// chains (one per row, one per column). Preconditioned conjugate gradients with those chains solved
/// exactly (Thomas algorithm) as the preconditioner leaves Krylov only the weak coupling through
/// the cells, so it converges in a few tens of iterations even for 512 x 512 arrays. Convergence is
/// checked, never assumed: every result carries the relative residual of the full system.
/// A zero source (sink) resistance fixes the row start (column end) voltage; a zero wire resistance
/// merges a row's (column's) nodes into one.
/// </summary>
public sealed partial class CrossbarSolver
{
    private readonly CrossbarCircuit _c;
    private readonly int _n, _m, _mr, _nc, _rowNodes, _colNodes;
    private readonly double _gs, _gwr, _gwc, _gk;
    private readonly bool _sourceFixed, _sinkFixed;
    private readonly double[] _g;
    private readonly double[] _rowDiag, _rowOff, _rowCp, _rowDen;
    private readonly double[] _colDiag, _colOff, _colCp, _colDen;
    private readonly double[] _rowGDen, _rowNegOffDen, _rowNegCp;
    private readonly bool[] _fixed;
    private readonly int[] _fixedNodes;
    private readonly double[] _negG;
    private readonly int _threads;

    public CrossbarSolver(CrossbarCircuit circuit, int threads = 0)
    {
        _c = circuit;
        _n = circuit.Rows;
        _m = circuit.Cols;
        _mr = circuit.RowWireOhm == 0 ? 1 : _m;
        _nc = circuit.ColWireOhm == 0 ? 1 : _n;
        _rowNodes = _n * _mr;
        _colNodes = _nc * _m;
        _sourceFixed = circuit.SourceOhm == 0;
        _sinkFixed = circuit.SinkOhm == 0;
        _gs = _sourceFixed ? 0 : 1 / circuit.SourceOhm;
        _gk = _sinkFixed ? 0 : 1 / circuit.SinkOhm;
        _gwr = _mr == 1 ? 0 : 1 / circuit.RowWireOhm;
        _gwc = _nc == 1 ? 0 : 1 / circuit.ColWireOhm;
        _g = circuit.ConductanceS;
        _threads = threads <= 0 ? Environment.ProcessorCount : threads;

        int total = _rowNodes + _colNodes;
        _fixed = new bool[total];
        if (_sourceFixed)
        {
            for (int i = 0; i < _n; i++)
            {
                _fixed[i * _mr] = true;
            }
        }

        if (_sinkFixed)
        {
            for (int j = 0; j < _m; j++)
            {
                _fixed[_rowNodes + ((_nc - 1) * _m) + j] = true;
            }
        }

        _fixedNodes = [.. Enumerable.Range(0, total).Where(k => _fixed[k])];
        _negG = [.. _g.Select(v => -v)];

        // Cell conductance attached to every node.
        var rowCells = new double[_rowNodes];
        var colCells = new double[_colNodes];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _m; j++)
            {
                double g = _g[(i * _m) + j];
                rowCells[RowNode(i, j)] += g;
                colCells[ColNode(i, j) - _rowNodes] += g;
            }
        }

        _rowDiag = new double[_rowNodes];
        _rowOff = new double[_rowNodes];
        for (int i = 0; i < _n; i++)
        {
            for (int jr = 0; jr < _mr; jr++)
            {
                int k = (i * _mr) + jr;
                _rowDiag[k] = _fixed[k] ? 1 : rowCells[k] + (jr == 0 ? _gs : 0) + (_gwr * ((jr > 0 ? 1 : 0) + (jr < _mr - 1 ? 1 : 0)));
                _rowOff[k] = jr < _mr - 1 && !_fixed[k] && !_fixed[k + 1] ? -_gwr : 0;
            }
        }

        _colDiag = new double[_colNodes];
        _colOff = new double[_colNodes];
        for (int ic = 0; ic < _nc; ic++)
        {
            for (int j = 0; j < _m; j++)
            {
                int k = (ic * _m) + j;
                bool isFixed = _fixed[_rowNodes + k];
                _colDiag[k] = isFixed ? 1 : colCells[k] + (ic == _nc - 1 ? _gk : 0) + (_gwc * ((ic > 0 ? 1 : 0) + (ic < _nc - 1 ? 1 : 0)));
                _colOff[k] = ic < _nc - 1 && !isFixed && !_fixed[_rowNodes + k + _m] ? -_gwc : 0;
            }
        }

        (_rowCp, _rowDen) = FactorRows();
        (_colCp, _colDen) = FactorCols();

        // Row-chain recurrences pre-scaled so each step is one fused multiply-add on the dependency chain.
        _rowNegOffDen = new double[_rowNodes];
        _rowNegCp = new double[_rowNodes];
        _rowGDen = new double[_mr == _m ? _rowNodes : 0];
        for (int k = 0; k < _rowNodes; k++)
        {
            bool start = k % _mr == 0;
            _rowNegOffDen[k] = start ? 0 : -_rowOff[k - 1] * _rowDen[k];
            _rowNegCp[k] = -_rowCp[k];
            if (_mr == _m)
            {
                _rowGDen[k] = _fixed[k] ? 0 : _g[k] * _rowDen[k];
            }
        }
    }

    public CrossbarCircuit Circuit => _c;

    /// <summary>Number of unknown node voltages of the full nodal system.</summary>
    public int Unknowns => _rowNodes + _colNodes;

    private int RowNode(int i, int j) => (i * _mr) + (_mr == 1 ? 0 : j);

    private int ColNode(int i, int j) => _rowNodes + ((_nc == 1 ? 0 : i) * _m) + j;

    /// <summary>
    /// Scratch vectors of one solve (<see cref="Lanes"/> = 1) or one 8-lane block solve; reuse one per thread
    /// to solve many inputs without allocating: five column-node vectors, row buffers for every row chunk and
    /// per-chunk partial sums, plus the full-system vectors of single solves (which report the full-system residual).
    /// </summary>
    public sealed class Workspace
    {
        internal Workspace(CrossbarSolver solver, int lanes)
        {
            Lanes = lanes;
            int total = lanes == 1 ? solver.Unknowns : 0, colNodes = solver._colNodes * lanes, row = solver._m * lanes;
            B = new double[total];
            X = new double[total];
            Residual = new double[total];
            C = new double[colNodes];
            R = new double[colNodes];
            Z = new double[colNodes];
            P = new double[colNodes];
            Q = new double[colNodes];
            (ColumnChunk, RowChunk) = solver.ChunkSizes(lanes);
            ColumnChunks = (solver._m + ColumnChunk - 1) / ColumnChunk;
            RowChunks = solver._nc == 1 ? 1 : (solver._nc + RowChunk - 1) / RowChunk;
            Rows = [.. Enumerable.Range(0, RowChunks).Select(_ => new RowBuffers(row))];
            Columns = [.. Enumerable.Range(0, ColumnChunks).Select(_ => new double[ColumnChunk * lanes])];
            Partials = new double[2 * Math.Max(RowChunks, ColumnChunks) * lanes];
        }

        internal int Lanes { get; }

        internal int ColumnChunk { get; }

        internal int RowChunk { get; }

        internal int ColumnChunks { get; }

        internal int RowChunks { get; }

        internal double[] B { get; }

        internal double[] X { get; }

        internal double[] Residual { get; }

        internal double[] C { get; }

        internal double[] R { get; }

        internal double[] Z { get; }

        internal double[] P { get; }

        internal double[] Q { get; }

        internal RowBuffers[] Rows { get; }

        /// <summary>One column chunk's worth of node values per buffer (the backward sweep's row below).</summary>
        internal double[][] Columns { get; }

        internal double[] Partials { get; }
    }

    /// <summary>One array row's worth of node values per buffer: a right-hand side, a row-chain solution and three coupling rows.</summary>
    internal sealed class RowBuffers(int length)
    {
        public double[] T { get; } = new double[length];

        public double[] U { get; } = new double[length];

        public double[] CoupledA { get; set; } = new double[length];

        public double[] CoupledB { get; } = new double[length];

        public double[] CoupledC { get; set; } = new double[length];
    }

    public Workspace NewWorkspace() => new(this, 1);

    /// <summary>Column currents for row voltages <paramref name="voltages"/> (volts), to a relative residual of <paramref name="tolerance"/>.</summary>
    public SolveResult Solve(ReadOnlySpan<double> voltages, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        if (voltages.Length != _n)
        {
            throw new ArgumentException($"{voltages.Length} voltages for {_n} rows");
        }

        Workspace w = workspace ?? NewWorkspace();
        if (w.Lanes != 1)
        {
            throw new ArgumentException("Solve needs a workspace from NewWorkspace()");
        }

        double[] v = voltages.ToArray();
        double[][] lanes = [v];
        int iterations = SchurConjugateGradients<double, ScalarLanes>(lanes, tolerance, maxIterations, w, out _);

        // Full node voltages (0 on held nodes) and the residual of the full nodal system.
        double[] b = w.B, x = w.X;
        ForChunks(w.RowChunks, chunk =>
        {
            int i0 = _nc == 1 ? 0 : chunk * w.RowChunk, i1 = _nc == 1 ? _n : Math.Min(_n, i0 + w.RowChunk);
            for (int i = i0; i < i1; i++)
            {
                RowVoltages<double, ScalarLanes>(lanes, i, w.C, w.Rows[chunk]);
                w.Rows[chunk].U.AsSpan(0, _mr).CopyTo(x.AsSpan(i * _mr));
            }
        });

        w.C.CopyTo(x, _rowNodes);
        Array.Clear(b);
        BuildRhs(v, b);
        double[] residual = w.Residual;
        Apply(x, residual);
        TensorPrimitives.Subtract(b, residual, residual);
        double bNorm = TensorPrimitives.Norm(b);
        double relative = bNorm == 0 ? TensorPrimitives.Norm(residual) : TensorPrimitives.Norm(residual) / bNorm;
        return new SolveResult(Currents(x, v), relative, iterations);
    }

    private void BuildRhs(double[] v, double[] b)
    {
        for (int i = 0; i < _n; i++)
        {
            int start = i * _mr;
            if (!_sourceFixed)
            {
                b[start] += _gs * v[i];
                continue;
            }

            // Row start held at v[i]: its couplings to free neighbours move to the right-hand side.
            if (_mr > 1 && !_fixed[start + 1])
            {
                b[start + 1] += _gwr * v[i];
            }

            for (int j = 0; j < _m; j++)
            {
                if (RowNode(i, j) == start)
                {
                    int cn = ColNode(i, j);
                    if (!_fixed[cn])
                    {
                        b[cn] += _g[(i * _m) + j] * v[i];
                    }
                }
            }
        }
    }

    /// <summary>y = K x on the free nodes (x is zero on fixed nodes; y is set to zero there). Rows of the array in parallel for large arrays.</summary>
    private void Apply(double[] x, double[] y)
    {
        int chunk = Math.Max(8, _n / (_threads * 4));
        int tasks = (_n + chunk - 1) / chunk;
        if (Serial || tasks == 1)
        {
            ApplyRows(x, y, 0, _n);
        }
        else
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, t => ApplyRows(x, y, t * chunk, Math.Min(_n, (t + 1) * chunk)));
        }

        foreach (int k in _fixedNodes)
        {
            y[k] = 0;
        }
    }

    /// <summary>K x for the row nodes of rows [i0, i1) and the column nodes of those rows (merged nodes: whole array on one thread).</summary>
    private void ApplyRows(double[] x, double[] y, int i0, int i1)
    {
        ReadOnlySpan<double> xc = x.AsSpan(_rowNodes);
        Span<double> yc = y.AsSpan(_rowNodes);
        bool merged = _mr != _m || _nc != _n;
        if (merged && (i0 != 0 || i1 != _n))
        {
            throw new InvalidOperationException("merged-node circuits are applied whole");
        }

        for (int i = i0; i < i1; i++)
        {
            // Row chain: diagonal and wire neighbours.
            int s = i * _mr;
            Span<double> yr = y.AsSpan(s, _mr);
            ReadOnlySpan<double> xr = x.AsSpan(s, _mr);
            TensorPrimitives.Multiply(_rowDiag.AsSpan(s, _mr), xr, yr);
            if (_mr > 1)
            {
                ReadOnlySpan<double> off = _rowOff.AsSpan(s, _mr - 1);
                TensorPrimitives.MultiplyAdd(off, xr[..^1], yr[1..], yr[1..]);
                TensorPrimitives.MultiplyAdd(off, xr[1..], yr[..^1], yr[..^1]);
            }
        }

        ApplyColumnChains(xc, yc, _nc == 1 ? 0 : i0, _nc == 1 ? 1 : i1);

        // Cell coupling: -G between each cell's row node and column node.
        if (!merged)
        {
            for (int i = i0; i < i1; i++)
            {
                ReadOnlySpan<double> g = _negG.AsSpan(i * _m, _m);
                Span<double> yr = y.AsSpan(i * _m, _m), ycr = yc.Slice(i * _m, _m);
                TensorPrimitives.MultiplyAdd(g, xc.Slice(i * _m, _m), yr, yr);
                TensorPrimitives.MultiplyAdd(g, x.AsSpan(i * _m, _m), ycr, ycr);
            }

            return;
        }

        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _m; j++)
            {
                double g = _g[(i * _m) + j];
                int rn = RowNode(i, j), cn = ColNode(i, j);
                y[rn] -= g * x[cn];
                y[cn] -= g * x[rn];
            }
        }
    }

    /// <summary>w = A_c p for the column-node rows [ic0, ic1): the column chains' tridiagonal product (column-node vectors).</summary>
    private void ApplyColumnChains(ReadOnlySpan<double> p, Span<double> w, int ic0, int ic1)
    {
        for (int ic = ic0; ic < ic1; ic++)
        {
            Span<double> row = w.Slice(ic * _m, _m);
            TensorPrimitives.Multiply(_colDiag.AsSpan(ic * _m, _m), p.Slice(ic * _m, _m), row);
            if (ic > 0)
            {
                TensorPrimitives.MultiplyAdd(_colOff.AsSpan((ic - 1) * _m, _m), p.Slice((ic - 1) * _m, _m), row, row);
            }

            if (ic < _nc - 1)
            {
                TensorPrimitives.MultiplyAdd(_colOff.AsSpan(ic * _m, _m), p.Slice((ic + 1) * _m, _m), row, row);
            }
        }
    }

    /// <summary>Arrays below this many unknowns are solved on one thread: fork/join would cost more than the work.</summary>
    private const int ParallelThreshold = 1 << 17;

    private bool Serial => _threads == 1 || Unknowns < ParallelThreshold;

    private (double[] Cp, double[] Den) FactorRows()
    {
        var cp = new double[_rowNodes];
        var den = new double[_rowNodes];
        for (int i = 0; i < _n; i++)
        {
            int s = i * _mr;
            for (int k = s; k < s + _mr; k++)
            {
                double d = _rowDiag[k] - (k > s ? _rowOff[k - 1] * cp[k - 1] : 0);
                den[k] = 1 / d;
                cp[k] = _rowOff[k] / d;
            }
        }

        return (cp, den);
    }

    private (double[] Cp, double[] Den) FactorCols()
    {
        var cp = new double[_colNodes];
        var den = new double[_colNodes];
        for (int ic = 0; ic < _nc; ic++)
        {
            for (int j = 0; j < _m; j++)
            {
                int k = (ic * _m) + j;
                double d = _colDiag[k] - (ic > 0 ? _colOff[k - _m] * cp[k - _m] : 0);
                den[k] = 1 / d;
                cp[k] = _colOff[k] / d;
            }
        }

        return (cp, den);
    }

    /// <summary>Column output currents from the solved node voltages (fixed nodes at their values).</summary>
    private double[] Currents(double[] x, double[] v)
    {
        var current = new double[_m];
        double RowVoltage(int i, int j)
        {
            int rn = RowNode(i, j);
            return _fixed[rn] ? v[i] : x[rn];
        }

        for (int j = 0; j < _m; j++)
        {
            int end = _rowNodes + ((_nc - 1) * _m) + j;
            if (!_sinkFixed)
            {
                current[j] = _gk * x[end];
                continue;
            }

            // Column end is ground: the current arriving there through the last wire segment and the cells on that node.
            double s = _nc > 1 ? _gwc * x[end - _m] : 0;
            for (int i = 0; i < _n; i++)
            {
                if (ColNode(i, j) == end)
                {
                    s += _g[(i * _m) + j] * RowVoltage(i, j);
                }
            }

            current[j] = s;
        }

        return current;
    }
}
