using ILGPU;

namespace IMCSim.Accelerators.Kernels;

/// <summary>The coefficient planes of a circuit on the device, in <c>CrossbarSolver.ExportBlockCoefficients</c>' order.</summary>
internal static class Plane
{
    public const int G = 0, RowGDen = 1, RowNegOffDen = 2, RowNegCp = 3, RowDen = 4, ColDiag = 5, ColOff = 6, ColCp = 7, ColDen = 8;
}

/// <summary>Launch-wide constants of <see cref="EffectiveMatrixKernel"/>.</summary>
internal struct EffectiveSolveArgs
{
    /// <summary>Solves in the launch (one thread each).</summary>
    public int Jobs;

    /// <summary>Largest Rows x Cols of the launch's circuits: the scratch's vector length.</summary>
    public int MaxNodes;

    /// <summary>Largest Cols of the launch's circuits: the scratch's row length.</summary>
    public int MaxCols;

    public int MaxIterations;

    public double Tolerance;
}

/// <summary>
/// Unit-input solves of crossbar circuits, one thread per (circuit, driven row): the CPU's block solve
/// (<c>CrossbarSolver.SolveBlock</c>, Schur-complement conjugate gradients with the row chains solved exactly and the column chains
/// as preconditioner) written for one lane, operation for operation in the CPU's order with the backend's correctly rounded double
/// operations, so each column current is the CPU's bits. Every thread's vectors are interleaved with the other threads' (element k of
/// thread t at k x Jobs + t), so a warp's loads and stores of one element are one coalesced transaction and a warp's threads read
/// the same coefficient. Circuits of any size share a launch: each has its coefficient planes at its own offset.
/// </summary>
internal static class EffectiveMatrixKernel
{
    /// <summary>Circuit table stride: rows, columns, coefficient offset, flags (1: row starts held, 2: column ends held).</summary>
    public const int CircuitStride = 4;

    /// <summary>Boundary table stride: source, row wire, column wire and sink conductances (S).</summary>
    public const int BoundaryStride = 4;

    /// <summary>Scratch vectors per thread in units of (MaxNodes, MaxCols): r, z, p, q full; c on two rows, z below, u, t and three coupling rows.</summary>
    public static long ScratchLength(int maxNodes, int maxCols, int jobs) => ((4L * maxNodes) + (8L * maxCols)) * jobs;

    /// <param name="jobs">Per thread: circuit index and driven row.</param>
    /// <param name="currents">Column j of thread t at j x Jobs + t.</param>
    public static void Solve<TMath>(
        Index1D t,
        EffectiveSolveArgs args,
        ArrayView<int> circuits,
        ArrayView<double> boundary,
        ArrayView<double> coefficients,
        ArrayView<int> jobs,
        ArrayView<double> scratch,
        ArrayView<double> currents,
        ArrayView<double> residuals,
        ArrayView<int> iterations)
        where TMath : struct, IDoubleMath
    {
        int circuit = jobs[2 * t], driven = jobs[(2 * t) + 1];
        int c0 = circuit * CircuitStride, b0 = circuit * BoundaryStride, flags = circuits[c0 + 3];
        var lane = new SolveLane<TMath>
        {
            N = circuits[c0],
            M = circuits[c0 + 1],
            Coefficients = coefficients,
            CoefficientOffset = circuits[c0 + 2],
            Scratch = scratch,
            Jobs = args.Jobs,
            Thread = t,
            MaxNodes = args.MaxNodes,
            MaxCols = args.MaxCols,
            SourceFixed = (flags & 1) != 0,
            SinkFixed = (flags & 2) != 0,
            SourceS = boundary[b0],
            RowWireS = boundary[b0 + 1],
            ColumnWireS = boundary[b0 + 2],
            SinkS = boundary[b0 + 3],
            Driven = driven,
        };

        int used = lane.Run(args.Tolerance, args.MaxIterations, out double residual);
        residuals[t] = residual;
        iterations[t] = used;
        int n = lane.N, m = lane.M, last = n - 1;
        for (int j = 0; j < m; j++)
        {
            double current;
            if (!lane.SinkFixed)
            {
                current = TMath.Multiply(lane.SinkS, lane.Get(SolveLane<TMath>.C, lane.KeptRow(last) + j));
            }
            else
            {
                double rowVoltage = lane.SourceFixed && j == 0 ? lane.Voltage(last) : lane.Get(SolveLane<TMath>.U, j);
                double wire = n > 1 ? TMath.Multiply(lane.ColumnWireS, lane.Get(SolveLane<TMath>.C, lane.KeptRow(last - 1) + j)) : 0;
                current = TMath.Add(wire, TMath.Multiply(lane.Coefficient(SolveLane<TMath>.G, (last * m) + j), rowVoltage));
            }

            currents[((long)j * args.Jobs) + t] = current;
        }
    }
}

