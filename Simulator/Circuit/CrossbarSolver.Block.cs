using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Eight right-hand sides at once: the Schur-complement conjugate gradients of <see cref="Solve"/> with every
/// node holding one AVX-512 vector of 8 lanes (one lane per input vector) and per-lane step sizes, so the
/// coefficient arrays are read once for all 8 solves. Used for effective matrices.
/// </summary>
public sealed partial class CrossbarSolver
{
    public const int BlockLanes = 8;

    /// <summary>The block path applies: AVX-512 present and no merged (zero-resistance) wires.</summary>
    public bool BlockSupported => Vector512.IsHardwareAccelerated && _mr == _m && _nc == _n;

    public Workspace NewBlockWorkspace() => new(_rowNodes, _colNodes, _m, BlockLanes);

    /// <summary>
    /// Solves for the voltage vectors <paramref name="voltages"/>[lane] (up to 8) and writes each lane's column
    /// currents to <paramref name="currents"/>[lane]; returns the largest relative residual |f - S c| / |f| of
    /// the reduced (column-node) system.
    /// </summary>
    public double SolveBlock(double[][] voltages, double[][] currents, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        if (!BlockSupported)
        {
            throw new InvalidOperationException("the block solve needs AVX-512 and non-zero wire resistances");
        }

        if (voltages.Length is 0 or > BlockLanes || voltages.Any(v => v.Length != _n) || currents.Length < voltages.Length || currents.Any(i => i.Length != _m))
        {
            throw new ArgumentException($"1 to {BlockLanes} voltage vectors of {_n} rows and as many current vectors of {_m} columns");
        }

        Workspace w = workspace ?? NewBlockWorkspace();
        if (w.Lanes != BlockLanes)
        {
            throw new ArgumentException("SolveBlock needs a workspace from NewBlockWorkspace()");
        }

        SchurConjugateGradients<Vector512<double>, Avx512Lanes>(voltages, tolerance, maxIterations, w, out Vector512<double> fNorm);
        Vector512<double> residual = ReducedResidual<Vector512<double>, Avx512Lanes>(voltages, fNorm, w);

        // Column currents: through the sink, or (sink held at ground) through the last wire segment and the last array row's cells.
        double[] c = w.C, u = w.RowA;
        int last = _n - 1, s = last * _m;
        if (_sinkFixed)
        {
            RowVoltages<Vector512<double>, Avx512Lanes>(voltages, last, c, w.RowRhs, u);
        }

        double worst = 0;
        for (int lane = 0; lane < voltages.Length; lane++)
        {
            worst = Math.Max(worst, residual[lane]);
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

        return worst;
    }
}
