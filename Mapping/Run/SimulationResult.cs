using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Crossbar;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping.Run;

/// <summary>What one simulation produced: float and hardware results, per-layer costs from events, the placement and diagnostics.</summary>
public sealed record SimulationResult(
    SimulationRequest Request,
    ClassificationResult Float,
    ClassificationResult Hardware,
    SimulationSummary Summary,
    NetworkPlacement Placement,
    IReadOnlyList<LayerDiagnostics> Layers,
    string KernelsName,
    int Threads,
    double FloatSeconds,
    double HardwareSeconds)
{
    /// <summary>The worst circuit-solve figures over all arrays.</summary>
    public CircuitSolveReport Solve => Layers.Aggregate(CircuitSolveReport.None, (r, l) => r.Max(l.Solve));

    public double WorstParasiticsErrorLsb => Layers.Count == 0 ? 0 : Layers.Max(l => l.Cost.ParasiticsErrorLsb);
}

/// <summary>One crossbar layer's costs, events and calibration.</summary>
public sealed record LayerDiagnostics(LayerCost Cost, ArrayEvents Events, CircuitSolveReport Solve, double InputScale, double AdcFullScaleLevels, double CalibrationMaxCurrentLevels, IReadOnlyList<double> DriftCompensation);
