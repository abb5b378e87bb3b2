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
    }

    public CrossbarCircuit Circuit => _c;

    /// <summary>Number of unknown node voltages of the full nodal system.</summary>
    public int Unknowns => _rowNodes + _colNodes;

    private int RowNode(int i, int j) => (i * _mr) + (_mr == 1 ? 0 : j);

    private int ColNode(int i, int j) => _rowNodes + ((_nc == 1 ? 0 : i) * _m) + j;

    /// <summary>
    /// Scratch vectors of one solve (<see cref="Lanes"/> = 1) or one 8-lane block solve; reuse one per thread
    /// to solve many inputs without allocating. Full-system and row-node vectors exist only for single solves
    /// (which report the full-system residual); the block solve keeps three array-row buffers instead.
    /// </summary>
    public sealed class Workspace
    {
        internal Workspace(int rowNodes, int colNodes, int lanes, int rowLength = 0)
        {
            Lanes = lanes;
            bool single = lanes == 1;
            int total = single ? rowNodes + colNodes : 0;
            B = new double[total];
            X = new double[total];
            Residual = new double[total];
            Br = new double[single ? rowNodes : 0];
            T = new double[single ? rowNodes : 0];
            U = new double[single ? rowNodes : 0];
            F = new double[single ? colNodes : 0];
            C = new double[colNodes * lanes];
            R = new double[colNodes * lanes];
            Z = new double[colNodes * lanes];
            P = new double[colNodes * lanes];
            Q = new double[colNodes * lanes];
            RowRhs = new double[single ? 0 : rowLength * lanes];
            RowA = new double[single ? 0 : rowLength * lanes];
            RowB = new double[single ? 0 : rowLength * lanes];
        }

        internal int Lanes { get; }

        internal double[] B { get; }

        internal double[] X { get; }

        internal double[] Residual { get; }

        internal double[] Br { get; }

        internal double[] T { get; }

        internal double[] U { get; }

        internal double[] F { get; }

        internal double[] C { get; }

        internal double[] R { get; }

        internal double[] Z { get; }

        internal double[] P { get; }

        internal double[] Q { get; }

        internal double[] RowRhs { get; }

        internal double[] RowA { get; }

        internal double[] RowB { get; }
    }

    public Workspace NewWorkspace() => new(_rowNodes, _colNodes, 1);

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
        double[] b = w.B, x = w.X;
        Array.Clear(b);
        BuildRhs(v, b);
        Array.Clear(x);

        // Start from the ideal node voltages: rows at their input, columns at ground.
        for (int i = 0; i < _n; i++)
        {
            for (int jr = 0; jr < _mr; jr++)
            {
                int k = (i * _mr) + jr;
                x[k] = _fixed[k] ? 0 : v[i];
            }
        }

        int iterations = ConjugateGradients(b, x, tolerance, maxIterations, w);
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

    /// <summary>
    /// Conjugate gradients on the column nodes only: eliminating the row nodes (exact row-chain solves)
    /// leaves the Schur complement S = A_c - B^T A_r^-1 B, preconditioned by the column chains A_c
    /// (exact column-chain solves). Equivalent to block-preconditioned CG on the full system at half
    /// the iterations. Afterwards the row nodes follow from r = A_r^-1 (b_r + B c).
    /// </summary>
    private int ConjugateGradients(double[] b, double[] x, double tolerance, int maxIterations, Workspace w)
    {
        int nr = _rowNodes, nc = _colNodes;
        double[] br = w.Br, t = w.T, u = w.U, f = w.F, c = w.C, r = w.R, z = w.Z, p = w.P, q = w.Q;
        b.AsSpan(0, nr).CopyTo(br);

        // Reduced right-hand side f = b_c + B^T A_r^-1 b_r.
        SolveRows(br, u);
        b.AsSpan(nr, nc).CopyTo(f);
        CoupleToColumns(u, f, 1.0);
        ZeroFixedColumns(f);
        double fNorm = TensorPrimitives.Norm(f);
        x.AsSpan(nr, nc).CopyTo(c);
        int iterations = 0;
        if (fNorm > 0)
        {
            ApplySchur(c, q, t, u);
            TensorPrimitives.Subtract(f, q, r);
            SolveColumns(r, z);
            z.CopyTo(p, 0);
            double rz = TensorPrimitives.Dot(r, z);
            while (iterations < maxIterations && TensorPrimitives.Norm(r) > tolerance * fNorm)
            {
                iterations++;
                ApplySchur(p, q, t, u);
                double alpha = rz / TensorPrimitives.Dot(p, q);
                TensorPrimitives.MultiplyAdd(p, alpha, c, c);
                TensorPrimitives.MultiplyAdd(q, -alpha, r, r);
                SolveColumns(r, z);
                double rzNext = TensorPrimitives.Dot(r, z);
                TensorPrimitives.MultiplyAdd(p, rzNext / rz, z, p);
                rz = rzNext;
            }
        }
        else
        {
            Array.Clear(c);
        }

        // Row nodes from the column nodes.
        Array.Clear(t);
        CoupleToRows(c, t);
        TensorPrimitives.Add(t, br, t);
        ZeroFixedRows(t);
        SolveRows(t, u);
        u.CopyTo(x, 0);
        c.CopyTo(x, nr);
        return iterations;
    }

    /// <summary>w = S p = A_c p - B^T A_r^-1 B p (scratch t, u of row size).</summary>
    private void ApplySchur(double[] p, double[] w, double[] t, double[] u)
    {
        Array.Clear(t);
        CoupleToRows(p, t);
        ZeroFixedRows(t);
        SolveRows(t, u);
        ApplyColumnChains(p, w, 0, _nc);
        CoupleToColumns(u, w, -1.0);
        ZeroFixedColumns(w);
    }

    /// <summary>t[row node] += sum of G x c[column node] over the cells joining them.</summary>
    private void CoupleToRows(double[] c, double[] t)
    {
        if (_mr == _m && _nc == _n)
        {
            ParallelRows(i => TensorPrimitives.MultiplyAdd(_g.AsSpan(i * _m, _m), c.AsSpan(i * _m, _m), t.AsSpan(i * _m, _m), t.AsSpan(i * _m, _m)));
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _m; j++)
            {
                t[RowNode(i, j)] += _g[(i * _m) + j] * c[ColNode(i, j) - _rowNodes];
            }
        }
    }

    /// <summary>w[column node] += sign x sum of G x u[row node] over the cells joining them.</summary>
    private void CoupleToColumns(double[] u, double[] w, double sign)
    {
        if (_mr == _m && _nc == _n)
        {
            double[] g = sign > 0 ? _g : _negG;
            ParallelRows(i => TensorPrimitives.MultiplyAdd(g.AsSpan(i * _m, _m), u.AsSpan(i * _m, _m), w.AsSpan(i * _m, _m), w.AsSpan(i * _m, _m)));
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _m; j++)
            {
                w[ColNode(i, j) - _rowNodes] += sign * _g[(i * _m) + j] * u[RowNode(i, j)];
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

    private void ZeroFixedRows(double[] t)
    {
        if (_sourceFixed)
        {
            for (int i = 0; i < _n; i++)
            {
                t[i * _mr] = 0;
            }
        }
    }

    private void ZeroFixedColumns(double[] w)
    {
        if (_sinkFixed)
        {
            w.AsSpan((_nc - 1) * _m, _m).Clear();
        }
    }

    /// <summary>Arrays below this many unknowns are solved on one thread: fork/join would cost more than the work.</summary>
    private const int ParallelThreshold = 1 << 17;

    private bool Serial => _threads == 1 || Unknowns < ParallelThreshold;

    private void ParallelRows(Action<int> body)
    {
        if (Serial)
        {
            for (int i = 0; i < _n; i++)
            {
                body(i);
            }

            return;
        }

        int chunk = Math.Max(8, _n / (_threads * 4));
        Parallel.For(0, (_n + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = _threads }, t =>
        {
            for (int i = t * chunk; i < Math.Min(_n, (t + 1) * chunk); i++)
            {
                body(i);
            }
        });
    }

    /// <summary>u = A_r^-1 t: every row chain (row-node vectors).</summary>
    private void SolveRows(double[] t, double[] u) => ParallelRows(i => SolveRowChain(i, t, u));

    /// <summary>z = A_c^-1 r: every column chain (column-node vectors).</summary>
    private void SolveColumns(double[] r, double[] z)
    {
        int chunk = Math.Max(16, (_m + (_threads * 4) - 1) / (_threads * 4));
        int tasks = (_m + chunk - 1) / chunk;
        if (Serial || tasks == 1)
        {
            SolveColumnChains(0, _m, r, z, 0);
        }
        else
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, t => SolveColumnChains(t * chunk, Math.Min(_m, (t + 1) * chunk), r, z, 0));
        }

        ZeroFixedColumns(z);
    }

    private void SolveRowChain(int i, double[] r, double[] z)
    {
        int s = i * _mr;
        z[s] = r[s] * _rowDen[s];
        for (int k = s + 1; k < s + _mr; k++)
        {
            z[k] = (r[k] - (_rowOff[k - 1] * z[k - 1])) * _rowDen[k];
        }

        for (int k = s + _mr - 2; k >= s; k--)
        {
            z[k] -= _rowCp[k] * z[k + 1];
        }
    }

    private void SolveColumnChains(int j0, int j1, double[] r, double[] z, int o)
    {
        for (int j = j0; j < j1; j++)
        {
            z[o + j] = r[o + j] * _colDen[j];
        }

        for (int ic = 1; ic < _nc; ic++)
        {
            int row = ic * _m, prev = (ic - 1) * _m;
            for (int j = j0; j < j1; j++)
            {
                z[o + row + j] = (r[o + row + j] - (_colOff[prev + j] * z[o + prev + j])) * _colDen[row + j];
            }
        }

        for (int ic = _nc - 2; ic >= 0; ic--)
        {
            int row = ic * _m, next = (ic + 1) * _m;
            for (int j = j0; j < j1; j++)
            {
                z[o + row + j] -= _colCp[row + j] * z[o + next + j];
            }
        }

    }

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
