namespace IMCSim.Simulator.Technology;

/// <summary>The transistor structure of a node in NeuroSim V1.4: planar bulk at 22 nm and above, FinFET at 14-3 nm, GAA nanosheets at 2 and 1 nm.</summary>
public enum TransistorKind
{
    Planar,
    FinFet,
    Gaa,
}
