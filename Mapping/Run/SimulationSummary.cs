using IMCSim.Simulator.Chip;

namespace IMCSim.Mapping.Run;

/// <summary>
/// Chip-level results of a simulation run: accuracies, arrays placed, and the circuit-level cost model's report on the same
/// placement with the activity the run counted (<see cref="Cost"/>; null with the reason in <see cref="CostNote"/> when the
/// configuration has no cost model, e.g. an unlimited ADC). Metrics are NaN without a cost report.
/// </summary>
/// <param name="Spiking">A spiking network's timesteps and spikes; null for a DNN.</param>
public sealed record SimulationSummary(double AccuracyFloat, double AccuracyHardware, int Arrays, ChipCostReport? Cost, string CostNote, SpikingSummary? Spiking = null)
{
    public double AreaMm2 => Cost?.AreaMm2 ?? double.NaN;

    public double EnergyPerImageUj => Cost?.EnergyPerImageUj ?? double.NaN;

    public double LatencyPerImageUs => Cost?.LatencyPerImageUs ?? double.NaN;

    public double Tops => Cost?.Tops ?? double.NaN;

    public double TopsPerW => Cost?.TopsPerW ?? double.NaN;

    public double TopsPerMm2 => Cost?.TopsPerMm2 ?? double.NaN;

    /// <summary>Energy-delay product per image, uJ x us.</summary>
    public double EdpUjUs => Cost?.EdpUjUs ?? double.NaN;

    /// <summary>Energy-delay product of running <paramref name="images"/> images one after another: (energy x images) x (latency x images), J x s.</summary>
    public double DatasetEdpJs(int images) => EnergyPerImageUj * 1e-6 * images * LatencyPerImageUs * 1e-6 * images;

    /// <summary>Energy per image of a spiking network's neuron units, membrane memory and exit unit, uJ (NaN without a cost report).</summary>
    public double NeuronEnergyPerImageUj => Cost is { } c ? c.EnergyPj(ComponentCategory.Neuron) * 1e-6 : double.NaN;

    /// <summary>Bits of membrane memory on the chip (NaN without a cost report, 0 for a DNN).</summary>
    public double MembraneMemoryBits => Cost is { } c ? c.MembraneMemoryBits : double.NaN;
}

/// <summary>
/// A spiking run: its most timesteps per image, the average an image used (fewer with dynamic exit) and how many images exited at each
/// timestep (index 0 = timestep 1), spikes per image over every neuron layer, and the fraction of neuron updates without a spike; and
/// NeuroBench-style figures: synaptic operations per image, dense (every input of every layer active on every timestep used:
/// multiply-accumulates) and effective (a spike-fed layer's driven rows times the outputs of their arrays: accumulates; a layer fed the
/// analog image counts its MACs), and the model's footprint (synaptic weights at their stored precision, bytes).
/// </summary>
public sealed record SpikingSummary(int Timesteps, double AverageTimesteps, IReadOnlyList<int> ExitHistogram, double SpikesPerImage, double Sparsity,
    double SynOpsDensePerImage = double.NaN, double SynOpsEffectivePerImage = double.NaN, double FootprintBytes = double.NaN, IReadOnlyList<LayerSynOps>? Layers = null);

/// <summary>One crossbar layer's NeuroBench-style figures in a spiking run: synaptic operations per image (dense and effective, as <see cref="SpikingSummary"/>) and its weights' footprint in bytes.</summary>
public sealed record LayerSynOps(string Layer, double SynOpsDensePerImage, double SynOpsEffectivePerImage, double FootprintBytes);
