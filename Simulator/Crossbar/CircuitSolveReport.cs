namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// The outcome of an array's circuit solves: the largest relative residual, the largest relative
/// disagreement of its effective matrix with a direct full solve, and (fast mode) the sampled error
/// against the exact solve in level units of the layer's finest slice.
/// </summary>
public readonly record struct CircuitSolveReport(double WorstResidual, double CheckDeviation, double FastErrorLevels)
{
    public static CircuitSolveReport None => default;

    public CircuitSolveReport Max(CircuitSolveReport other) =>
        new(Math.Max(WorstResidual, other.WorstResidual), Math.Max(CheckDeviation, other.CheckDeviation), Math.Max(FastErrorLevels, other.FastErrorLevels));
}
