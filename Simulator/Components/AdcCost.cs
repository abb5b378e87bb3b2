namespace IMCSim.Simulator.Components;

/// <summary>
/// Cost of one ADC bank: layout area (m^2), dynamic energy of one conversion of one column (J), time of one conversion (s) and
/// static leakage power of the bank (W).
/// </summary>
public readonly record struct AdcCost(double AreaM2, double EnergyPerConversionJ, double LatencyPerConversionS, double LeakageW);
