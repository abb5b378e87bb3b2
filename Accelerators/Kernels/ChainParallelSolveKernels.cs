using ILGPU;

namespace IMCSim.Accelerators.Kernels;

/// <summary>Launch constants of <see cref="ChainParallelSolveKernels"/>: one circuit, unit inputs on rows FirstRow .. FirstRow + Lanes - 1.</summary>
internal struct ChainSolveArgs
{
    public int N;
    public int M;

    /// <summary>Right-hand sides (lanes) of the launch; lane l drives row FirstRow + l.</summary>
    public int Lanes;

    public int FirstRow;

    /// <summary>1: row starts held; 2: column ends held.</summary>
    public int Flags;

    public int MaxIterations;
    public double Tolerance;
    public double SourceS;
    public double RowWireS;
    public double ColumnWireS;
    public double SinkS;

    public readonly bool SourceFixed => (Flags & 1) != 0;

    public readonly bool SinkFixed => (Flags & 2) != 0;

    /// <summary>First column-node row whose c is kept (the last two: the currents read them).</summary>
    public readonly int KeepFrom => N > 2 ? N - 2 : 0;
}

/// <summary>
/// The effective matrix of one large circuit with every chain in parallel: the same preconditioned conjugate gradients on the
/// column-node Schur complement as the CPU (row chains solved exactly, column chains as preconditioner), but each sweep runs one
/// thread per (chain, right-hand side) instead of one thread per right-hand side, so a single 512 x 512 array fills a GPU. The
/// dot products are per-column partial sums added column by column, not the CPU's single running sum: results agree with the CPU
/// within rounding (promised 1e-12 relative), not bit for bit. Vectors are node-major with the right-hand sides innermost
/// (element k of lane l at k x Lanes + l), so a warp's accesses coalesce. An iteration is six launches: backward column sweep
/// (z, p), row chains (coupled = G A_r^-1 G p), q = S p with per-column p.q, alpha per lane, forward column sweep (c, r, z', per-column
/// r.r and r.z), beta and convergence per lane. Converged lanes are skipped by every kernel.
/// </summary>
internal static class ChainParallelSolveKernels
{
    // Vectors of the scratch (each N x M x Lanes), then c (2 x M x Lanes) and two partial-sum rows (M x Lanes each).
    private const int R = 0, Z = 1, P = 2, Q = 3, Coupled = 4;

    // Lane doubles: r.z, alpha, beta, |f|, tolerance x |f|, r.r; lane ints: active, iterations.
    private const int Rz = 0, Alpha = 1, Beta = 2, FNorm = 3, Tol = 4, Rr = 5, LaneDoubles = 6;

    public static long ScratchLength(int n, int m, int lanes) => ((5L * n * m) + (4L * m)) * lanes;

    public static int LaneDoublesLength(int lanes) => LaneDoubles * lanes;

    private static long V(in ChainSolveArgs a, int vector, int k, int lane) => ((((long)vector * a.N * a.M) + k) * a.Lanes) + lane;

    private static long C(in ChainSolveArgs a, int ic, int j, int lane) => ((((5L * a.N * a.M) + ((long)(ic - a.KeepFrom) * a.M)) + j) * a.Lanes) + lane;

    private static long Partial(in ChainSolveArgs a, int which, int j, int lane) => ((((5L * a.N * a.M) + (2L * a.M) + ((long)which * a.M)) + j) * a.Lanes) + lane;

    private static double Coef(in ChainSolveArgs a, ArrayView<double> coef, int plane, int k) => coef[((long)plane * a.N * a.M) + k];

