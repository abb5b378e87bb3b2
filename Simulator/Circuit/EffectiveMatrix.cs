namespace IMCSim.Simulator.Circuit;

/// <summary>
/// The linear map of a programmed crossbar with its wires: I = A^T V, A[i, j] = dI_j / dV_i in siemens.
/// Computed once per programmed array (one exact solve per row, rows in parallel, each to a relative
/// residual of 1e-12) and reused for every input: whole-network simulation with IR drop then costs
/// what the ideal G^T V costs.
/// </summary>
public static class EffectiveMatrix
{

    /// <summary>A as a row-major [Rows, Cols] array; <paramref name="worstResidual"/> is the largest relative residual of the solves (run to <paramref name="tolerance"/>).</summary>
    public static double[] Compute(CrossbarCircuit circuit, out double worstResidual, int threads = 0, double tolerance = 1e-13)
    {
        var solver = new CrossbarSolver(circuit, threads: 1);
        int n = circuit.Rows, m = circuit.Cols;
        var a = new double[n * m];
        var residuals = new double[n];
        if (solver.BlockSupported)
        {
            // Unit inputs in blocks of SIMD width, blocks in parallel.
            int lanes = CrossbarSolver.MaxBlockLanes, blocks = (n + lanes - 1) / lanes;
            Parallel.For(
                0,
                blocks,
                new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads },
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

                    residuals[i0] = solver.SolveBlock(v, currents, tolerance: tolerance, workspace: workspace);
                    for (int l = 0; l < count; l++)
                    {
                        currents[l].CopyTo(a, (i0 + l) * m);
                    }

                    return workspace;
                },
                _ => { });
            worstResidual = residuals.Max();
            return a;
        }

        Parallel.For(
            0,
            n,
            new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads },
            () => (Workspace: solver.NewWorkspace(), Voltages: new double[n]),
            (i, _, local) =>
            {
                Array.Clear(local.Voltages);
                local.Voltages[i] = 1;
                SolveResult r = solver.Solve(local.Voltages, tolerance: tolerance, workspace: local.Workspace);
                r.CurrentsA.CopyTo(a, i * m);
                residuals[i] = r.RelativeResidual;
                return local;
            },
            _ => { });
        worstResidual = residuals.Max();
        return a;
    }
}
