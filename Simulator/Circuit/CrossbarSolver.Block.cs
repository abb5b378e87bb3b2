using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Eight right-hand sides at once: the same Schur-complement conjugate gradients as <see cref="Solve"/>,
/// with every node holding one AVX-512 vector of 8 lanes (one lane per input vector) and per-lane
/// step sizes. Used for effective matrices, where the eight vectors of every node (5 of them, 20 MB at
/// 256 x 256) do not fit in cache, so an iteration is two streaming passes over the array rather than
/// one pass per CG operation:
/// <list type="bullet">
/// <item>ascending array rows: r -= alpha q, then the forward sweep of the column chains (z'), with r.r and
/// r.A_c^-1 r = sum of w_k^2 / d_k (A_c = L D L^T, w = L^-1 r) accumulated on the way;</item>
/// <item>descending array rows: the backward sweep finishes z, the deferred c += alpha p and p = z + beta p
/// are applied, the row chain of that array row is solved (u = A_r^-1 G p, one row in cache) and
/// q = S p = A_c p - G u is formed one row behind, with p.q accumulated.</item>
/// </list>
/// Row-node vectors are never stored: the final row voltages are needed on the last array row only.
/// </summary>
public sealed partial class CrossbarSolver
{
    public const int BlockLanes = 8;

    /// <summary>The block path applies: AVX-512 present and no merged (zero-resistance) wires.</summary>
    public bool BlockSupported => Vector512.IsHardwareAccelerated && _mr == _m && _nc == _n;

    public Workspace NewBlockWorkspace() => new(_rowNodes, _colNodes, BlockLanes, _m);

    /// <summary>
    /// Solves for the voltage vectors <paramref name="voltages"/>[lane] (up to 8) and writes each lane's column
    /// currents to <paramref name="currents"/>[lane]; returns the largest relative residual of the reduced system.
    /// </summary>
    public double SolveBlock(double[][] voltages, double[][] currents, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        if (!BlockSupported)
        {
            throw new InvalidOperationException("the block solve needs AVX-512 and non-zero wire resistances");
        }

        if (voltages.Length is 0 or > BlockLanes || voltages.Any(v => v.Length != _n))
        {
            throw new ArgumentException($"1 to {BlockLanes} voltage vectors of {_n} rows");
        }

        Workspace w = workspace ?? NewBlockWorkspace();
        if (w.Lanes != BlockLanes)
        {
            throw new ArgumentException("SolveBlock needs a workspace from NewBlockWorkspace()");
        }

        double[] c = w.C, r = w.R, z = w.Z, p = w.P, q = w.Q;
        Array.Clear(c);
        Array.Clear(p);

        // r = f (the reduced right-hand side); then z' and the first r.r, r.z.
        ReducedRhsBlock(voltages, r, w);
        Vector512<double> fNorm = Vector512.Sqrt(ForwardSweepBlock(Vector512<double>.Zero, r, q, z, out Vector512<double> rz, first: true));
        var tol = fNorm * Vector512.Create(tolerance);
        Vector512<double> rr = fNorm * fNorm;
        Vector512<double> alpha = Vector512<double>.Zero, beta = Vector512<double>.Zero;
        for (int it = 0; it < maxIterations; it++)
        {
            Vector512<double> active = Vector512.GreaterThan(Vector512.Sqrt(rr), tol);
            if (active == Vector512<double>.Zero)
            {
                break;
            }

            Vector512<double> pq = DescendingPassBlock(p, q, w, update: true, alpha, beta, active);
            alpha = Vector512.ConditionalSelect(active, rz / pq, Vector512<double>.Zero);
            rr = ForwardSweepBlock(alpha, r, q, z, out Vector512<double> rzNext, first: false);
            beta = Vector512.ConditionalSelect(active, rzNext / rz, Vector512<double>.Zero);
            rz = Vector512.ConditionalSelect(active, rzNext, rz);
        }

        // The last step's c += alpha p, deferred to the pass that never came.
        for (int k = 0; k < c.Length; k += BlockLanes)
        {
            Vector512.FusedMultiplyAdd(alpha, Vector512.LoadUnsafe(ref p[k]), Vector512.LoadUnsafe(ref c[k])).StoreUnsafe(ref c[k]);
        }

        // True residual of the reduced system per lane: |f - S c| / |f| (f rebuilt in z, S c in q).
        ReducedRhsBlock(voltages, z, w);
        DescendingPassBlock(c, q, w, update: false, default, default, default);
        Vector512<double> rNorm = Vector512<double>.Zero;
        for (int k = 0; k < q.Length; k += BlockLanes)
        {
            Vector512<double> d = Vector512.LoadUnsafe(ref z[k]) - Vector512.LoadUnsafe(ref q[k]);
            rNorm = Vector512.FusedMultiplyAdd(d, d, rNorm);
        }

        Vector512<double> residual = Vector512.Sqrt(rNorm) / Vector512.Max(fNorm, Vector512.Create(1e-300));
        WriteCurrentsBlock(voltages, currents, c, w);
        double worst = 0;
        for (int lane = 0; lane < voltages.Length; lane++)
        {
            worst = Math.Max(worst, residual[lane]);
        }

        return worst;
    }

