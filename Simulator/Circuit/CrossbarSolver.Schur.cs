namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Conjugate gradients on the column-node Schur complement S = A_c - B^T A_r^-1 B (row nodes eliminated by
/// exact row-chain solves), preconditioned by the exact column chains A_c; written once over
/// <see cref="ISolverLanes{TV}"/> so that one kernel serves single solves (one lane) and 8-input block
/// solves (8 lanes, per-lane step sizes). An iteration is two streaming passes over the array instead of
/// one pass per CG operation, so that large arrays are read from memory twice per iteration, not ten times:
/// <list type="bullet">
/// <item>ascending column-node rows: r -= alpha q, then the forward sweep of the column chains (z'), with r.r
/// and r.A_c^-1 r = sum of w_k^2 / d_k (A_c = L D L^T, w = L^-1 r) accumulated on the way;</item>
/// <item>descending column-node rows: the backward sweep finishes z, the deferred c += alpha p and
/// p = z + beta p are applied, the row chains of the array rows on that column-node row are solved
/// (u = A_r^-1 B p, one row in cache) and q = S p = A_c p - B^T u is formed one row behind, with p.q.</item>
/// </list>
/// Row-node vectors are never stored. A zero wire resistance (merged nodes) makes a row chain one node
/// (mr = 1) or all array rows share one column-node row (nc = 1); both layouts run through the same passes.
/// </summary>
public sealed partial class CrossbarSolver
{
    /// <summary>
    /// Runs the iterations for the voltage vectors of <paramref name="voltages"/> (one per lane) and leaves the
    /// column-node voltages in w.C. Returns the iterations used; <paramref name="fNorm"/> receives |f| per lane.
    /// </summary>
    private int SchurConjugateGradients<TV, TL>(double[][] voltages, double tolerance, int maxIterations, Workspace w, out TV fNorm)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] c = w.C, r = w.R, z = w.Z, p = w.P, q = w.Q;
        Array.Clear(c);
        Array.Clear(p);

        // r = f (the reduced right-hand side); then z' and the first r.A_c^-1 r.
        ReducedRhs<TV, TL>(voltages, r, w);
        TV rr = ForwardSweep<TV, TL>(TL.Zero, r, q, z, out TV rz, first: true);
        fNorm = TL.Sqrt(rr);
        TV tol = TL.Multiply(fNorm, TL.Broadcast(tolerance));
        TV alpha = TL.Zero, beta = TL.Zero;
        int iterations = 0;
        while (iterations < maxIterations)
        {
            TV active = TL.GreaterThan(TL.Sqrt(rr), tol);
            if (!TL.Any(active))
            {
                break;
            }

            iterations++;
            TV pq = DescendingPass<TV, TL>(p, q, w, update: true, alpha, beta, active);
            alpha = TL.Select(active, TL.Divide(rz, pq), TL.Zero);
            rr = ForwardSweep<TV, TL>(alpha, r, q, z, out TV rzNext, first: false);
            beta = TL.Select(active, TL.Divide(rzNext, rz), TL.Zero);
            rz = TL.Select(active, rzNext, rz);
        }

        // The last step's c += alpha p, deferred to the pass that never came.
        for (int k = 0; k < _colNodes; k++)
        {
            TL.Store(TL.Fma(alpha, TL.Load(p, k), TL.Load(c, k)), c, k);
        }

        return iterations;
    }

    /// <summary>|f - S c| / |f| per lane for the column-node voltages in w.C (f rebuilt in w.Z, S c in w.Q).</summary>
    private TV ReducedResidual<TV, TL>(double[][] voltages, TV fNorm, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] z = w.Z, q = w.Q;
        ReducedRhs<TV, TL>(voltages, z, w);
        DescendingPass<TV, TL>(w.C, q, w, update: false, TL.Zero, TL.Zero, TL.Zero);
        TV sum = TL.Zero;
        for (int k = 0; k < _colNodes; k++)
        {
            TV d = TL.Subtract(TL.Load(z, k), TL.Load(q, k));
            sum = TL.Fma(d, d, sum);
        }

        return TL.Divide(TL.Sqrt(sum), TL.Max(fNorm, TL.Broadcast(1e-300)));
    }

    /// <summary>Source terms of array row <paramref name="i"/>'s row nodes into the row buffer <paramref name="t"/> (a held row start moves its coupling to node 1).</summary>
    private void RowSource<TV, TL>(double[][] voltages, int i, double[] t)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        t.AsSpan(0, _mr * TL.Width).Clear();
        TV v = TL.Gather(voltages, i);
        if (!_sourceFixed)
        {
            TL.Store(TL.Multiply(TL.Broadcast(_gs), v), t, 0);
        }
        else if (_mr > 1)
        {
            TL.Store(TL.Multiply(TL.Broadcast(_gwr), v), t, 1);
        }
    }

    /// <summary>f = b_c + B^T A_r^-1 b_r, one array row at a time (0 on held column ends).</summary>
    private void ReducedRhs<TV, TL>(double[][] voltages, double[] f, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] t = w.RowRhs, u = w.RowA;
        Array.Clear(f);
        for (int i = 0; i < _n; i++)
        {
            RowSource<TV, TL>(voltages, i, t);
            SolveRow<TV, TL>(i, t, u);
            int s = (_nc == 1 ? 0 : i) * _m, g0 = i * _m;
            TV v = TL.Gather(voltages, i);
            for (int j = 0; j < _m; j++)
            {
                int jr = _mr == 1 ? 0 : j;
                TV fk = TL.Fma(TL.Broadcast(_g[g0 + j]), TL.Load(u, jr), TL.Load(f, s + j));
                if (_sourceFixed && jr == 0)
                {
                    // The cell sits on the held row start: it feeds its column node directly.
                    fk = TL.Fma(TL.Broadcast(_g[g0 + j]), v, fk);
                }

                TL.Store(fk, f, s + j);
            }
        }

        if (_sinkFixed)
        {
            f.AsSpan((_nc - 1) * _m * TL.Width, _m * TL.Width).Clear();
        }
    }

    /// <summary>
    /// Ascending column-node rows: r -= alpha q (skipped when <paramref name="first"/>), z' = forward sweep of the
    /// column chains on r. Returns r.r per lane; <paramref name="rz"/> receives r.A_c^-1 r.
    /// </summary>
    private TV ForwardSweep<TV, TL>(TV alpha, double[] r, double[] q, double[] z, out TV rz, bool first)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        TV rr = TL.Zero, rzSum = TL.Zero, minusAlpha = TL.Subtract(TL.Zero, alpha);
        for (int ic = 0; ic < _nc; ic++)
        {
            int s = ic * _m;
            for (int k = s; k < s + _m; k++)
            {
                TV rk = TL.Load(r, k);
                if (!first)
                {
                    rk = TL.Fma(minusAlpha, TL.Load(q, k), rk);
                    TL.Store(rk, r, k);
                }

                rr = TL.Fma(rk, rk, rr);
                TV y = ic == 0 ? rk : TL.Fma(TL.Broadcast(-_colOff[k - _m]), TL.Load(z, k - _m), rk);
                TV zk = TL.Multiply(y, TL.Broadcast(_colDen[k]));
                TL.Store(zk, z, k);
                rzSum = TL.Fma(y, zk, rzSum);
            }
        }

        rz = rzSum;
        return rr;
    }

    /// <summary>
    /// Descending column-node rows: q = S x, returning x.q per lane. With <paramref name="update"/>, x is the search
    /// direction p and each row is first brought up to date: the backward column sweep finishes z (w.Z), then
    /// c += alphaPrev p and p = z + beta p on the active lanes.
    /// </summary>
    private TV DescendingPass<TV, TL>(double[] x, double[] q, Workspace w, bool update, TV alphaPrev, TV beta, TV active)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] z = w.Z, c = w.C, zNext = w.RowRhs, u = w.RowA, coupled = w.RowB, coupledBelow = w.RowC;
        TV dot = TL.Zero;
        for (int ic = _nc - 1; ic >= 0; ic--)
        {
            int s = ic * _m;
            if (update)
            {
                for (int j = 0; j < _m; j++)
                {
                    int k = s + j;
                    TV zk = TL.Load(z, k);
                    if (ic < _nc - 1)
                    {
                        zk = TL.Fma(TL.Broadcast(-_colCp[k]), TL.Load(zNext, j), zk);
                    }

                    TL.Store(zk, zNext, j);
                    TV pk = TL.Load(x, k);
                    TL.Store(TL.Fma(alphaPrev, pk, TL.Load(c, k)), c, k);
                    TL.Store(TL.Select(active, TL.Fma(beta, pk, zk), pk), x, k);
                }
            }

            // B^T A_r^-1 B x gathered onto this column-node row from its array rows (all of them when columns are merged).
            if (_nc == 1)
            {
                coupled.AsSpan(0, _m * TL.Width).Clear();
            }

            for (int i = _nc == 1 ? _n - 1 : ic; i >= (_nc == 1 ? 0 : ic); i--)
            {
                RowSolveOfCoupled<TV, TL>(i, x, s, u, coupled, accumulate: _nc == 1);
            }

            if (ic < _nc - 1)
            {
                dot = TL.Add(dot, SchurRow<TV, TL>(ic + 1, x, coupledBelow, q));
            }

            (coupled, coupledBelow) = (coupledBelow, coupled);
        }

        return TL.Add(dot, SchurRow<TV, TL>(0, x, coupledBelow, q));
    }

    /// <summary>q = A_c x - coupled on column-node row <paramref name="ic"/> (0 on held column ends); returns x.q there.</summary>
    private TV SchurRow<TV, TL>(int ic, double[] x, double[] coupled, double[] q)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        int s = ic * _m;
        if (_sinkFixed && ic == _nc - 1)
        {
            q.AsSpan(s * TL.Width, _m * TL.Width).Clear();
            return TL.Zero;
        }

        TV dot = TL.Zero;
        for (int j = 0; j < _m; j++)
        {
            int k = s + j;
            TV xk = TL.Load(x, k);
            TV sum = TL.Fma(TL.Broadcast(_colDiag[k]), xk, TL.Subtract(TL.Zero, TL.Load(coupled, j)));
            if (ic > 0)
            {
                sum = TL.Fma(TL.Broadcast(_colOff[k - _m]), TL.Load(x, k - _m), sum);
            }

            if (ic < _nc - 1)
            {
                sum = TL.Fma(TL.Broadcast(_colOff[k]), TL.Load(x, k + _m), sum);
            }

            TL.Store(sum, q, k);
            dot = TL.Fma(xk, sum, dot);
        }

        return dot;
    }

    /// <summary>
    /// coupled (+)= B^T A_r^-1 (B x) for array row <paramref name="i"/> (its column nodes start at <paramref name="s"/>):
    /// the row chain solved into the row buffer <paramref name="u"/> with its right-hand side G x formed on the fly
    /// (0 at a held row start), then G u written (or added) during the back sweep.
    /// </summary>
    private void RowSolveOfCoupled<TV, TL>(int i, double[] x, int s, double[] u, double[] coupled, bool accumulate)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        int g0 = i * _m, r0 = i * _mr;
        if (_mr == 1)
        {
            TV sum = TL.Zero;
            if (!_sourceFixed)
            {
                for (int j = 0; j < _m; j++)
                {
                    sum = TL.Fma(TL.Broadcast(_g[g0 + j]), TL.Load(x, s + j), sum);
                }
            }

            TV u0 = TL.Multiply(sum, TL.Broadcast(_rowDen[r0]));
            for (int j = 0; j < _m; j++)
            {
                TL.Store(TL.Fma(TL.Broadcast(_g[g0 + j]), u0, accumulate ? TL.Load(coupled, j) : TL.Zero), coupled, j);
            }

            return;
        }

        TV prev = _sourceFixed ? TL.Zero : TL.Multiply(TL.Multiply(TL.Broadcast(_g[g0]), TL.Load(x, s)), TL.Broadcast(_rowDen[r0]));
        TL.Store(prev, u, 0);
        for (int j = 1; j < _m; j++)
        {
            TV rhs = TL.Multiply(TL.Broadcast(_g[g0 + j]), TL.Load(x, s + j));
            prev = TL.Multiply(TL.Fma(TL.Broadcast(-_rowOff[r0 + j - 1]), prev, rhs), TL.Broadcast(_rowDen[r0 + j]));
            TL.Store(prev, u, j);
        }

        TV next = prev;
        TL.Store(TL.Fma(TL.Broadcast(_g[g0 + _m - 1]), next, accumulate ? TL.Load(coupled, _m - 1) : TL.Zero), coupled, _m - 1);
        for (int j = _m - 2; j >= 0; j--)
        {
            next = TL.Fma(TL.Broadcast(-_rowCp[r0 + j]), next, TL.Load(u, j));
            TL.Store(TL.Fma(TL.Broadcast(_g[g0 + j]), next, accumulate ? TL.Load(coupled, j) : TL.Zero), coupled, j);
        }
    }

    /// <summary>u = A_r^-1 t on array row <paramref name="i"/>, both row buffers of _mr nodes.</summary>
    private void SolveRow<TV, TL>(int i, double[] t, double[] u)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        int r0 = i * _mr;
        TV prev = TL.Multiply(TL.Load(t, 0), TL.Broadcast(_rowDen[r0]));
        TL.Store(prev, u, 0);
        for (int j = 1; j < _mr; j++)
        {
            prev = TL.Multiply(TL.Fma(TL.Broadcast(-_rowOff[r0 + j - 1]), prev, TL.Load(t, j)), TL.Broadcast(_rowDen[r0 + j]));
            TL.Store(prev, u, j);
        }

        BackSweepRow<TV, TL>(r0, u);
    }

    private void BackSweepRow<TV, TL>(int r0, double[] u)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        TV next = TL.Load(u, _mr - 1);
        for (int j = _mr - 2; j >= 0; j--)
        {
            next = TL.Fma(TL.Broadcast(-_rowCp[r0 + j]), next, TL.Load(u, j));
            TL.Store(next, u, j);
        }
    }

    /// <summary>Row-node voltages of array row <paramref name="i"/> from the column-node voltages c: A_r^-1 (b_r + B c), into the row buffer <paramref name="u"/> (0 at a held row start).</summary>
    private void RowVoltages<TV, TL>(double[][] voltages, int i, double[] c, double[] t, double[] u)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        RowSource<TV, TL>(voltages, i, t);
        int s = (_nc == 1 ? 0 : i) * _m, g0 = i * _m;
        for (int j = 0; j < _m; j++)
        {
            int jr = _mr == 1 ? 0 : j;
            if (!(_sourceFixed && jr == 0))
            {
                TL.Store(TL.Fma(TL.Broadcast(_g[g0 + j]), TL.Load(c, s + j), TL.Load(t, jr)), t, jr);
            }
        }

        SolveRow<TV, TL>(i, t, u);
    }
}
