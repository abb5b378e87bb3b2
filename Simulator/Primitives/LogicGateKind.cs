namespace IMCSim.Simulator.Primitives;

/// <summary>The static CMOS gates NeuroSim V1.4 lays out and costs (constant.h: INV, NOR, NAND).</summary>
public enum LogicGateKind
{
    /// <summary>One NMOS pull-down, one PMOS pull-up.</summary>
    Inverter,

    /// <summary>NMOS in series, PMOS in parallel.</summary>
    Nand,

    /// <summary>NMOS in parallel, PMOS in series.</summary>
    Nor,
}
