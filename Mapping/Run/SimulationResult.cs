using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Crossbar;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping.Run;

/// <summary>What one simulation produced: float and hardware results, the chip's costs from the counted events, the placement and diagnostics.</summary>
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

    public double WorstParasiticsErrorLsb => Layers.Count == 0 ? 0 : Layers.Max(l => l.ParasiticsErrorLsb);
}

/// <summary>One crossbar layer's placement, costs (null when the chip cannot be costed), counted events per run, calibration and parasitics.</summary>
public sealed record LayerDiagnostics(
    LayerPlacement Placement,
    LayerChipCost? Cost,
    ArrayEvents Events,
    double MacsPerImage,
    CircuitSolveReport Solve,
    double ParasiticsErrorLsb,
    string SliceRanges,
    double InputScale,
    double AdcFullScaleLevels,
    double CalibrationMaxCurrentLevels,
    IReadOnlyList<double> DriftCompensation,
    NeuronWorkload? Neurons = null);
