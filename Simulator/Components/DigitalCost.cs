namespace IMCSim.Simulator.Components;

/// <summary>
/// Cost of one bank of digital units: layout area (m^2), dynamic energy of one operation of the whole bank (J), time of one
/// operation (s) and static leakage power of the bank (W).
/// </summary>
public readonly record struct DigitalCost(double AreaM2, double EnergyPerOperationJ, double LatencyS, double LeakageW);
