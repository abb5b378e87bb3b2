namespace IMCSim.Simulator.Circuit;

/// <summary>
/// The linear map of a programmed crossbar with its wires: I = A^T V, A[i, j] = dI_j / dV_i in siemens.
/// Computed once per programmed array and reused for every input: whole-network simulation with IR drop
/// then costs what the ideal G^T V costs. Rows of A come from unit-input solves, a SIMD block of them per
/// solve, blocks in parallel; the assembled matrix is then checked against one full single solve of a
/// pseudo-random input (its full-system residual and its agreement with A^T V are part of the result).
/// </summary>
public static class EffectiveMatrix
{
    /// <param name="Matrix">A as a row-major [Rows, Cols] array.</param>
    /// <param name="WorstResidual">Largest relative residual of the unit-input solves and of the check solve.</param>
    /// <param name="CheckDeviation">max_j |(A^T v)_j - I_j| / max_j |I_j| for the check input v and its direct solve I.</param>
    public sealed record Result(double[] Matrix, double WorstResidual, double CheckDeviation);

    /// <summary>
    /// Computes A, each solve run to a relative residual of <paramref name="tolerance"/> or at most
    /// <paramref name="maxIterations"/> iterations (the result's residual says which). Block solves give every
    /// input the same arithmetic at any lane count, so A is the same on every CPU (AVX-512, AVX2 or neither).
    /// </summary>
    /// <summary>The exact solve's relative residual.</summary>
    public const double DefaultTolerance = 1e-13;

    public const int DefaultMaxIterations = 2000;

    public static Result Compute(CrossbarCircuit circuit, int threads = 0, double tolerance = DefaultTolerance, int maxIterations = DefaultMaxIterations) =>
        Compute(circuit, threads, tolerance, CrossbarSolver.MaxBlockLanes, maxIterations);

    /// <summary><see cref="Compute(CrossbarCircuit, int, double, int)"/> with block solves of <paramref name="lanes"/> inputs (1, 4 or 8).</summary>
    internal static Result Compute(CrossbarCircuit circuit, int threads, double tolerance, int lanes, int maxIterations)
    {
        threads = threads <= 0 ? Environment.ProcessorCount : threads;
        var solver = new CrossbarSolver(circuit, threads: 1);
        int n = circuit.Rows, m = circuit.Cols;
        var a = new double[n * m];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        double worst;
        if (solver.BlockSupported)
        {
            int blocks = (n + lanes - 1) / lanes;
            var residuals = new double[blocks];
            Parallel.For(
                0,
                blocks,
                options,
                () => solver.NewBlockWorkspace(lanes),
                (blk, _, workspace) =>
                {
                    int i0 = blk * lanes, count = Math.Min(lanes, n - i0);
                    var v = new double[count][];
                    var currents = new double[count][];
                    for (int l = 0; l < count; l++)
                    {
                        v[l] = new double[n];
                        v[l][i0 + l] = 1;
                        currents[l] = new double[m];
                    }

                    residuals[blk] = solver.SolveBlock(v, currents, tolerance: tolerance, maxIterations: maxIterations, workspace: workspace);
                    for (int l = 0; l < count; l++)
                    {
                        currents[l].CopyTo(a, (i0 + l) * m);
                    }

                    return workspace;
                },
                _ => { });
            worst = residuals.Max();
        }
        else
        {
            var residuals = new double[n];
            Parallel.For(
                0,
                n,
                options,
                () => (Workspace: solver.NewWorkspace(), Voltages: new double[n]),
                (i, _, local) =>
                {
                    Array.Clear(local.Voltages);
                    local.Voltages[i] = 1;
                    SolveResult r = solver.Solve(local.Voltages, tolerance: tolerance, maxIterations: maxIterations, workspace: local.Workspace);
                    r.CurrentsA.CopyTo(a, i * m);
                    residuals[i] = r.RelativeResidual;
                    return local;
                },
                _ => { });
            worst = residuals.Max();
        }

        return Checked(circuit, a, worst, threads, tolerance, maxIterations);
    }

    /// <summary>
    /// The result for a matrix <paramref name="a"/> assembled from unit-input solves (on any backend) whose worst residual was
    /// <paramref name="worstResidual"/>: A^T v against a full single solve (its full-system residual) of a fixed pseudo-random input.
    /// </summary>
    public static Result Checked(CrossbarCircuit circuit, double[] a, double worstResidual, int threads, double tolerance, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int n = circuit.Rows, m = circuit.Cols;
        if (a.Length != n * m)
        {
            throw new ArgumentException($"{a.Length} matrix entries for a {n}x{m} circuit");
        }

        threads = threads <= 0 ? Environment.ProcessorCount : threads;
        var rng = new System.Random((circuit.Rows * 7919) + circuit.Cols);
        double[] check = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble())];
        SolveResult direct = new CrossbarSolver(circuit, threads).Solve(check, tolerance: tolerance, maxIterations: maxIterations);
        double scale = Math.Max(direct.CurrentsA.Max(Math.Abs), double.Epsilon), deviation = 0;
        for (int j = 0; j < m; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += a[(i * m) + j] * check[i];
            }

            deviation = Math.Max(deviation, Math.Abs(sum - direct.CurrentsA[j]) / scale);
        }

        return new Result(a, Math.Max(worstResidual, direct.RelativeResidual), deviation);
    }
}
