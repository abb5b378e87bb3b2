namespace IMCSim.Mapping.Costs;

/// <summary>
/// Costs of one mapped layer per image, from event counts x per-event costs. Energies in pJ, areas
/// in um^2, latency in ns (the layer's arrays work in parallel; reads are sequential).
/// </summary>
public sealed record LayerCost(
    string Layer,
    string Device,
    int Arrays,
    double Utilisation,
    long Adcs,
    double MacsPerImage,
    double ReadsPerImage,
    double ConversionsPerImage,
    double DrivenRowsPerImage,
    double CellEnergyPj,
    double AdcEnergyPj,
    double MuxEnergyPj,
    double ShiftAddEnergyPj,
    double RowDriverEnergyPj,
    double LatencyNs,
    double CellAreaUm2,
    double PeripheralAreaUm2,
    double ProgramEnergyPj,
    double ParasiticsErrorLsb,
    double AdcFullScaleLevels,
    string SliceRanges)
{
    public double EnergyPj => CellEnergyPj + AdcEnergyPj + MuxEnergyPj + ShiftAddEnergyPj + RowDriverEnergyPj;

    public double AreaUm2 => CellAreaUm2 + PeripheralAreaUm2;
}
