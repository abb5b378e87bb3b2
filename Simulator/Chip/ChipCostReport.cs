namespace IMCSim.Simulator.Chip;

/// <summary>
/// What the cost model found for one chip and workload: every component (<see cref="Components"/>; their energies add up to the
/// dynamic energy, their areas to the area before whitespace), every layer, and the chip's metrics. Latency per image is the
/// slowest layer's when pipelined, else the layers' sum; leakage energy = leakage power x latency per image; TOPS counts
/// NeuroSim's operations (2 x MACs over each layer's input size) per latency; TOPS/W the same operations per energy.
/// Units in the names.
/// </summary>
public sealed record ChipCostReport(
    IReadOnlyList<ComponentCost> Components,
    IReadOnlyList<LayerChipCost> Layers,
    double ClockPeriodNs,
    double AreaUm2,
    double WhitespaceUm2,
    double DynamicEnergyPj,
    double LeakagePowerUw,
    double LatencyPerImageNs,
    double OpsPerImage,
    double ProgramEnergyPj,
    double ProgramTimeNs,
    double TopsPerWattDivisor = 1,
    long MembraneMemoryBits = 0)
{
    /// <summary>The categories that carry energy (every one but whitespace).</summary>
    public static IReadOnlyList<ComponentCategory> EnergyCategories { get; } = [.. Enum.GetValues<ComponentCategory>().Where(c => c != ComponentCategory.Whitespace)];

    /// <summary>The categories that carry area (every one but leakage).</summary>
    public static IReadOnlyList<ComponentCategory> AreaCategories { get; } = [.. Enum.GetValues<ComponentCategory>().Where(c => c != ComponentCategory.Leakage)];

    public double AreaMm2 => AreaUm2 * 1e-6;

    public double LeakageEnergyPj => LeakagePowerUw * 1e-6 * LatencyPerImageNs * 1e-9 * 1e12;

    /// <summary>Energy per image, dynamic + leakage, uJ.</summary>
    public double EnergyPerImageUj => (DynamicEnergyPj + LeakageEnergyPj) * 1e-6;

    public double LatencyPerImageUs => LatencyPerImageNs * 1e-3;

    public double Fps => LatencyPerImageNs > 0 ? 1e9 / LatencyPerImageNs : 0;

    public double Tops => LatencyPerImageNs > 0 ? OpsPerImage / (LatencyPerImageNs * 1e-9) * 1e-12 : 0;

    /// <summary>Operations per joule / 1e12, divided by NeuroSim's post-layout ζ when those factors are on.</summary>
    public double TopsPerW => EnergyPerImageUj > 0 ? OpsPerImage / (EnergyPerImageUj * 1e-6) * 1e-12 / TopsPerWattDivisor : 0;

    public double TopsPerMm2 => AreaMm2 > 0 ? Tops / AreaMm2 : 0;

    /// <summary>Energy-delay product per image, uJ x us.</summary>
    public double EdpUjUs => EnergyPerImageUj * LatencyPerImageUs;

    /// <summary>Dynamic energy of one category, pJ per image.</summary>
    public double EnergyPj(ComponentCategory category) => Components.Where(c => c.Category == category).Sum(c => c.EnergyPj);

    /// <summary>Area of one category, um^2.</summary>
    public double AreaUm2Of(ComponentCategory category) => Components.Where(c => c.Category == category).Sum(c => c.AreaUm2);
}
