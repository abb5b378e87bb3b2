namespace IMCSim.Simulator.Primitives;

/// <summary>The channel type of a MOS transistor (NeuroSim V1.4 constant.h: NMOS, PMOS).</summary>
public enum MosType
{
    Nmos,
    Pmos,
}
