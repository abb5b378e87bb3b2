namespace IMCSim.Simulator.Components;

/// <summary>
/// The column side of a multi-level sense amplifier, in NeuroSim V1.4's terms (Param.cpp / SubArray.cpp): the resistance the
/// selected cells of one column present (<paramref name="ColumnResistanceOhm"/>, +infinity = no current), the cell's on-state
/// resistance (resistanceOn) and the rows read at once (numRowParallel), which set the reference ladder, the read voltage
/// (readVoltage), the capacitance of one column (columncap), the activation energy of one reference column
/// (reference_energy_peri), how many sense amplifiers share one reference column (dumcolshared; NeuroSim sets it to the number of
/// levels 2^N, use null for that) and the area of one reference column (arrayheight x arraywidthunit). SI units.
/// </summary>
public sealed record SenseAmpColumns(
    double ColumnResistanceOhm,
    double OnResistanceOhm,
    int RowsInParallel,
    double ReadVoltageV,
    double ColumnCapacitanceF,
    double ReferenceColumnEnergyJ,
    double ReferenceColumnAreaM2,
    double? ReferenceColumnsShared = null);