    /// <summary>Thread (row i, lane l): r on row i = the reduced right-hand side f (zero but on the driven row); p, c cleared; lanes active.</summary>
    public static void Rhs<TMath>(Index1D t, ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        int l = t % a.Lanes, i = t / a.Lanes, m = a.M, s = i * m;
        for (int j = 0; j < m; j++)
        {
            x[V(a, R, s + j, l)] = 0;
            x[V(a, P, s + j, l)] = 0;
            if (i >= a.KeepFrom)
            {
                x[C(a, i, j, l)] = 0;
            }
        }

        if (i == 0)
        {
            state[l] = 1;
            state[a.Lanes + l] = 0;
        }

        if (i != a.FirstRow + l || (a.SinkFixed && i == a.N - 1))
        {
            return;
        }

        // t = the row's source terms (in q's row), u = A_r^-1 t (in coupled's row), f = G u (+ G v at a held row start).
        for (int j = 0; j < m; j++)
        {
            x[V(a, Q, s + j, l)] = 0;
        }

        if (!a.SourceFixed)
        {
            x[V(a, Q, s, l)] = TMath.Multiply(a.SourceS, 1.0);
        }
        else if (m > 1)
        {
            x[V(a, Q, s + 1, l)] = TMath.Multiply(a.RowWireS, 1.0);
        }

        SolveRow<TMath>(a, coef, x, i, l);
        for (int j = 0; j < m; j++)
        {
            double g = Coef(a, coef, Plane.G, s + j);
            double fk = TMath.Multiply(g, x[V(a, Coupled, s + j, l)]);
            if (a.SourceFixed && j == 0)
            {
                fk = TMath.Fma(g, 1.0, fk);
            }

            x[V(a, R, s + j, l)] = fk;
        }
    }

    /// <summary>u = A_r^-1 t on array row <paramref name="i"/>: t in q's row, u into coupled's row.</summary>
    private static void SolveRow<TMath>(in ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, int i, int l)
        where TMath : struct, IDoubleMath
    {
        int m = a.M, r0 = i * m;
        double prev = TMath.Multiply(x[V(a, Q, r0, l)], Coef(a, coef, Plane.RowDen, r0));
        x[V(a, Coupled, r0, l)] = prev;
        for (int j = 1; j < m; j++)
        {
            prev = TMath.Fma(Coef(a, coef, Plane.RowNegOffDen, r0 + j), prev, TMath.Multiply(x[V(a, Q, r0 + j, l)], Coef(a, coef, Plane.RowDen, r0 + j)));
            x[V(a, Coupled, r0 + j, l)] = prev;
        }

        for (int j = m - 2; j >= 0; j--)
        {
            prev = TMath.Fma(Coef(a, coef, Plane.RowNegCp, r0 + j), prev, x[V(a, Coupled, r0 + j, l)]);
            x[V(a, Coupled, r0 + j, l)] = prev;
        }
    }

    /// <summary>
    /// Thread (column j, lane l), ascending rows: c += alpha p (kept rows) and r -= alpha q (not on the first sweep), z' = the forward
    /// sweep of the column chain, and the column's r.r and r.A_c^-1 r.
    /// </summary>
    public static void Forward<TMath>(Index1D t, ChainSolveArgs a, int first, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        int l = t % a.Lanes, j = t / a.Lanes, m = a.M;
        if (state[l] == 0)
        {
            return;
        }

        double alpha = lane[(Alpha * a.Lanes) + l], minusAlpha = TMath.Subtract(0, alpha), rr = 0, rz = 0, zAbove = 0;
        for (int ic = 0; ic < a.N; ic++)
        {
            int k = (ic * m) + j;
            double rk = x[V(a, R, k, l)];
            if (first == 0)
            {
                if (ic >= a.KeepFrom)
                {
                    x[C(a, ic, j, l)] = TMath.Fma(alpha, x[V(a, P, k, l)], x[C(a, ic, j, l)]);
                }

                rk = TMath.Fma(minusAlpha, x[V(a, Q, k, l)], rk);
                x[V(a, R, k, l)] = rk;
            }

            rr = TMath.Fma(rk, rk, rr);
            double y = ic == 0 ? rk : TMath.Fma(-Coef(a, coef, Plane.ColOff, k - m), zAbove, rk);
            double zk = TMath.Multiply(y, Coef(a, coef, Plane.ColDen, k));
            x[V(a, Z, k, l)] = zk;
            zAbove = zk;
            rz = TMath.Fma(y, zk, rz);
        }

        x[Partial(a, 0, j, l)] = rr;
        x[Partial(a, 1, j, l)] = rz;
    }

