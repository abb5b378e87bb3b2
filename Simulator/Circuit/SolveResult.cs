namespace IMCSim.Simulator.Circuit;

/// <summary>Column currents of one solve (amperes), the relative residual ||b - K x|| / ||b|| of the full nodal system, and the iterations used.</summary>
public sealed record SolveResult(double[] CurrentsA, double RelativeResidual, int Iterations);