    /// <summary>Row-node right-hand side of array row <paramref name="i"/> (source terms only) into the row buffer <paramref name="t"/>.</summary>
    private void RowSourceBlock(double[][] voltages, int i, double[] t)
    {
        Array.Clear(t);
        for (int lane = 0; lane < voltages.Length; lane++)
        {
            double vi = voltages[lane][i];
            if (!_sourceFixed)
            {
                t[lane] = _gs * vi;
            }
            else if (_m > 1)
            {
                t[BlockLanes + lane] = _gwr * vi;
            }
        }
    }

    /// <summary>f = b_c + G A_r^-1 b_r, one array row at a time (0 on held column ends).</summary>
    private void ReducedRhsBlock(double[][] voltages, double[] f, Workspace w)
    {
        double[] t = w.RowRhs, u = w.RowA;
        for (int i = 0; i < _n; i++)
        {
            RowSourceBlock(voltages, i, t);
            SolveRowBlock(i, t, u);
            int s = i * _m;
            bool held = _sinkFixed && i == _n - 1;
            for (int j = 0; j < _m; j++)
            {
                Vector512<double> fk = held ? Vector512<double>.Zero : Vector512.Create(_g[s + j]) * Load(u, j);
                Store(fk, f, s + j);
            }

            if (_sourceFixed && !held)
            {
                // Row start held at v: its cell feeds column node (i, 0) directly.
                Vector512<double> fk = Load(f, s);
                for (int lane = 0; lane < voltages.Length; lane++)
                {
                    fk = fk.WithElement(lane, fk[lane] + (_g[s] * voltages[lane][i]));
                }

                Store(fk, f, s);
            }
        }
    }

    /// <summary>
    /// Ascending array rows: r -= alpha q (skipped on the first call), z' = forward sweep of the column chains on r.
    /// Returns r.r per lane; <paramref name="rz"/> receives r.A_c^-1 r.
    /// </summary>
    private Vector512<double> ForwardSweepBlock(Vector512<double> alpha, double[] r, double[] q, double[] z, out Vector512<double> rz, bool first)
    {
        Vector512<double> rr = Vector512<double>.Zero, rzSum = Vector512<double>.Zero;
        for (int ic = 0; ic < _n; ic++)
        {
            int s = ic * _m;
            for (int j = 0; j < _m; j++)
            {
                int k = s + j;
                Vector512<double> rk = Load(r, k);
                if (!first)
                {
                    rk = Vector512.FusedMultiplyAdd(-alpha, Load(q, k), rk);
                    Store(rk, r, k);
                }

                rr = Vector512.FusedMultiplyAdd(rk, rk, rr);
                Vector512<double> y = ic == 0 ? rk : Vector512.FusedMultiplyAdd(Vector512.Create(-_colOff[k - _m]), Load(z, k - _m), rk);
                Vector512<double> zk = y * Vector512.Create(_colDen[k]);
                Store(zk, z, k);
                rzSum = Vector512.FusedMultiplyAdd(y, zk, rzSum);
            }
        }

        rz = rzSum;
        return rr;
    }

    /// <summary>
    /// Descending array rows: q = S x, returning x.q per lane. With <paramref name="update"/>, x is the search
    /// direction p and each row is first brought up to date: the backward column sweep finishes z, then
    /// c += alphaPrev p and p = z + beta p (active lanes).
    /// </summary>
    private Vector512<double> DescendingPassBlock(double[] x, double[] q, Workspace w, bool update, Vector512<double> alphaPrev, Vector512<double> beta, Vector512<double> active)
    {
        double[] z = w.Z, c = w.C, zNext = w.RowRhs, uRow = w.RowA, uBelow = w.RowB;
        Vector512<double> dot = Vector512<double>.Zero;
        for (int ic = _n - 1; ic >= 0; ic--)
        {
            int s = ic * _m;
            if (update)
            {
                for (int j = 0; j < _m; j++)
                {
                    int k = s + j;
                    Vector512<double> zk = Load(z, k);
                    if (ic < _n - 1)
                    {
                        zk = Vector512.FusedMultiplyAdd(Vector512.Create(-_colCp[k]), Load(zNext, j), zk);
                    }

                    Store(zk, zNext, j);
                    Vector512<double> pk = Load(x, k);
                    Store(Vector512.FusedMultiplyAdd(alphaPrev, pk, Load(c, k)), c, k);
                    Store(Vector512.ConditionalSelect(active, Vector512.FusedMultiplyAdd(beta, pk, zk), pk), x, k);
                }
            }

            RowSolveOfCoupledBlock(ic, x, uRow);
            if (ic < _n - 1)
            {
                dot += SchurRowBlock(ic + 1, x, uBelow, q);
            }

            (uRow, uBelow) = (uBelow, uRow);
        }

        return dot + SchurRowBlock(0, x, uBelow, q);
    }

