namespace IMCSim.Simulator.Chip;

/// <summary>
/// One line of the cost breakdown (components.csv): a component at one level of the hierarchy of one layer (or of the chip,
/// <see cref="Layer"/> "chip" for what all layers share), how many instances, their total area, the dynamic energy they spend
/// per image, the time they take per image on the layer's critical path and their leakage power. Area um^2, energy pJ,
/// latency ns, leakage uW.
/// </summary>
public sealed record ComponentCost(
    string Layer,
    string Level,
    string Component,
    ComponentCategory Category,
    long Count,
    double EnergyPj,
    double AreaUm2,
    double LatencyNs,
    double LeakageUw);