    /// <summary>Thread (lane l): the columns' r.r and r.z added in column order; |f| and the tolerance on the first sweep, else beta; the lane stays active while |r| is above the tolerance and iterations remain.</summary>
    public static void AfterForward<TMath>(Index1D l, ChainSolveArgs a, int first, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        if (state[l] == 0)
        {
            return;
        }

        double rr = 0, rz = 0;
        for (int j = 0; j < a.M; j++)
        {
            rr = TMath.Add(rr, x[Partial(a, 0, j, l)]);
            rz = TMath.Add(rz, x[Partial(a, 1, j, l)]);
        }

        int n = a.Lanes;
        if (first != 0)
        {
            double fNorm = TMath.Sqrt(rr);
            lane[(FNorm * n) + l] = fNorm;
            lane[(Tol * n) + l] = TMath.Multiply(fNorm, a.Tolerance);
            lane[(Beta * n) + l] = 0;
            lane[(Alpha * n) + l] = 0;
        }
        else
        {
            lane[(Beta * n) + l] = TMath.Divide(rz, lane[(Rz * n) + l]);
        }

        lane[(Rz * n) + l] = rz;
        lane[(Rr * n) + l] = rr;
        state[l] = TMath.Sqrt(rr) > lane[(Tol * n) + l] && state[n + l] < a.MaxIterations ? 1 : 0;
    }

    /// <summary>Thread (column j, lane l), descending rows: z = z' - cp z(row below), p = z + beta p; column 0 counts the lane's iteration.</summary>
    public static void Backward<TMath>(Index1D t, ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        int l = t % a.Lanes, j = t / a.Lanes, m = a.M;
        if (state[l] == 0)
        {
            return;
        }

        if (j == 0)
        {
            state[a.Lanes + l]++;
        }

        double beta = lane[(Beta * a.Lanes) + l], zBelow = 0;
        for (int ic = a.N - 1; ic >= 0; ic--)
        {
            int k = (ic * m) + j;
            double zk = x[V(a, Z, k, l)];
            if (ic < a.N - 1)
            {
                zk = TMath.Fma(-Coef(a, coef, Plane.ColCp, k), zBelow, zk);
            }

            zBelow = zk;
            x[V(a, P, k, l)] = TMath.Fma(beta, x[V(a, P, k, l)], zk);
        }
    }

    /// <summary>Thread (row i, lane l): coupled on row i = G A_r^-1 (G p) (q's row as the chain's scratch).</summary>
    public static void RowChains<TMath>(Index1D t, ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        int l = t % a.Lanes, i = t / a.Lanes, m = a.M, a0 = i * m;
        if (state[l] == 0)
        {
            return;
        }

        double prev = TMath.Multiply(Coef(a, coef, Plane.RowGDen, a0), x[V(a, P, a0, l)]);
        x[V(a, Q, a0, l)] = prev;
        for (int j = 1; j < m; j++)
        {
            prev = TMath.Fma(Coef(a, coef, Plane.RowNegOffDen, a0 + j), prev, TMath.Multiply(Coef(a, coef, Plane.RowGDen, a0 + j), x[V(a, P, a0 + j, l)]));
            x[V(a, Q, a0 + j, l)] = prev;
        }

        x[V(a, Coupled, a0 + m - 1, l)] = TMath.Multiply(Coef(a, coef, Plane.G, a0 + m - 1), prev);
        for (int j = m - 2; j >= 0; j--)
        {
            prev = TMath.Fma(Coef(a, coef, Plane.RowNegCp, a0 + j), prev, x[V(a, Q, a0 + j, l)]);
            x[V(a, Coupled, a0 + j, l)] = TMath.Multiply(Coef(a, coef, Plane.G, a0 + j), prev);
        }
    }