    /// <summary>q = A_c x - G u on array row <paramref name="ic"/> (u: that row's A_r^-1 G x; 0 on held column ends); returns x.q there.</summary>
    private Vector512<double> SchurRowBlock(int ic, double[] x, double[] u, double[] q)
    {
        int s = ic * _m;
        if (_sinkFixed && ic == _n - 1)
        {
            q.AsSpan(s * BlockLanes, _m * BlockLanes).Clear();
            return Vector512<double>.Zero;
        }

        Vector512<double> dot = Vector512<double>.Zero;
        for (int j = 0; j < _m; j++)
        {
            int k = s + j;
            Vector512<double> xk = Load(x, k);
            Vector512<double> sum = Vector512.Create(_colDiag[k]) * xk;
            if (ic > 0)
            {
                sum = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k - _m]), Load(x, k - _m), sum);
            }

            if (ic < _n - 1)
            {
                sum = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k]), Load(x, k + _m), sum);
            }

            sum = Vector512.FusedMultiplyAdd(Vector512.Create(-_g[k]), Load(u, j), sum);
            Store(sum, q, k);
            dot = Vector512.FusedMultiplyAdd(xk, sum, dot);
        }

        return dot;
    }

    /// <summary>u = A_r^-1 (G x) on array row <paramref name="i"/> into a row buffer, the right-hand side formed on the fly (0 at a held row start).</summary>
    private void RowSolveOfCoupledBlock(int i, double[] x, double[] u)
    {
        int s = i * _m;
        Vector512<double> prev = (_sourceFixed ? Vector512<double>.Zero : Vector512.Create(_g[s]) * Load(x, s)) * Vector512.Create(_rowDen[s]);
        Store(prev, u, 0);
        for (int j = 1; j < _m; j++)
        {
            prev = (Vector512.FusedMultiplyAdd(Vector512.Create(-_rowOff[s + j - 1]), prev, Vector512.Create(_g[s + j]) * Load(x, s + j))) * Vector512.Create(_rowDen[s + j]);
            Store(prev, u, j);
        }

        BackSweepRowBlock(s, u);
    }

    /// <summary>u = A_r^-1 t on array row <paramref name="i"/>, both row buffers.</summary>
    private void SolveRowBlock(int i, double[] t, double[] u)
    {
        int s = i * _m;
        Vector512<double> prev = Load(t, 0) * Vector512.Create(_rowDen[s]);
        Store(prev, u, 0);
        for (int j = 1; j < _m; j++)
        {
            prev = Vector512.FusedMultiplyAdd(Vector512.Create(-_rowOff[s + j - 1]), prev, Load(t, j)) * Vector512.Create(_rowDen[s + j]);
            Store(prev, u, j);
        }

        BackSweepRowBlock(s, u);
    }

    private void BackSweepRowBlock(int s, double[] u)
    {
        Vector512<double> next = Load(u, _m - 1);
        for (int j = _m - 2; j >= 0; j--)
        {
            next = Vector512.FusedMultiplyAdd(Vector512.Create(-_rowCp[s + j]), next, Load(u, j));
            Store(next, u, j);
        }
    }

    /// <summary>Column currents of every lane from the column-node voltages c (the last array row's row voltages solved again when the sink is held).</summary>
    private void WriteCurrentsBlock(double[][] voltages, double[][] currents, double[] c, Workspace w)
    {
        int last = _n - 1, s = last * _m;
        double[] t = w.RowRhs, u = w.RowA;
        if (_sinkFixed)
        {
            // Row voltages of the last array row: A_r^-1 (b_r + G c).
            RowSourceBlock(voltages, last, t);
            for (int j = 0; j < _m; j++)
            {
                if (j > 0 || !_sourceFixed)
                {
                    Store(Vector512.FusedMultiplyAdd(Vector512.Create(_g[s + j]), Load(c, s + j), Load(t, j)), t, j);
                }
            }

            SolveRowBlock(last, t, u);
        }

        for (int lane = 0; lane < voltages.Length; lane++)
        {
            double[] current = currents[lane];
            for (int j = 0; j < _m; j++)
            {
                int end = s + j;
                if (!_sinkFixed)
                {
                    current[j] = _gk * c[(end * BlockLanes) + lane];
                    continue;
                }

                double rowVoltage = _sourceFixed && j == 0 ? voltages[lane][last] : u[(j * BlockLanes) + lane];
                current[j] = (_n > 1 ? _gwc * c[((end - _m) * BlockLanes) + lane] : 0) + (_g[end] * rowVoltage);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(double[] a, int node) => Vector512.LoadUnsafe(ref a[node * BlockLanes]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<double> v, double[] a, int node) => v.StoreUnsafe(ref a[node * BlockLanes]);
}
