using IMCSim.Mapping.Costs;

namespace IMCSim.Mapping.Run;

/// <summary>Chip-level totals of a simulation run: accuracies and the per-layer costs summed (layers run one after another).</summary>
public sealed record SimulationSummary(double AccuracyFloat, double AccuracyHardware, IReadOnlyList<LayerCost> Layers)
{
    public int Arrays => Layers.Sum(l => l.Arrays);

    public double AreaMm2 => Layers.Sum(l => l.AreaUm2) / 1e6;

    public double EnergyPerImageUj => Layers.Sum(l => l.EnergyPj) / 1e6;

    public double LatencyPerImageUs => Layers.Sum(l => l.LatencyNs) / 1e3;

    /// <summary>Operations per image: 2 per multiply-accumulate of the crossbar layers.</summary>
    public double OpsPerImage => 2 * Layers.Sum(l => l.MacsPerImage);

    public double Tops => LatencyPerImageUs > 0 ? OpsPerImage / (LatencyPerImageUs * 1e-6) / 1e12 : 0;

    public double TopsPerW => EnergyPerImageUj > 0 ? OpsPerImage / (EnergyPerImageUj * 1e-6) / 1e12 : 0;

    public double TopsPerMm2 => AreaMm2 > 0 ? Tops / AreaMm2 : 0;
}
