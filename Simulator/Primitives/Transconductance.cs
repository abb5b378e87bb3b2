using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Transconductance of a transistor, after NeuroSim V1.4 formula.cpp CalculateTransconductance, S. Planar nodes:
/// g_m = 2 I_gm W / (0.7 V_dd - V_th) with I_gm the tabulated current per width at 0.7 V_dd
/// (<see cref="TechnologyNode.TransconductancePerWidthNmosSPerM"/>). FinFET nodes: g_m per width x whole fins x (2 x fin height +
/// fin width), NeuroSim's own per-fin width here (at 5 and 3 nm, where NeuroSim gives no fin height, the fin width alone; kept as
/// NeuroSim has it, docs/COST.md). GAA nodes: g_m per width x the electrical width.
/// </summary>
public static class Transconductance
{
    /// <summary>Transconductance of a <paramref name="type"/> transistor of drawn width <paramref name="widthM"/> (m; 0 gives 0), S.</summary>
    public static double Siemens(TechnologyNode tech, MosType type, double widthM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        if (Check.NonNegative(widthM) == 0)
        {
            return 0;
        }

        double perWidth = type == MosType.Nmos ? tech.TransconductancePerWidthNmosSPerM.Value : tech.TransconductancePerWidthPmosSPerM.Value;
        if (tech.Transistor == TransistorKind.FinFet)
        {
            var g = tech.Geometry!;
            double fins = Math.Ceiling(widthM / (2 * tech.FeatureSizeM));
            return perWidth * fins * ((2 * (g.FinHeightM?.Value ?? 0)) + g.FinWidthM.Value);
        }

        return perWidth * tech.ElectricalWidthM(widthM);
    }
}
