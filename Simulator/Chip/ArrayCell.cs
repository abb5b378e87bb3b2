namespace IMCSim.Simulator.Chip;

/// <summary>
/// The memory cell as the cost model sees it, from the device card: footprint in F (cell height x width), the on and off
/// resistance of one cell (<see cref="double.PositiveInfinity"/> off for SRAM, which conducts nothing when storing 0), the
/// access transistor's resistance (0 when the card has none), the read voltage and pulse, whether it is an SRAM cell (CMOS,
/// written by write drivers, no program-and-verify), the one-time programming energy and time per cell, and the write voltage
/// (0 = not given; above 1.5 V the drivers need level shifters). SI units.
/// </summary>
public sealed record ArrayCell(
    string Name,
    double HeightF,
    double WidthF,
    double OnResistanceOhm,
    double OffResistanceOhm,
    double AccessResistanceOhm,
    double ReadVoltageV,
    double ReadPulseS,
    bool IsSram,
    double ProgramEnergyPerCellJ,
    double ProgramLatencyPerRowS,
    double WriteVoltageV = 0)
{
    /// <summary>Mean conductance of a cell storing a random bit (half on, half off), S.</summary>
    public double MeanConductanceS => 0.5 * ((1 / (OnResistanceOhm + AccessResistanceOhm)) + (double.IsPositiveInfinity(OffResistanceOhm) ? 0 : 1 / (OffResistanceOhm + AccessResistanceOhm)));
}
