namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Computes the effective matrices (<see cref="EffectiveMatrix"/>) of many programmed arrays at once: where the mapped layers
/// send their circuit solves. <see cref="CpuEffectiveMatrixSolver"/> is the default; a GPU backend solves every array's unit
/// inputs in one launch. Every implementation checks each matrix against a full single solve (<see cref="EffectiveMatrix.Checked"/>)
/// and must be safe to call from several threads at once.
/// </summary>
public interface IEffectiveMatrixSolver
{
    /// <summary>One result per circuit, in order; each solve run to a relative residual of <paramref name="tolerance"/> or at most <paramref name="maxIterations"/> iterations.</summary>
    IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations);
}

/// <summary>The CPU's block solves (<see cref="EffectiveMatrix.Compute(CrossbarCircuit, int, double, int)"/>), circuit by circuit.</summary>
public sealed class CpuEffectiveMatrixSolver(int threads) : IEffectiveMatrixSolver
{
    public IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations) =>
        [.. circuits.Select(c => EffectiveMatrix.Compute(c, threads, tolerance, maxIterations))];
}
