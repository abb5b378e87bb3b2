using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Effective on-resistance of a transistor used as a switch, after NeuroSim V1.4 formula.cpp CalculateOnResistance:
/// R_on = k x V_dd / (I_on(T) x W_e), ohm, with k CACTI's effective-resistance multiplier, I_on the saturation current per width at
/// the node's temperature (<see cref="TechnologyNode.TemperatureK"/>; it falls as the temperature rises, so R_on rises) and W_e
/// the electrical width (whole fins or stacks below 22 nm). Inversely proportional to the width at planar nodes.
/// </summary>
public static class OnResistance
{
    /// <summary>On-resistance of a <paramref name="type"/> transistor of drawn width <paramref name="widthM"/> (m, > 0), ohm.</summary>
    public static double Ohm(TechnologyNode tech, MosType type, double widthM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double perWidth = type == MosType.Nmos ? tech.EffectiveResistanceNmosOhmM.Value : tech.EffectiveResistancePmosOhmM.Value;
        return perWidth / tech.ElectricalWidthM(Check.Positive(widthM));
    }

    /// <summary>
    /// V_dd / (I_on(T) x W_e) without the effective-resistance multiplier, ohm (formula.cpp CalculateOnResistance_normal, which
    /// NeuroSim V1.4 uses for some analog paths).
    /// </summary>
    public static double WithoutMultiplierOhm(TechnologyNode tech, MosType type, double widthM) =>
        Ohm(tech, type, widthM) / tech.EffectiveResistanceMultiplier.Value;
}