/// <summary>One thread's solve: its circuit's coefficients, its interleaved scratch vectors and the CPU solver's steps for one lane.</summary>
internal struct SolveLane<TMath>
    where TMath : struct, IDoubleMath
{
    public const int G = Plane.G, RowGDen = Plane.RowGDen, RowNegOffDen = Plane.RowNegOffDen, RowNegCp = Plane.RowNegCp, RowDen = Plane.RowDen,
        ColDiag = Plane.ColDiag, ColOff = Plane.ColOff, ColCp = Plane.ColCp, ColDen = Plane.ColDen;

    // Scratch vectors: four of MaxNodes, then rows of MaxCols (c keeps two rows).
    public const int R = 0, Z = 1, P = 2, Q = 3, C = 4, ZBelow = 5, U = 6, T = 7, CoupledA = 8, CoupledB = 9, CoupledC = 10;

    public int N;
    public int M;
    public ArrayView<double> Coefficients;
    public int CoefficientOffset;
    public ArrayView<double> Scratch;
    public int Jobs;
    public int Thread;
    public int MaxNodes;
    public int MaxCols;
    public bool SourceFixed;
    public bool SinkFixed;
    public double SourceS;
    public double RowWireS;
    public double ColumnWireS;
    public double SinkS;
    public int Driven;

    /// <summary>First column-node row whose c is kept (the last two: the currents read them).</summary>
    public readonly int KeepFrom => N > 2 ? N - 2 : 0;

    public readonly int KeptRow(int ic) => (ic - KeepFrom) * M;

    public readonly double Voltage(int row) => row == Driven ? 1.0 : 0.0;

    public readonly double Coefficient(int plane, int k) => Coefficients[CoefficientOffset + ((long)plane * N * M) + k];

    private readonly long Index(int vector, int k)
    {
        long start = vector <= Q ? (long)vector * MaxNodes : (4L * MaxNodes) + ((vector == C ? 0 : vector - ZBelow + 2) * (long)MaxCols);
        return ((start + k) * Jobs) + Thread;
    }

    public readonly double Get(int vector, int k) => Scratch[Index(vector, k)];

    public readonly void Set(int vector, int k, double value) => Scratch[Index(vector, k)] = value;

    /// <summary>The iterations; leaves c on the kept rows and, with held column ends, the last row's row-node voltages in u.</summary>
    public readonly int Run(double tolerance, int maxIterations, out double residual)
    {
        int n = N, m = M;
        ReducedRhs();
        for (int k = 0; k < 2 * m && k < n * m; k++)
        {
            Set(C, k, 0);
        }

        for (int k = 0; k < n * m; k++)
        {
            Set(P, k, 0);
        }

        double rr = ForwardColumnSweep(0, first: true, out double rz);
        double fNorm = TMath.Sqrt(rr);
        double tol = TMath.Multiply(fNorm, tolerance);
        double alpha = 0, beta = 0;
        int used = 0;
        while (used < maxIterations)
        {
            if (!(TMath.Sqrt(rr) > tol))
            {
                break;
            }

            used++;
            double pq = FusedDescendingPass(alpha, beta);
            alpha = TMath.Divide(rz, pq);
            rr = ForwardColumnSweep(alpha, first: false, out double rzNext);
            beta = TMath.Divide(rzNext, rz);
            rz = rzNext;
        }

        // The last step's c += alpha p, deferred to the sweep that never came.
        for (int ic = n - 1; ic >= KeepFrom; ic--)
        {
            for (int j = 0; j < m; j++)
            {
                Set(C, KeptRow(ic) + j, TMath.Fma(alpha, Get(P, (ic * m) + j), Get(C, KeptRow(ic) + j)));
            }
        }

        double floor = 1e-300;
        residual = TMath.Divide(TMath.Sqrt(rr), fNorm > floor ? fNorm : floor);
        if (SinkFixed)
        {
            RowVoltages(n - 1);
        }

        return used;
    }

    /// <summary>f = b_c + B^T A_r^-1 b_r into r: only the driven row has a source.</summary>
    private readonly void ReducedRhs()
    {
        int n = N, m = M;
        for (int k = 0; k < n * m; k++)
        {
            Set(R, k, 0);
        }

        if (Driven < n)
        {
            int i = Driven, s = i * m;
            double v = Voltage(i);
            RowSource(v);
            SolveRow(i);
            for (int j = 0; j < m; j++)
            {
                double g = Coefficient(G, s + j);
                double fk = TMath.Multiply(g, Get(U, j));
                if (SourceFixed && j == 0)
                {
                    fk = TMath.Fma(g, v, fk);
                }

                Set(R, s + j, n == 1 ? TMath.Add(fk, Get(R, s + j)) : fk);
            }
        }

        if (SinkFixed)
        {
            for (int j = 0; j < m; j++)
            {
                Set(R, ((n - 1) * m) + j, 0);
            }
        }
    }

    /// <summary>The source terms of a row driven at <paramref name="v"/> into t (a held row start moves its coupling to node 1).</summary>
    private readonly void RowSource(double v)
    {
        for (int j = 0; j < M; j++)
        {
            Set(T, j, 0);
        }

        if (!SourceFixed)
        {
            Set(T, 0, TMath.Multiply(SourceS, v));
        }
        else if (M > 1)
        {
            Set(T, 1, TMath.Multiply(RowWireS, v));
        }
    }

    /// <summary>u = A_r^-1 t on array row <paramref name="i"/>.</summary>
    private readonly void SolveRow(int i)
    {
        int r0 = i * M;
        double prev = TMath.Multiply(Get(T, 0), Coefficient(RowDen, r0));
        Set(U, 0, prev);
        for (int j = 1; j < M; j++)
        {
            prev = TMath.Fma(Coefficient(RowNegOffDen, r0 + j), prev, TMath.Multiply(Get(T, j), Coefficient(RowDen, r0 + j)));
            Set(U, j, prev);
        }

        for (int j = M - 2; j >= 0; j--)
        {
            prev = TMath.Fma(Coefficient(RowNegCp, r0 + j), prev, Get(U, j));
            Set(U, j, prev);
        }
    }

    /// <summary>Row-node voltages of array row <paramref name="i"/> from the kept c: A_r^-1 (b_r + B c), into u.</summary>
    private readonly void RowVoltages(int i)
    {
        RowSource(Voltage(i));
        int g0 = i * M;
        for (int j = 0; j < M; j++)
        {
            if (!(SourceFixed && j == 0))
            {
                Set(T, j, TMath.Fma(Coefficient(G, g0 + j), Get(C, KeptRow(i) + j), Get(T, j)));
            }
        }

        SolveRow(i);
    }

    /// <summary>r -= alpha q (not on the first sweep), z' = the forward sweep of the column chains; returns r.r, <paramref name="rz"/> = r.A_c^-1 r.</summary>
    private readonly double ForwardColumnSweep(double alpha, bool first, out double rz)
    {
        int n = N, m = M;
        double minusAlpha = TMath.Subtract(0, alpha), rr = 0, rzSum = 0;
        for (int ic = 0; ic < n; ic++)
        {
            int s = ic * m;
            for (int k = s; k < s + m; k++)
            {
                double rk = Get(R, k);
                if (!first)
                {
                    rk = TMath.Fma(minusAlpha, Get(Q, k), rk);
                    Set(R, k, rk);
                }

                rr = TMath.Fma(rk, rk, rr);
                double y = ic == 0 ? rk : TMath.Fma(-Coefficient(ColOff, k - m), Get(Z, k - m), rk);
                double zk = TMath.Multiply(y, Coefficient(ColDen, k));
                Set(Z, k, zk);
                rzSum = TMath.Fma(y, zk, rzSum);
            }
        }

        rz = TMath.Add(0, rzSum);
        return TMath.Add(0, rr);
    }

    /// <summary>Column-node row <paramref name="ic"/>: c += alphaPrev p (kept rows), z = z' - cp z(row below), p = z + beta p.</summary>
    private readonly void UpdateRow(int ic, double alphaPrev, double beta)
    {
        int m = M, s = ic * m;
        bool keep = ic >= KeepFrom;
        for (int j = 0; j < m; j++)
        {
            int k = s + j;
            double pk = Get(P, k);
            if (keep)
            {
                Set(C, KeptRow(ic) + j, TMath.Fma(alphaPrev, pk, Get(C, KeptRow(ic) + j)));
            }

            double zk = Get(Z, k);
            if (ic < N - 1)
            {
                zk = TMath.Fma(-Coefficient(ColCp, k), Get(ZBelow, j), zk);
            }

            Set(ZBelow, j, zk);
            Set(P, k, TMath.Fma(beta, pk, zk));
        }
    }

    /// <summary>
    /// The backward sweep and q = S p in one descending pass, each row updated, then its row chain solved and q formed one row
    /// behind (the CPU's order of the sums); returns p.q.
    /// </summary>
    private readonly double FusedDescendingPass(double alphaPrev, double beta)
    {
        int n = N;
        int carried = CoupledC, a = CoupledA;
        double dot = 0;
        int ic = n - 1;
        for (; ic >= 1; ic -= 2)
        {
            UpdateRow(ic, alphaPrev, beta);
            UpdateRow(ic - 1, alphaPrev, beta);
            RowSolveOfCoupled(ic - 1, U, a, single: false);
            RowSolveOfCoupled(ic, T, CoupledB, single: false);
            if (ic < n - 1)
            {
                dot = TMath.Add(dot, SchurRow(ic + 1, carried));
            }

            dot = TMath.Add(dot, SchurRow(ic, CoupledB));
            (carried, a) = (a, carried);
        }

        if (ic == 0)
        {
            UpdateRow(0, alphaPrev, beta);
            if (M == 1)
            {
                MergedRowSolveOfCoupled(0, a);
            }
            else
            {
                RowSolveOfCoupled(0, U, a, single: true);
            }

            if (n > 1)
            {
                dot = TMath.Add(dot, SchurRow(1, carried));
            }

            (carried, a) = (a, carried);
        }

        return TMath.Add(dot, SchurRow(0, carried));
    }

    /// <summary>
    /// coupled = G A_r^-1 (G p) on array row <paramref name="i"/>, the row chain solved into <paramref name="u"/>: the CPU's paired rows one at
    /// a time, or (<paramref name="single"/>) its single-row form, which writes G u as G u + 0.
    /// </summary>
    private readonly void RowSolveOfCoupled(int i, int u, int coupled, bool single)
    {
        int m = M, a0 = i * m;
        double prev = TMath.Multiply(Coefficient(RowGDen, a0), Get(P, a0));
        Set(u, 0, prev);
        for (int j = 1; j < m; j++)
        {
            prev = TMath.Fma(Coefficient(RowNegOffDen, a0 + j), prev, TMath.Multiply(Coefficient(RowGDen, a0 + j), Get(P, a0 + j)));
            Set(u, j, prev);
        }

        Set(coupled, m - 1, single ? TMath.Fma(Coefficient(G, a0 + m - 1), prev, 0) : TMath.Multiply(Coefficient(G, a0 + m - 1), prev));
        for (int j = m - 2; j >= 0; j--)
        {
            prev = TMath.Fma(Coefficient(RowNegCp, a0 + j), prev, Get(u, j));
            Set(coupled, j, single ? TMath.Fma(Coefficient(G, a0 + j), prev, 0) : TMath.Multiply(Coefficient(G, a0 + j), prev));
        }
    }

    /// <summary>The CPU's single-row form for a one-node row chain (one column): G (G p) / d.</summary>
    private readonly void MergedRowSolveOfCoupled(int i, int coupled)
    {
        int g0 = i * M;
        double sum = 0;
        if (!SourceFixed)
        {
            sum = TMath.Fma(Coefficient(G, g0), Get(P, g0), sum);
        }

        double u0 = TMath.Multiply(sum, Coefficient(RowDen, g0));
        Set(coupled, 0, TMath.Fma(Coefficient(G, g0), u0, 0));
    }

    /// <summary>q = A_c p - coupled on column-node row <paramref name="ic"/> (0 on held column ends); returns p.q there.</summary>
    private readonly double SchurRow(int ic, int coupled)
    {
        int n = N, m = M, s = ic * m;
        if (SinkFixed && ic == n - 1)
        {
            for (int j = 0; j < m; j++)
            {
                Set(Q, s + j, 0);
            }

            return 0;
        }

        double dot = 0;
        for (int j = 0; j < m; j++)
        {
            int k = s + j;
            double xk = Get(P, k);
            double sum = TMath.Fma(Coefficient(ColDiag, k), xk, TMath.Subtract(0, Get(coupled, j)));
            if (ic > 0)
            {
                sum = TMath.Fma(Coefficient(ColOff, k - m), Get(P, k - m), sum);
            }

            if (ic < n - 1)
            {
                sum = TMath.Fma(Coefficient(ColOff, k), Get(P, k + m), sum);
            }

            Set(Q, k, sum);
            dot = TMath.Fma(xk, sum, dot);
        }

        return dot;
    }
}
