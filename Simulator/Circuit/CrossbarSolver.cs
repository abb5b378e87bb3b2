namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Exact nodal solve of a <see cref="CrossbarCircuit"/>. Unknowns are the row-wire node voltages
/// R[i, j] and the column-wire node voltages C[i, j]. Kirchhoff's current law gives a symmetric
/// positive definite system K x = b whose only stiff part, the wires, forms independent tridiagonal
/// chains (one per row, one per column). Conjugate gradients with those chains solved
/// exactly (Thomas algorithm) leave Krylov only the weak coupling through the cells, so it converges
/// in a few tens of iterations even for 512 x 512 arrays (CrossbarSolver.Schur.cs). Convergence is
/// checked, never assumed: every single solve carries the relative residual of the full system.
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
    private readonly double[] _rowDiag, _rowOff, _rowDen;
    private readonly double[] _colDiag, _colOff, _colCp, _colDen;
    private readonly double[] _rowGDen, _rowNegOffDen, _rowNegCp;
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

        _rowDiag = new double[_rowNodes];
        _rowOff = new double[_rowNodes];
        _rowDen = new double[_rowNodes];
        _rowNegCp = new double[_rowNodes];
        _rowNegOffDen = new double[_rowNodes];
        _rowGDen = new double[_mr == _m ? _rowNodes : 0];
        _colDiag = new double[_colNodes];
        _colOff = new double[_colNodes];
        _colCp = new double[_colNodes];
        _colDen = new double[_colNodes];

        // Row and column chains: their tridiagonal matrices and Thomas factors (chains are independent: chunks in parallel).
        int rowChunks = (_n + 63) / 64, colChunks = (_m + 63) / 64;
        ForChunks(rowChunks, chunk => FactorRowChains(chunk * 64, Math.Min(_n, (chunk + 1) * 64)));
        ForChunks(colChunks, chunk => FactorColumnChains(chunk * 64, Math.Min(_m, (chunk + 1) * 64)));
    }

    /// <summary>Row chains of array rows [i0, i1): diagonal (cells, source, wires), off-diagonal, Thomas factors and the pre-scaled recurrence coefficients.</summary>
    private void FactorRowChains(int i0, int i1)
    {
        for (int i = i0; i < i1; i++)
        {
            int s = i * _mr;
            double cpPrev = 0;
            for (int jr = 0; jr < _mr; jr++)
            {
                int k = s + jr;
                bool held = jr == 0 && _sourceFixed;
                double cells = _mr == _m ? _g[k] : RowCellSum(i);
                double diag = held ? 1 : cells + (jr == 0 ? _gs : 0) + (_gwr * ((jr > 0 ? 1 : 0) + (jr < _mr - 1 ? 1 : 0)));
                double off = jr < _mr - 1 && !held ? -_gwr : 0;
                double offPrev = jr > 0 ? _rowOff[k - 1] : 0;
                double d = diag - (offPrev * cpPrev);
                double den = 1 / d;
                cpPrev = off / d;
                _rowDiag[k] = diag;
                _rowOff[k] = off;
                _rowDen[k] = den;
                _rowNegCp[k] = -cpPrev;

                // Pre-scaled so each recurrence step is one fused multiply-add on the dependency chain.
                _rowNegOffDen[k] = -offPrev * den;
                if (_mr == _m)
                {
                    _rowGDen[k] = held ? 0 : _g[k] * den;
                }
            }
        }
    }

    /// <summary>Column chains of columns [j0, j1): diagonal (cells, sink, wires), off-diagonal and Thomas factors.</summary>
    private void FactorColumnChains(int j0, int j1)
    {
        for (int ic = 0; ic < _nc; ic++)
        {
            bool held = _sinkFixed && ic == _nc - 1, nextHeld = _sinkFixed && ic + 1 == _nc - 1;
            for (int j = j0; j < j1; j++)
            {
                int k = (ic * _m) + j;
                double cells = 0;
                if (_nc == _n)
                {
                    cells = _g[k];
                }
                else
                {
                    for (int i = 0; i < _n; i++)
                    {
                        cells += _g[(i * _m) + j];
                    }
                }

                double diag = held ? 1 : cells + (ic == _nc - 1 ? _gk : 0) + (_gwc * ((ic > 0 ? 1 : 0) + (ic < _nc - 1 ? 1 : 0)));
                double off = ic < _nc - 1 && !held && !nextHeld ? -_gwc : 0;
                double d = diag - (ic > 0 ? _colOff[k - _m] * _colCp[k - _m] : 0);
                _colDiag[k] = diag;
                _colOff[k] = off;
                _colDen[k] = 1 / d;
                _colCp[k] = off / d;
            }
        }
    }

    /// <summary>Node k of the full system is held at a known voltage (a row start with Rs = 0, a column end with Rsink = 0).</summary>
    private bool IsFixed(int k) => k < _rowNodes ? _sourceFixed && k % _mr == 0 : _sinkFixed && k - _rowNodes >= (_nc - 1) * _m;

    public CrossbarCircuit Circuit => _c;

    /// <summary>Number of unknown node voltages of the full nodal system.</summary>
    public int Unknowns => _rowNodes + _colNodes;

    private int RowNode(int i, int j) => (i * _mr) + (_mr == 1 ? 0 : j);

    private int ColNode(int i, int j) => _rowNodes + ((_nc == 1 ? 0 : i) * _m) + j;

    /// <summary>
    /// Scratch vectors of one solve (<see cref="Block"/> false, one lane) or one block solve (1, 4 or 8 lanes); reuse one per thread
    /// to solve many inputs without allocating: five column-node vectors, row buffers for every row chunk and
    /// per-chunk partial sums, plus the full-system vectors of single solves (which report the full-system residual).
    /// </summary>
    public sealed class Workspace
    {
        internal Workspace(CrossbarSolver solver, int lanes, bool block)
        {
            Lanes = lanes;
            Block = block;
            int total = block ? 0 : solver.Unknowns, colNodes = solver._colNodes * lanes, row = solver._m * lanes;
            B = new double[total];
            X = new double[total];
            Residual = new double[total];
            C = new double[colNodes];
            R = new double[colNodes];
            Z = new double[colNodes];
            P = new double[colNodes];
            Q = new double[colNodes];
            (ColumnChunk, RowChunk) = solver.ChunkSizes(block);

            // Block solves need the column-node voltages only where the currents are read (the last two rows).
            KeepFrom = block ? Math.Max(0, solver._nc - 2) : 0;
            ColumnChunks = (solver._m + ColumnChunk - 1) / ColumnChunk;
            RowChunks = solver._nc == 1 ? 1 : (solver._nc + RowChunk - 1) / RowChunk;
            Rows = [.. Enumerable.Range(0, RowChunks).Select(_ => new RowBuffers(row))];
            Columns = [.. Enumerable.Range(0, ColumnChunks).Select(_ => new double[ColumnChunk * lanes])];
            Partials = new double[2 * Math.Max(RowChunks, ColumnChunks) * lanes];
        }

        internal int Lanes { get; }

        /// <summary>A block-solve workspace (<see cref="SolveBlock"/>: one chunk, fused pass) rather than a single-solve one.</summary>
        internal bool Block { get; }

        internal int ColumnChunk { get; }

        /// <summary>First column-node row whose voltages (w.C) the solve keeps.</summary>
        internal int KeepFrom { get; }

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

    public Workspace NewWorkspace() => new(this, 1, block: false);

    /// <summary>Column currents for row voltages <paramref name="voltages"/> (volts), to a relative residual of <paramref name="tolerance"/>.</summary>
    public SolveResult Solve(ReadOnlySpan<double> voltages, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        if (voltages.Length != _n)
        {
            throw new ArgumentException($"{voltages.Length} voltages for {_n} rows");
        }

        Workspace w = workspace ?? NewWorkspace();
        if (w.Block)
        {
            throw new ArgumentException("Solve needs a workspace from NewWorkspace()");
        }

        double[] v = voltages.ToArray();
        double[][] lanes = [v];
        int iterations = SchurConjugateGradients<double, ScalarLanes>(lanes, tolerance, maxIterations, w, out _, out _);

        // Full node voltages (0 on held nodes) and the residual of the full nodal system.
        double[] b = w.B, x = w.X;
        ForChunks(w.RowChunks, chunk =>
        {
            int i0 = chunk * w.RowChunk, i1 = Math.Min(_n, i0 + w.RowChunk);
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
        double bSquares = 0, rSquares = 0;
        for (int k = 0; k < b.Length; k++)
        {
            double d = b[k] - residual[k];
            bSquares += b[k] * b[k];
            rSquares += d * d;
        }

        double relative = Math.Sqrt(rSquares) / (bSquares == 0 ? 1 : Math.Sqrt(bSquares));
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
            if (_mr > 1)
            {
                b[start + 1] += _gwr * v[i];
            }

            for (int j = 0; j < _m; j++)
            {
                if (RowNode(i, j) == start)
                {
                    int cn = ColNode(i, j);
                    if (!IsFixed(cn))
                    {
                        b[cn] += _g[(i * _m) + j] * v[i];
                    }
                }
            }
        }
    }

    /// <summary>y = K x on the free nodes (x is zero on fixed nodes; y is set to zero there). Array rows in chunks (one chunk when nodes are merged).</summary>
    private void Apply(double[] x, double[] y)
    {
        const int rowsPerChunk = 16;
        bool merged = _mr != _m || _nc != _n;
        ForChunks(merged ? 1 : (_n + rowsPerChunk - 1) / rowsPerChunk, chunk => ApplyRows(x, y, merged ? 0 : chunk * rowsPerChunk, merged ? _n : Math.Min(_n, (chunk + 1) * rowsPerChunk)));
        if (_sourceFixed)
        {
            for (int i = 0; i < _n; i++)
            {
                y[i * _mr] = 0;
            }
        }

        if (_sinkFixed)
        {
            y.AsSpan(_rowNodes + ((_nc - 1) * _m), _m).Clear();
        }
    }

    /// <summary>
    /// K x for the row nodes of rows [i0, i1) and the column nodes of those rows (merged nodes: whole array on one thread).
    /// Plain loops: this runs once per solve, and the generic vector library would cost more to JIT than the loop takes.
    /// </summary>
    private void ApplyRows(double[] x, double[] y, int i0, int i1)
    {
        bool merged = _mr != _m || _nc != _n;
        if (merged && (i0 != 0 || i1 != _n))
        {
            throw new InvalidOperationException("merged-node circuits are applied whole");
        }

        // Row chains: diagonal and wire neighbours.
        for (int i = i0; i < i1; i++)
        {
            int s = i * _mr;
            for (int k = s; k < s + _mr; k++)
            {
                y[k] = (_rowDiag[k] * x[k]) + (k == s ? 0 : _rowOff[k - 1] * x[k - 1]) + (k == s + _mr - 1 ? 0 : _rowOff[k] * x[k + 1]);
            }
        }

        // Column chains.
        for (int ic = _nc == 1 ? 0 : i0; ic < (_nc == 1 ? 1 : i1); ic++)
        {
            for (int kc = ic * _m; kc < (ic + 1) * _m; kc++)
            {
                int k = _rowNodes + kc;
                y[k] = (_colDiag[kc] * x[k]) + (ic == 0 ? 0 : _colOff[kc - _m] * x[k - _m]) + (ic == _nc - 1 ? 0 : _colOff[kc] * x[k + _m]);
            }
        }

        // Cell coupling: -G between each cell's row node and column node.
        for (int i = merged ? 0 : i0; i < (merged ? _n : i1); i++)
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

    private double RowCellSum(int i)
    {
        double sum = 0;
        for (int j = 0; j < _m; j++)
        {
            sum += _g[(i * _m) + j];
        }

        return sum;
    }

    /// <summary>Arrays below this many unknowns are solved on one thread: fork/join would cost more than the work.</summary>
    private const int ParallelThreshold = 1 << 17;

    private bool Serial => _threads == 1 || Unknowns < ParallelThreshold;

    /// <summary>Column output currents from the solved node voltages (fixed nodes at their values).</summary>
    private double[] Currents(double[] x, double[] v)
    {
        var current = new double[_m];
        double RowVoltage(int i, int j)
        {
            int rn = RowNode(i, j);
            return IsFixed(rn) ? v[i] : x[rn];
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
