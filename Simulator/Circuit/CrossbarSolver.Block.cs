using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Eight right-hand sides at once: the same Schur-complement conjugate gradients as <see cref="Solve"/>,
/// with every node holding one AVX-512 vector of 8 lanes (one lane per input vector) and per-lane
/// step sizes. The coefficient arrays are read once for all 8 solves. Used for effective matrices.
/// </summary>
public sealed partial class CrossbarSolver
{
    public const int BlockLanes = 8;

    /// <summary>The block path applies: AVX-512 present and no merged (zero-resistance) wires.</summary>
    public bool BlockSupported => Vector512.IsHardwareAccelerated && _mr == _m && _nc == _n;

    /// <summary>
    /// Solves for the voltage vectors <paramref name="voltages"/>[lane] (up to 8) and writes each lane's column
    /// currents to <paramref name="currents"/>[lane]; returns the largest relative residual of the reduced system.
    /// </summary>
    public double SolveBlock(double[][] voltages, double[][] currents, double tolerance = 1e-13, int maxIterations = 2000, Workspace? workspace = null)
    {
        const int L = BlockLanes;
        int lanes = voltages.Length;
        int nr = _rowNodes, nc = _colNodes;
        Workspace w = workspace ?? NewBlockWorkspace();
        if (w.Lanes != L)
        {
            throw new ArgumentException("SolveBlock needs a workspace from NewBlockWorkspace()");
        }

        double[] br = w.Br, f = w.F, u = w.U, t = w.T, c = w.C, r = w.R, z = w.Z, p = w.P, q = w.Q;
        Array.Clear(br);
        Array.Clear(f);
        Array.Clear(c);
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int i = 0; i < _n; i++)
            {
                double vi = voltages[lane][i];
                int start = i * _m;
                if (!_sourceFixed)
                {
                    br[(start * L) + lane] += _gs * vi;
                }
                else
                {
                    if (_m > 1 && !_fixed[start + 1])
                    {
                        br[((start + 1) * L) + lane] += _gwr * vi;
                    }

                    int cn = ColNode(i, 0) - _rowNodes;
                    if (!_fixed[_rowNodes + cn])
                    {
                        f[(cn * L) + lane] += _g[i * _m] * vi;
                    }
                }
            }
        }

        SolveRowsBlock(br, u);
        CoupleBlock(u, f, sign: 1);
        ZeroFixedColumnsBlock(f);
        Vector512<double> fNorm = Vector512.Sqrt(DotBlock(f, f));

        f.CopyTo(r, 0);
        SolveColumnsBlock(r, z);
        Vector512<double> rz = DotBlock(r, z);
        z.CopyTo(p, 0);
        Vector512<double> rr = DotBlock(r, r);
        var tol = fNorm * Vector512.Create(tolerance);
        for (int it = 0; it < maxIterations; it++)
        {
            Vector512<double> active = Vector512.GreaterThan(Vector512.Sqrt(rr), tol);
            if (active == Vector512<double>.Zero)
            {
                break;
            }

            // q = S p with p.q accumulated in the same pass.
            RowSolveOfCoupledBlock(p, u);
            Vector512<double> pq = SchurColumnsDotBlock(p, u, q);
            Vector512<double> alpha = Vector512.ConditionalSelect(active, rz / pq, Vector512<double>.Zero);
            rr = UpdateBlock(alpha, p, q, c, r);
            SolveColumnsBlock(r, z);
            Vector512<double> rzNext = DotBlock(r, z);
            Vector512<double> beta = Vector512.ConditionalSelect(active, rzNext / rz, Vector512<double>.Zero);
            rz = Vector512.ConditionalSelect(active, rzNext, rz);
            XpbyBlock(z, beta, p, active);
        }

        // True residual of the reduced system, per lane.
        SchurBlock(c, q, t, u);
        for (int k = 0; k < q.Length; k++)
        {
            q[k] = f[k] - q[k];
        }

        Vector512<double> residual = Vector512.Sqrt(DotBlock(q, q)) / Vector512.Max(fNorm, Vector512.Create(1e-300));

        // Row nodes from the column nodes, then the currents.
        Array.Clear(t);
        CoupleBlock(c, t, sign: 1);
        for (int k = 0; k < t.Length; k++)
        {
            t[k] += br[k];
        }

        ZeroFixedRowsBlock(t);
        SolveRowsBlock(t, u);
        double worst = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            worst = Math.Max(worst, residual[lane]);
            double[] current = currents[lane];
            for (int j = 0; j < _m; j++)
            {
                int end = ((_nc - 1) * _m) + j;
                if (!_sinkFixed)
                {
                    current[j] = _gk * c[(end * L) + lane];
                    continue;
                }

                int i = _n - 1;
                int rn = RowNode(i, j);
                double rowVoltage = _fixed[rn] ? voltages[lane][i] : u[(rn * L) + lane];
                current[j] = (_nc > 1 ? _gwc * c[((end - _m) * L) + lane] : 0) + (_g[(i * _m) + j] * rowVoltage);
            }
        }

        return worst;
    }

    /// <summary>
    /// u = A_r^-1 (B p): the row chains solved with their right-hand side G p formed on the fly (0 at a held
    /// row start). Two rows at a time, so the two recurrences' latencies overlap.
    /// </summary>
    private void RowSolveOfCoupledBlock(double[] p, double[] u)
    {
        int i = 0;
        for (; i + 1 < _n; i += 2)
        {
            int a = i * _mr, b = a + _mr;
            Vector512<double> fa = _sourceFixed ? Vector512<double>.Zero : Vector512.Create(_g[a]) * Load(p, a);
            Vector512<double> fb = _sourceFixed ? Vector512<double>.Zero : Vector512.Create(_g[b]) * Load(p, b);
            Vector512<double> pa = fa * Vector512.Create(_rowDen[a]);
            Vector512<double> pb = fb * Vector512.Create(_rowDen[b]);
            Store(pa, u, a);
            Store(pb, u, b);
            for (int k = 1; k < _mr; k++)
            {
                pa = ((Vector512.Create(_g[a + k]) * Load(p, a + k)) - (Vector512.Create(_rowOff[a + k - 1]) * pa)) * Vector512.Create(_rowDen[a + k]);
                pb = ((Vector512.Create(_g[b + k]) * Load(p, b + k)) - (Vector512.Create(_rowOff[b + k - 1]) * pb)) * Vector512.Create(_rowDen[b + k]);
                Store(pa, u, a + k);
                Store(pb, u, b + k);
            }

            for (int k = _mr - 2; k >= 0; k--)
            {
                pa = Load(u, a + k) - (Vector512.Create(_rowCp[a + k]) * pa);
                pb = Load(u, b + k) - (Vector512.Create(_rowCp[b + k]) * pb);
                Store(pa, u, a + k);
                Store(pb, u, b + k);
            }
        }

        for (; i < _n; i++)
        {
            int s = i * _mr;
            Vector512<double> prev = (_sourceFixed ? Vector512<double>.Zero : Vector512.Create(_g[s]) * Load(p, s)) * Vector512.Create(_rowDen[s]);
            Store(prev, u, s);
            for (int k = s + 1; k < s + _mr; k++)
            {
                prev = ((Vector512.Create(_g[k]) * Load(p, k)) - (Vector512.Create(_rowOff[k - 1]) * prev)) * Vector512.Create(_rowDen[k]);
                Store(prev, u, k);
            }

            for (int k = s + _mr - 2; k >= s; k--)
            {
                prev = Load(u, k) - (Vector512.Create(_rowCp[k]) * prev);
                Store(prev, u, k);
            }
        }
    }

    /// <summary>q = A_c p - B^T u (0 on held column ends); returns p.q per lane.</summary>
    private Vector512<double> SchurColumnsDotBlock(double[] p, double[] u, double[] q)
    {
        Vector512<double> dot = Vector512<double>.Zero;
        for (int ic = 0; ic < _nc; ic++)
        {
            bool held = _sinkFixed && ic == _nc - 1;
            for (int j = 0; j < _m; j++)
            {
                int k = (ic * _m) + j;
                if (held)
                {
                    Store(Vector512<double>.Zero, q, k);
                    continue;
                }

                Vector512<double> pk = Load(p, k);
                Vector512<double> s = Vector512.Create(_colDiag[k]) * pk;
                if (ic > 0)
                {
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k - _m]), Load(p, k - _m), s);
                }

                if (ic < _nc - 1)
                {
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k]), Load(p, k + _m), s);
                }

                s = Vector512.FusedMultiplyAdd(Vector512.Create(-_g[k]), Load(u, k), s);
                Store(s, q, k);
                dot = Vector512.FusedMultiplyAdd(pk, s, dot);
            }
        }

        return dot;
    }

    /// <summary>c += alpha p; r -= alpha q; returns r.r per lane.</summary>
    private static Vector512<double> UpdateBlock(Vector512<double> alpha, double[] p, double[] q, double[] c, double[] r)
    {
        Vector512<double> rr = Vector512<double>.Zero;
        for (int k = 0; k < c.Length; k += BlockLanes)
        {
            Vector512.FusedMultiplyAdd(alpha, Vector512.LoadUnsafe(ref p[k]), Vector512.LoadUnsafe(ref c[k])).StoreUnsafe(ref c[k]);
            Vector512<double> rk = Vector512.FusedMultiplyAdd(-alpha, Vector512.LoadUnsafe(ref q[k]), Vector512.LoadUnsafe(ref r[k]));
            rk.StoreUnsafe(ref r[k]);
            rr = Vector512.FusedMultiplyAdd(rk, rk, rr);
        }

        return rr;
    }

    public Workspace NewBlockWorkspace() => new(_rowNodes, _colNodes, BlockLanes);

    private void SchurBlock(double[] p, double[] w, double[] t, double[] u)
    {
        Array.Clear(t);
        CoupleBlock(p, t, sign: 1);
        ZeroFixedRowsBlock(t);
        SolveRowsBlock(t, u);
        ColumnChainsBlock(p, w);
        CoupleBlock(u, w, sign: -1);
        ZeroFixedColumnsBlock(w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(double[] a, int node) => Vector512.LoadUnsafe(ref a[node * BlockLanes]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<double> v, double[] a, int node) => v.StoreUnsafe(ref a[node * BlockLanes]);

    /// <summary>Cell (i, j) couples row node (i, j) and column node (i, j) (same index): target += sign G source, either direction.</summary>
    private void CoupleBlock(double[] source, double[] target, double sign)
    {
        for (int k = 0; k < _g.Length; k++)
        {
            Vector512<double> g = Vector512.Create(sign * _g[k]);
            Store(Vector512.FusedMultiplyAdd(g, Load(source, k), Load(target, k)), target, k);
        }
    }

    private void SolveRowsBlock(double[] r, double[] z)
    {
        for (int i = 0; i < _n; i++)
        {
            int s = i * _mr;
            Vector512<double> prev = Load(r, s) * Vector512.Create(_rowDen[s]);
            Store(prev, z, s);
            for (int k = s + 1; k < s + _mr; k++)
            {
                prev = (Load(r, k) - (Vector512.Create(_rowOff[k - 1]) * prev)) * Vector512.Create(_rowDen[k]);
                Store(prev, z, k);
            }

            for (int k = s + _mr - 2; k >= s; k--)
            {
                prev = Load(z, k) - (Vector512.Create(_rowCp[k]) * prev);
                Store(prev, z, k);
            }
        }
    }

    private void SolveColumnsBlock(double[] r, double[] z)
    {
        for (int j = 0; j < _m; j++)
        {
            Store(Load(r, j) * Vector512.Create(_colDen[j]), z, j);
        }

        for (int ic = 1; ic < _nc; ic++)
        {
            int row = ic * _m, prev = (ic - 1) * _m;
            for (int j = 0; j < _m; j++)
            {
                Store((Load(r, row + j) - (Vector512.Create(_colOff[prev + j]) * Load(z, prev + j))) * Vector512.Create(_colDen[row + j]), z, row + j);
            }
        }

        for (int ic = _nc - 2; ic >= 0; ic--)
        {
            int row = ic * _m, next = (ic + 1) * _m;
            for (int j = 0; j < _m; j++)
            {
                Store(Load(z, row + j) - (Vector512.Create(_colCp[row + j]) * Load(z, next + j)), z, row + j);
            }
        }

        ZeroFixedColumnsBlock(z);
    }

    private void ColumnChainsBlock(double[] p, double[] w)
    {
        for (int ic = 0; ic < _nc; ic++)
        {
            for (int j = 0; j < _m; j++)
            {
                int k = (ic * _m) + j;
                Vector512<double> s = Vector512.Create(_colDiag[k]) * Load(p, k);
                if (ic > 0)
                {
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k - _m]), Load(p, k - _m), s);
                }

                if (ic < _nc - 1)
                {
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(_colOff[k]), Load(p, k + _m), s);
                }

                Store(s, w, k);
            }
        }
    }

    private void ZeroFixedRowsBlock(double[] t)
    {
        if (_sourceFixed)
        {
            for (int i = 0; i < _n; i++)
            {
                Store(Vector512<double>.Zero, t, i * _mr);
            }
        }
    }

    private void ZeroFixedColumnsBlock(double[] w)
    {
        if (_sinkFixed)
        {
            for (int j = 0; j < _m; j++)
            {
                Store(Vector512<double>.Zero, w, ((_nc - 1) * _m) + j);
            }
        }
    }

    private static Vector512<double> DotBlock(double[] a, double[] b)
    {
        Vector512<double> s = Vector512<double>.Zero;
        for (int k = 0; k < a.Length; k += BlockLanes)
        {
            s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a[k]), Vector512.LoadUnsafe(ref b[k]), s);
        }

        return s;
    }

    /// <summary>p = z + beta p on active lanes.</summary>
    private static void XpbyBlock(double[] z, Vector512<double> beta, double[] p, Vector512<double> active)
    {
        for (int k = 0; k < p.Length; k += BlockLanes)
        {
            Vector512<double> old = Vector512.LoadUnsafe(ref p[k]);
            Vector512.ConditionalSelect(active, Vector512.FusedMultiplyAdd(beta, old, Vector512.LoadUnsafe(ref z[k])), old).StoreUnsafe(ref p[k]);
        }
    }
}
