namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Conjugate gradients on the column-node Schur complement S = A_c - B^T A_r^-1 B (row nodes eliminated by
/// exact row-chain solves), preconditioned by the exact column chains A_c; written once over
/// <see cref="ISolverLanes{TV}"/> so that one kernel serves single solves (one lane) and 8-input block
/// solves (8 lanes, per-lane step sizes). An iteration is three sweeps, each fusing several CG operations so
/// that a large array is streamed from memory three times per iteration instead of about ten:
/// <list type="number">
/// <item>backward column sweep (column chunks): finishes z = A_c^-1 r, applies the deferred c += alpha p and
/// p = z + beta p on the active lanes;</item>
/// <item>row sweep (row chunks): solves each array row's chain u = A_r^-1 B p with its right-hand side formed
/// on the fly (two rows interleaved to hide the recurrence latency), q = S p = A_c p - B^T u, and p.q;</item>
/// <item>forward column sweep (column chunks): r -= alpha q, the forward half of A_c^-1 r, r.r and
/// r.A_c^-1 r = sum of w_k^2 / d_k (A_c = L D L^T, w = L^-1 r).</item>
/// </list>
/// Chunks run in parallel for large single solves; partial sums are added in chunk order, so results do
/// not depend on the thread count. Row-node vectors are never stored. A zero wire resistance (merged
/// nodes) makes a row chain one node (mr = 1) or puts all array rows on one column-node row (nc = 1).
/// </summary>
public sealed partial class CrossbarSolver
{
    /// <summary>
    /// Columns per chunk of the column sweeps and array rows per chunk of the row sweep: fixed for single solves
    /// (chunks run in parallel; fixed sizes keep the sums' order independent of the thread count); one chunk
    /// for block solves (any lane count), which run on one thread each and stream whole rows. With merged columns
    /// every array row feeds the one column-node row, so the row sweep is one chunk of all rows.
    /// </summary>
    private (int ColumnChunk, int RowChunk) ChunkSizes(bool block) => block ? (_m, _n) : (64, _nc == 1 ? _n : 16);

    /// <summary>
    /// Runs the iterations for the voltage vectors of <paramref name="voltages"/> (one per lane) and leaves the
    /// column-node voltages in w.C (on the rows from w.KeepFrom down). Returns the iterations used;
    /// <paramref name="fNorm"/> receives |f| and <paramref name="recursiveResidual"/> |r| / |f| per lane, r being the
    /// residual the iterations carry (equal to f - S c up to rounding).
    /// </summary>
    private int SchurConjugateGradients<TV, TL>(double[][] voltages, double tolerance, int maxIterations, Workspace w, out TV fNorm, out TV recursiveResidual)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        Array.Clear(w.C);
        Array.Clear(w.P);

        // r = f (the reduced right-hand side); then z' and the first r.A_c^-1 r.
        ReducedRhs<TV, TL>(voltages, w.R, w);
        TV rr = ForwardColumnSweep<TV, TL>(TL.Zero, w, first: true, out TV rz);
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
            TV pq;
            if (w.Block)
            {
                pq = FusedDescendingPass<TV, TL>(alpha, beta, active, w);
            }
            else
            {
                BackwardColumnSweep<TV, TL>(alpha, beta, active, w, updateDirection: true);
                pq = SchurProduct<TV, TL>(w.P, w.Q, w);
            }

            alpha = TL.Select(active, TL.Divide(rz, pq), TL.Zero);
            rr = ForwardColumnSweep<TV, TL>(alpha, w, first: false, out TV rzNext);
            beta = TL.Select(active, TL.Divide(rzNext, rz), TL.Zero);
            rz = TL.Select(active, rzNext, rz);
        }

        // The last step's c += alpha p, deferred to the sweep that never came.
        BackwardColumnSweep<TV, TL>(alpha, TL.Zero, TL.Zero, w, updateDirection: false);
        recursiveResidual = TL.Divide(TL.Sqrt(rr), TL.Max(fNorm, TL.Broadcast(1e-300)));
        return iterations;
    }

    /// <summary>Runs body(chunk) for every chunk, in parallel for large single solves.</summary>
    private void ForChunks(int chunks, Action<int> body)
    {
        if (Serial || chunks == 1)
        {
            for (int k = 0; k < chunks; k++)
            {
                body(k);
            }
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, body);
        }
    }

    /// <summary>Sum of the per-chunk partials (slot 0 or 1 of every chunk), in chunk order.</summary>
    private static TV SumPartials<TV, TL>(double[] partials, int chunks, int slot)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        TV sum = TL.Zero;
        for (int k = 0; k < chunks; k++)
        {
            sum = TL.Add(sum, TL.Load(partials, (2 * k) + slot));
        }

        return sum;
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

    /// <summary>f = b_c + B^T A_r^-1 b_r, array rows in chunks (0 on held column ends).</summary>
    private void ReducedRhs<TV, TL>(double[][] voltages, double[] f, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        if (_nc == 1)
        {
            Array.Clear(f);
        }

        ForChunks(w.RowChunks, chunk =>
        {
            RowBuffers b = w.Rows[chunk];
            int i0 = chunk * w.RowChunk, i1 = Math.Min(_n, i0 + w.RowChunk);
            for (int i = i0; i < i1; i++)
            {
                int s = (_nc == 1 ? 0 : i) * _m, g0 = i * _m;
                TV v = TL.Gather(voltages, i);
                if (!TL.Any(TL.NotEqual(v, TL.Zero)))
                {
                    // No input on this row: it adds nothing (unit inputs of effective matrices leave most rows so).
                    if (_nc != 1)
                    {
                        f.AsSpan(s * TL.Width, _m * TL.Width).Clear();
                    }

                    continue;
                }

                RowSource<TV, TL>(voltages, i, b.T);
                SolveRow<TV, TL>(i, b.T, b.U);
                for (int j = 0; j < _m; j++)
                {
                    int jr = _mr == 1 ? 0 : j;
                    TV fk = TL.Multiply(TL.Broadcast(_g[g0 + j]), TL.Load(b.U, jr));
                    if (_sourceFixed && jr == 0)
                    {
                        // The cell sits on the held row start: it feeds its column node directly.
                        fk = TL.Fma(TL.Broadcast(_g[g0 + j]), v, fk);
                    }

                    TL.Store(_nc == 1 ? TL.Add(fk, TL.Load(f, s + j)) : fk, f, s + j);
                }
            }
        });

        if (_sinkFixed)
        {
            f.AsSpan((_nc - 1) * _m * TL.Width, _m * TL.Width).Clear();
        }
    }

    /// <summary>
    /// Column chunks, ascending column-node rows: r -= alpha q (skipped when <paramref name="first"/>), z' = forward
    /// sweep of the column chains on r. Returns r.r per lane; <paramref name="rz"/> receives r.A_c^-1 r.
    /// </summary>
    private TV ForwardColumnSweep<TV, TL>(TV alpha, Workspace w, bool first, out TV rz)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] r = w.R, q = w.Q, z = w.Z, partials = w.Partials;
        TV minusAlpha = TL.Subtract(TL.Zero, alpha);
        ForChunks(w.ColumnChunks, chunk =>
        {
            int j0 = chunk * w.ColumnChunk, j1 = Math.Min(_m, j0 + w.ColumnChunk);
            TV rr = TL.Zero, rzSum = TL.Zero;
            for (int ic = 0; ic < _nc; ic++)
            {
                int s = ic * _m;
                for (int k = s + j0; k < s + j1; k++)
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

            TL.Store(rr, partials, 2 * chunk);
            TL.Store(rzSum, partials, (2 * chunk) + 1);
        });

        rz = SumPartials<TV, TL>(partials, w.ColumnChunks, 1);
        return SumPartials<TV, TL>(partials, w.ColumnChunks, 0);
    }

    /// <summary>
    /// Column chunks, descending column-node rows: c += alphaPrev p, and with <paramref name="updateDirection"/> the
    /// backward sweep finishing z = A_c^-1 r (w.Z holds z') and p = z + beta p on the active lanes.
    /// </summary>
    private void BackwardColumnSweep<TV, TL>(TV alphaPrev, TV beta, TV active, Workspace w, bool updateDirection)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        ForChunks(w.ColumnChunks, chunk =>
        {
            int j0 = chunk * w.ColumnChunk, j1 = Math.Min(_m, j0 + w.ColumnChunk);
            for (int ic = _nc - 1; ic >= (updateDirection ? 0 : w.KeepFrom); ic--)
            {
                UpdateRow<TV, TL>(ic, j0, j1, alphaPrev, beta, active, w, w.Columns[chunk], updateDirection);
            }
        });
    }

    /// <summary>
    /// Column-node row <paramref name="ic"/>, columns [j0, j1): c += alphaPrev p (rows kept only) and, with <paramref name="updateDirection"/>,
    /// z = z' - cp z(row below) and p = z + beta p on the active lanes. <paramref name="zBelow"/> carries z of the row
    /// below (indexed from j0), so z itself is only read.
    /// </summary>
    private void UpdateRow<TV, TL>(int ic, int j0, int j1, TV alphaPrev, TV beta, TV active, Workspace w, double[] zBelow, bool updateDirection)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] z = w.Z, c = w.C, p = w.P;
        int s = ic * _m;
        bool keep = ic >= w.KeepFrom;
        for (int k = s + j0; k < s + j1; k++)
        {
            TV pk = TL.Load(p, k);
            if (keep)
            {
                TL.Store(TL.Fma(alphaPrev, pk, TL.Load(c, k)), c, k);
            }

            if (updateDirection)
            {
                TV zk = TL.Load(z, k);
                if (ic < _nc - 1)
                {
                    zk = TL.Fma(TL.Broadcast(-_colCp[k]), TL.Load(zBelow, k - s - j0), zk);
                }

                TL.Store(zk, zBelow, k - s - j0);
                TL.Store(TL.Select(active, TL.Fma(beta, pk, zk), pk), p, k);
            }
        }
    }

    /// <summary>
    /// Block solves (one chunk, full wire chains): <see cref="BackwardColumnSweep"/> and <see cref="SchurProduct"/> in one
    /// descending pass, each row updated, then its row chain solved and q formed one row behind, so p is streamed
    /// once per iteration. Returns p.q per lane.
    /// </summary>
    private TV FusedDescendingPass<TV, TL>(TV alphaPrev, TV beta, TV active, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] p = w.P, q = w.Q, zBelow = w.Columns[0];
        RowBuffers b = w.Rows[0];
        double[] carried = b.CoupledC;
        TV dot = TL.Zero;
        int ic = _nc - 1;
        for (; ic >= 1; ic -= 2)
        {
            UpdateRow<TV, TL>(ic, 0, _m, alphaPrev, beta, active, w, zBelow, updateDirection: true);
            UpdateRow<TV, TL>(ic - 1, 0, _m, alphaPrev, beta, active, w, zBelow, updateDirection: true);
            RowPairSolveOfCoupled<TV, TL>(ic - 1, p, b);
            if (ic < _nc - 1)
            {
                dot = TL.Add(dot, SchurRow<TV, TL>(ic + 1, p, carried, q));
            }

            dot = TL.Add(dot, SchurRow<TV, TL>(ic, p, b.CoupledB, q));
            (carried, b.CoupledA) = (b.CoupledA, carried);
        }

        if (ic == 0)
        {
            UpdateRow<TV, TL>(0, 0, _m, alphaPrev, beta, active, w, zBelow, updateDirection: true);
            RowSolveOfCoupled<TV, TL>(0, p, 0, b.U, b.CoupledA, accumulate: false);
            if (_nc > 1)
            {
                dot = TL.Add(dot, SchurRow<TV, TL>(1, p, carried, q));
            }

            (carried, b.CoupledA) = (b.CoupledA, carried);
        }

        // The three coupling buffers stay distinct for the next pass.
        b.CoupledC = carried;
        return TL.Add(dot, SchurRow<TV, TL>(0, p, carried, q));
    }

    /// <summary>q = S x in row chunks, returning x.q per lane (two array rows at a time; all rows onto one column-node row when columns are merged).</summary>
    private TV SchurProduct<TV, TL>(double[] x, double[] q, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] partials = w.Partials;
        ForChunks(w.RowChunks, chunk =>
        {
            RowBuffers b = w.Rows[chunk];
            TV dot = TL.Zero;
            if (_nc == 1)
            {
                b.CoupledA.AsSpan(0, _m * TL.Width).Clear();
                for (int i = 0; i < _n; i++)
                {
                    RowSolveOfCoupled<TV, TL>(i, x, 0, b.U, b.CoupledA, accumulate: true);
                }

                dot = SchurRow<TV, TL>(0, x, b.CoupledA, q);
            }
            else
            {
                int i0 = chunk * w.RowChunk, i1 = Math.Min(_n, i0 + w.RowChunk), i = i0;
                for (; i + 1 < i1 && _mr > 1; i += 2)
                {
                    RowPairSolveOfCoupled<TV, TL>(i, x, b);
                    dot = TL.Add(dot, SchurRow<TV, TL>(i, x, b.CoupledA, q));
                    dot = TL.Add(dot, SchurRow<TV, TL>(i + 1, x, b.CoupledB, q));
                }

                for (; i < i1; i++)
                {
                    RowSolveOfCoupled<TV, TL>(i, x, i * _m, b.U, b.CoupledA, accumulate: false);
                    dot = TL.Add(dot, SchurRow<TV, TL>(i, x, b.CoupledA, q));
                }
            }

            TL.Store(dot, partials, 2 * chunk);
        });

        return SumPartials<TV, TL>(partials, w.RowChunks, 0);
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

        TV prev = TL.Multiply(TL.Broadcast(_rowGDen[r0]), TL.Load(x, s));
        TL.Store(prev, u, 0);
        for (int j = 1; j < _m; j++)
        {
            prev = TL.Fma(TL.Broadcast(_rowNegOffDen[r0 + j]), prev, TL.Multiply(TL.Broadcast(_rowGDen[r0 + j]), TL.Load(x, s + j)));
            TL.Store(prev, u, j);
        }

        TV next = prev;
        TL.Store(TL.Fma(TL.Broadcast(_g[g0 + _m - 1]), next, accumulate ? TL.Load(coupled, _m - 1) : TL.Zero), coupled, _m - 1);
        for (int j = _m - 2; j >= 0; j--)
        {
            next = TL.Fma(TL.Broadcast(_rowNegCp[r0 + j]), next, TL.Load(u, j));
            TL.Store(TL.Fma(TL.Broadcast(_g[g0 + j]), next, accumulate ? TL.Load(coupled, j) : TL.Zero), coupled, j);
        }
    }

    /// <summary>
    /// <see cref="RowSolveOfCoupled"/> for array rows i and i + 1 (full row chains, columns not merged) in lockstep, so the two
    /// recurrences' latencies overlap; results in b.CoupledA and b.CoupledB.
    /// </summary>
    private void RowPairSolveOfCoupled<TV, TL>(int i, double[] x, RowBuffers b)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        int a0 = i * _m, b0 = a0 + _m;
        double[] ua = b.U, ub = b.T, ca = b.CoupledA, cb = b.CoupledB;
        TV pa = TL.Multiply(TL.Broadcast(_rowGDen[a0]), TL.Load(x, a0));
        TV pb = TL.Multiply(TL.Broadcast(_rowGDen[b0]), TL.Load(x, b0));
        TL.Store(pa, ua, 0);
        TL.Store(pb, ub, 0);
        for (int j = 1; j < _m; j++)
        {
            pa = TL.Fma(TL.Broadcast(_rowNegOffDen[a0 + j]), pa, TL.Multiply(TL.Broadcast(_rowGDen[a0 + j]), TL.Load(x, a0 + j)));
            pb = TL.Fma(TL.Broadcast(_rowNegOffDen[b0 + j]), pb, TL.Multiply(TL.Broadcast(_rowGDen[b0 + j]), TL.Load(x, b0 + j)));
            TL.Store(pa, ua, j);
            TL.Store(pb, ub, j);
        }

        TL.Store(TL.Multiply(TL.Broadcast(_g[a0 + _m - 1]), pa), ca, _m - 1);
        TL.Store(TL.Multiply(TL.Broadcast(_g[b0 + _m - 1]), pb), cb, _m - 1);
        for (int j = _m - 2; j >= 0; j--)
        {
            pa = TL.Fma(TL.Broadcast(_rowNegCp[a0 + j]), pa, TL.Load(ua, j));
            pb = TL.Fma(TL.Broadcast(_rowNegCp[b0 + j]), pb, TL.Load(ub, j));
            TL.Store(TL.Multiply(TL.Broadcast(_g[a0 + j]), pa), ca, j);
            TL.Store(TL.Multiply(TL.Broadcast(_g[b0 + j]), pb), cb, j);
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
            prev = TL.Fma(TL.Broadcast(_rowNegOffDen[r0 + j]), prev, TL.Multiply(TL.Load(t, j), TL.Broadcast(_rowDen[r0 + j])));
            TL.Store(prev, u, j);
        }

        for (int j = _mr - 2; j >= 0; j--)
        {
            prev = TL.Fma(TL.Broadcast(_rowNegCp[r0 + j]), prev, TL.Load(u, j));
            TL.Store(prev, u, j);
        }
    }

    /// <summary>Row-node voltages of array row <paramref name="i"/> from the column-node voltages c: A_r^-1 (b_r + B c), into b.U (0 at a held row start).</summary>
    private void RowVoltages<TV, TL>(double[][] voltages, int i, double[] c, RowBuffers b)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        double[] t = b.T;
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

        SolveRow<TV, TL>(i, t, b.U);
    }
}
