using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Gate capacitance, after NeuroSim V1.4 formula.cpp CalculateGateCap: C_g = (C_ideal + C_overlap + C_fringe) per width x the
/// electrical width + physical gate length x poly wire capacitance per length (0 in NeuroSim's data), in F. The electrical width is
/// the drawn width at planar nodes and whole fins (or nanosheet stacks), ceil(W / 2F), times the width of one below 22 nm
/// (<see cref="TechnologyNode.ElectricalWidthM"/>): linear in W at planar nodes, a staircase below 22 nm.
/// </summary>
public static class GateCapacitance
{
    /// <summary>Gate capacitance of one transistor of drawn width <paramref name="widthM"/> (m; 0 gives 0), F.</summary>
    public static double TransistorF(TechnologyNode tech, double widthM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        if (Check.NonNegative(widthM) == 0)
        {
            return 0;
        }

        return (tech.GateCapacitancePerWidthFPerM.Value * tech.ElectricalWidthM(widthM))
            + (tech.PhysicalGateLengthM.Value * tech.PolyWireCapacitancePerLengthFPerM.Value);
    }

    /// <summary>
    /// Capacitance one input of a static CMOS gate presents, F: the gates of the NMOS and the PMOS it drives (formula.cpp
    /// CalculateGateCapacitance, capInput).
    /// </summary>
    public static double GateInputF(TechnologyNode tech, double nmosWidthM, double pmosWidthM) =>
        TransistorF(tech, nmosWidthM) + TransistorF(tech, pmosWidthM);
}
