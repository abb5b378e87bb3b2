using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Several right-hand sides at once: the Schur-complement conjugate gradients of <see cref="Solve"/> with every
/// node holding one SIMD vector (8 lanes with AVX-512, 4 with AVX2; one lane per input vector) and per-lane
/// step sizes, so the coefficient arrays are read once for all of them. Used for effective matrices.
/// Lanes never mix and a converged lane is frozen while others iterate, so an input's currents are the same
/// bits in an 8-lane, a 4-lane or a 1-lane (scalar, for machines without AVX2) block: effective matrices do
/// not depend on the CPU.
/// </summary>
public sealed partial class CrossbarSolver
{
    /// <summary>Largest number of inputs one block solve takes on this machine (8 with AVX-512, 4 with AVX2, else 1: scalar code).</summary>
    public static int MaxBlockLanes => Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 1;

    /// <summary>The block path applies: no merged (zero-resistance) wires.</summary>
    public bool BlockSupported => _mr == _m && _nc == _n;

    /// <summary>Coefficient planes of <see cref="ExportBlockCoefficients"/>, each Rows x Cols.</summary>
    internal const int BlockPlanes = 9;

    /// <summary>
    /// The block path's coefficients for a solver on another device, plane after plane (Rows x Cols each): the cell conductances,
    /// the row chains' pre-scaled recurrence factors (G/d, -off/d, -cp, 1/d) and the column chains' (diagonal, off-diagonal,
    /// cp, 1/d). Only where <see cref="BlockSupported"/>.
    /// </summary>
    internal void ExportBlockCoefficients(Span<double> destination)
    {
        int cells = _n * _m;
        if (!BlockSupported || destination.Length < BlockPlanes * cells)
        {
            throw new InvalidOperationException($"block coefficients need full wire chains and {BlockPlanes * cells} values");
        }

        double[][] planes = [_g, _rowGDen, _rowNegOffDen, _rowNegCp, _rowDen, _colDiag, _colOff, _colCp, _colDen];
        for (int plane = 0; plane < BlockPlanes; plane++)
        {
            planes[plane].AsSpan(0, cells).CopyTo(destination.Slice(plane * cells, cells));
        }
    }

    /// <summary>The block path's boundary: held row starts and column ends, and the source, wire and sink conductances (S).</summary>
    internal (bool SourceFixed, bool SinkFixed, double SourceS, double RowWireS, double ColumnWireS, double SinkS) BlockBoundary =>
        (_sourceFixed, _sinkFixed, _gs, _gwr, _gwc, _gk);

    /// <summary>Scratch for block solves of <paramref name="lanes"/> inputs (1, 4, or 8 with AVX-512; 0: <see cref="MaxBlockLanes"/>).</summary>
    public Workspace NewBlockWorkspace(int lanes = 0)
    {
        lanes = lanes == 0 ? MaxBlockLanes : lanes;
        if (!BlockSupported || !(lanes == 1 || lanes == 4 || (lanes == 8 && MaxBlockLanes == 8)))
        {
            throw new InvalidOperationException($"no {lanes}-lane block solve here (largest: {MaxBlockLanes}; merged wires have none)");
        }

        return new(this, lanes, block: true);
    }

    /// <summary>
    /// Solves for the voltage vectors <paramref name="voltages"/>[lane] (up to the workspace's lanes) and writes each
    /// lane's column currents to <paramref name="currents"/>[lane]; returns the largest relative residual |r| / |f| of
    /// the reduced (column-node) system as the iterations carry it. The column-node voltages are kept only where the
    /// currents are read, so the residual is not recomputed from them: <see cref="EffectiveMatrix"/> checks its result
    /// against a full single solve instead.
    /// </summary>
    public double SolveBlock(double[][] voltages, double[][] currents, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        Workspace w = workspace ?? NewBlockWorkspace();
        if (!w.Block)
        {
            throw new ArgumentException("SolveBlock needs a workspace from NewBlockWorkspace()");
        }

        if (voltages.Length == 0 || voltages.Length > w.Lanes || voltages.Any(v => v.Length != _n) || currents.Length < voltages.Length || currents.Any(i => i.Length != _m))
        {
            throw new ArgumentException($"1 to {w.Lanes} voltage vectors of {_n} rows and as many current vectors of {_m} columns");
        }

        return w.Lanes switch
        {
            8 => SolveLanes<Vector512<double>, Avx512Lanes>(voltages, currents, tolerance, maxIterations, w),
            4 => SolveLanes<Vector256<double>, Avx256Lanes>(voltages, currents, tolerance, maxIterations, w),
            _ => SolveLanes<double, ScalarLanes>(voltages, currents, tolerance, maxIterations, w),
        };
    }

    private double SolveLanes<TV, TL>(double[][] voltages, double[][] currents, double tolerance, int maxIterations, Workspace w)
        where TV : struct
        where TL : ISolverLanes<TV>
    {
        SchurConjugateGradients<TV, TL>(voltages, tolerance, maxIterations, w, out _, out TV residual);

        // Column currents: through the sink, or (sink held at ground) through the last wire segment and the last array row's cells.
        double[] c = w.C, u = w.Rows[0].U;
        int last = _n - 1, s = last * _m, width = TL.Width;
        if (_sinkFixed)
        {
            RowVoltages<TV, TL>(voltages, last, c, w.Rows[0]);
        }

        double worst = 0;
        for (int lane = 0; lane < voltages.Length; lane++)
        {
            worst = Math.Max(worst, TL.Lane(residual, lane));
            double[] current = currents[lane];
            for (int j = 0; j < _m; j++)
            {
                int end = s + j;
                if (!_sinkFixed)
                {
                    current[j] = _gk * c[(end * width) + lane];
                    continue;
                }

                double rowVoltage = _sourceFixed && j == 0 ? voltages[lane][last] : u[(j * width) + lane];
                current[j] = (_n > 1 ? _gwc * c[((end - _m) * width) + lane] : 0) + (_g[end] * rowVoltage);
            }
        }

        return worst;
    }
}
