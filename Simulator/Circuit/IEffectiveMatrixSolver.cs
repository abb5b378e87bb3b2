namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Computes the effective matrices (<see cref="EffectiveMatrix"/>) of many programmed arrays at once: where the mapped layers
/// send their circuit solves. <see cref="CpuEffectiveMatrixSolver"/> is the default; a GPU backend solves every array's unit
/// inputs in one launch. Every implementation checks each matrix against a full single solve (<see cref="EffectiveMatrix.Checked"/>)
/// and must be safe to call from several threads at once.
/// </summary>
public interface IEffectiveMatrixSolver
{
    /// <summary>
    /// Names the arithmetic: two solvers with the same value give the same bits for every circuit (what a programming cache shared by
    /// networks on different backends keys on).
    /// </summary>
    string Numerics { get; }

    /// <summary>One result per circuit, in order; each solve run to a relative residual of <paramref name="tolerance"/> or at most <paramref name="maxIterations"/> iterations.</summary>
    IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations);
}

/// <summary>
/// The CPU's block solves (<see cref="EffectiveMatrix.Compute(CrossbarCircuit, int, double, int)"/>): with at least as many circuits
/// as threads, circuits in parallel (one thread each), else one after another with all threads each. The results do not depend on it.
/// </summary>
public sealed class CpuEffectiveMatrixSolver(int threads) : IEffectiveMatrixSolver
{
    private readonly int _threads = threads <= 0 ? Environment.ProcessorCount : threads;

    /// <summary>The CPU block solve's arithmetic (the same on every CPU and thread count).</summary>
    public const string BlockNumerics = "cpu block solve";

    public string Numerics => BlockNumerics;

    public IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(circuits);
        var results = new EffectiveMatrix.Result[circuits.Count];
        if (circuits.Count >= _threads && _threads > 1)
        {
            Parallel.For(0, circuits.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c => results[c] = EffectiveMatrix.Compute(circuits[c], 1, tolerance, maxIterations));
        }
        else
        {
            for (int c = 0; c < circuits.Count; c++)
            {
                results[c] = EffectiveMatrix.Compute(circuits[c], _threads, tolerance, maxIterations);
            }
        }

        return results;
    }
}
