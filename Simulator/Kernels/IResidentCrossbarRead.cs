namespace IMCSim.Simulator.Kernels;

/// <summary>
/// A backend that keeps a crossbar's planes on its device between reads (a GPU): the same read as
/// <see cref="IComputeKernels.CrossbarRead"/>, with the planes passed as arrays it may cache by identity. The caller promises that an
/// array passed here never changes afterwards (programmed planes and shift-and-add weights are built once and then only read).
/// </summary>
public interface IResidentCrossbarRead
{
    void CrossbarRead(
        in CrossbarReadArgs args,
        ReadOnlySpan<float> inputs,
        float[] conductance,
        float[]? variance,
        float[]? rowConductanceUs,
        float[] columnWeights,
        Span<float> output,
        Span<double> cellEnergyFj,
        Span<long> drivenRows,
        Span<long> histogram,
        Span<float> maxCurrent);
}
