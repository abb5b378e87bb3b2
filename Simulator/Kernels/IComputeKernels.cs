namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The compute kernels every hot loop of IMCSim goes through: flat buffers in, flat buffers out,
/// parameters as unmanaged structs. Implementations: <see cref="ReferenceKernels"/> (plain scalar
/// code, the correctness oracle) and <see cref="CpuKernels"/> (SIMD + threads). A GPU backend
/// implements the same interface; callers do not change.
/// Every implementation must give results that do not depend on the number of threads.
/// </summary>
public interface IComputeKernels
{
    /// <summary>Short name for reports, e.g. "cpu-avx512 x2".</summary>
    string Name { get; }

    /// <summary>C = op(A) op(B), or C += op(A) op(B) when <see cref="GemmArgs.Accumulate"/>; see <see cref="GemmArgs"/>.</summary>
    void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c);

    /// <summary>
    /// 2-D convolution y[n, m] = bias[m] + sum_{c in group(m), ki, kj} w[m, c, ki, kj] x[n, c, iy, ix]
    /// (see <see cref="Conv2dArgs"/> for the index map); an empty <paramref name="bias"/> means no bias.
    /// </summary>
    void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

    /// <summary>
    /// One input phase of a bit-serial crossbar read of a mapped layer (see <see cref="CrossbarReadArgs"/>):
    /// <paramref name="inputs"/> [rows x K] quantised inputs (integers as floats, or analog values);
    /// <paramref name="conductance"/> and <paramref name="variance"/> (empty: no read noise) [K x Width]
    /// planes in level units; <paramref name="rowConductanceUs"/> [K x column groups] each array row's
    /// total conductance for the cell energy (empty: not counted); <paramref name="columnWeights"/>
    /// [tiles x cycles x Width] shift-and-add weights; <paramref name="output"/> [rows x N] receives the
    /// shift-and-add result. Events are added to <paramref name="cellEnergyFj"/> [tiles x column groups]
    /// (sum over reads of digit^2 x row conductance x V^2 t / full digit^2) and
    /// <paramref name="drivenRows"/> [tiles] (non-zero digits); in calibration mode |current| goes to
    /// <paramref name="histogram"/> (<see cref="Crossbar.CurrentHistogram"/>) and its maximum to
    /// <paramref name="maxCurrent"/>[0]. Every sum that feeds a result is taken in a fixed order, so
    /// results do not depend on the number of threads.
    /// </summary>
    void CrossbarRead(
        in CrossbarReadArgs args,
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> conductance,
        ReadOnlySpan<float> variance,
        ReadOnlySpan<float> rowConductanceUs,
        ReadOnlySpan<float> columnWeights,
        Span<float> output,
        Span<double> cellEnergyFj,
        Span<long> drivenRows,
        Span<long> histogram,
        Span<float> maxCurrent);
}