    /// <summary>Thread (column j, lane l): q = A_c p - coupled down the column (0 on held column ends) and the column's p.q.</summary>
    public static void SchurColumns<TMath>(Index1D t, ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        int l = t % a.Lanes, j = t / a.Lanes, m = a.M, n = a.N;
        if (state[l] == 0)
        {
            return;
        }

        double dot = 0;
        for (int ic = 0; ic < n; ic++)
        {
            int k = (ic * m) + j;
            if (a.SinkFixed && ic == n - 1)
            {
                x[V(a, Q, k, l)] = 0;
                continue;
            }

            double xk = x[V(a, P, k, l)];
            double sum = TMath.Fma(Coef(a, coef, Plane.ColDiag, k), xk, TMath.Subtract(0, x[V(a, Coupled, k, l)]));
            if (ic > 0)
            {
                sum = TMath.Fma(Coef(a, coef, Plane.ColOff, k - m), x[V(a, P, k - m, l)], sum);
            }

            if (ic < n - 1)
            {
                sum = TMath.Fma(Coef(a, coef, Plane.ColOff, k), x[V(a, P, k + m, l)], sum);
            }

            x[V(a, Q, k, l)] = sum;
            dot = TMath.Fma(xk, sum, dot);
        }

        x[Partial(a, 0, j, l)] = dot;
    }

    /// <summary>Thread (lane l): p.q added in column order, alpha = r.z / p.q.</summary>
    public static void Step<TMath>(Index1D l, ChainSolveArgs a, ArrayView<double> x, ArrayView<double> lane, ArrayView<int> state)
        where TMath : struct, IDoubleMath
    {
        if (state[l] == 0)
        {
            return;
        }

        double pq = 0;
        for (int j = 0; j < a.M; j++)
        {
            pq = TMath.Add(pq, x[Partial(a, 0, j, l)]);
        }

        lane[(Alpha * a.Lanes) + l] = TMath.Divide(lane[(Rz * a.Lanes) + l], pq);
    }

    /// <summary>Thread (lane l): the column currents from the kept c (and, with held column ends, the last row's row-node voltages) and the lane's residual |r| / |f|.</summary>
    public static void Currents<TMath>(Index1D l, ChainSolveArgs a, ArrayView<double> coef, ArrayView<double> x, ArrayView<double> lane, ArrayView<double> currents, ArrayView<double> residuals)
        where TMath : struct, IDoubleMath
    {
        int n = a.N, m = a.M, last = n - 1, s = last * m;
        double v = last == a.FirstRow + l ? 1.0 : 0.0;
        if (a.SinkFixed)
        {
            // Row-node voltages of the last row: A_r^-1 (b_r + G c), t in q's row and u in coupled's row.
            for (int j = 0; j < m; j++)
            {
                x[V(a, Q, s + j, l)] = 0;
            }

            if (!a.SourceFixed)
            {
                x[V(a, Q, s, l)] = TMath.Multiply(a.SourceS, v);
            }
            else if (m > 1)
            {
                x[V(a, Q, s + 1, l)] = TMath.Multiply(a.RowWireS, v);
            }

            for (int j = 0; j < m; j++)
            {
                if (!(a.SourceFixed && j == 0))
                {
                    x[V(a, Q, s + j, l)] = TMath.Fma(Coef(a, coef, Plane.G, s + j), x[C(a, last, j, l)], x[V(a, Q, s + j, l)]);
                }
            }

            SolveRow<TMath>(a, coef, x, last, l);
        }

        for (int j = 0; j < m; j++)
        {
            double current;
            if (!a.SinkFixed)
            {
                current = TMath.Multiply(a.SinkS, x[C(a, last, j, l)]);
            }
            else
            {
                double rowVoltage = a.SourceFixed && j == 0 ? v : x[V(a, Coupled, s + j, l)];
                double wire = n > 1 ? TMath.Multiply(a.ColumnWireS, x[C(a, last - 1, j, l)]) : 0;
                current = TMath.Add(wire, TMath.Multiply(Coef(a, coef, Plane.G, s + j), rowVoltage));
            }

            currents[((long)j * a.Lanes) + l] = current;
        }

        double fNorm = lane[(FNorm * a.Lanes) + l], floor = 1e-300;
        residuals[l] = TMath.Divide(TMath.Sqrt(lane[(Rr * a.Lanes) + l]), fNorm > floor ? fNorm : floor);
    }
}
