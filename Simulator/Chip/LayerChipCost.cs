namespace IMCSim.Simulator.Chip;

/// <summary>
/// One layer on the chip: its floorplan (tiles, processing elements and arrays, with weight replication), and per image its
/// read cycles, dynamic energy (pJ), latency (ns, with replication), leakage power of its hardware (uW) and area (um^2).
/// </summary>
public sealed record LayerChipCost(
    string Layer,
    string Device,
    int Tiles,
    int ProcessingElements,
    int Arrays,
    int Replication,
    double Utilisation,
    double OpsPerImage,
    double ReadCyclesPerImage,
    double ConversionsPerImage,
    double DrivenRowsPerImage,
    double EnergyPj,
    double LatencyNs,
    double LeakageUw,
    double AreaUm2);
