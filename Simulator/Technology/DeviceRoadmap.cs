namespace IMCSim.Simulator.Technology;

/// <summary>
/// The transistor flavour of a node, as NeuroSim V1.4 chooses it (Param.cpp deviceroadmap; Technology::Initialize branches).
/// </summary>
public enum DeviceRoadmap
{
    /// <summary>High performance ("HP"): PTM high-performance model cards; 130-22 nm only (NeuroSim has no HP data below 22 nm).</summary>
    HighPerformance,

    /// <summary>
    /// Low standby power ("LSTP", NeuroSim's default): PTM low-power model cards at 130-22 nm, IRDS 2016-2022 device
    /// specifications at 14-1 nm.
    /// </summary>
    LowStandbyPower,
}
