using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// <see cref="LayoutRules"/> resolved for one technology node, in metres (F = the node): what NeuroSim V1.4's formula.cpp
/// (CalculateGateArea, CalculateGateCapacitance) reads for that node. Planar nodes use the planar rules; FinFET and GAA nodes their
/// own (<see cref="AdvancedNodeRules"/>) with the fin or sheet geometry of the <see cref="TechnologyNode"/>.
/// <para>
/// Heights: NeuroSim's gate primitives take the height of a cell's transistor region, normally <see cref="StandardHeightM"/>
/// (28 F). Below 22 nm formula.cpp multiplies whatever height it is given by the node's cell height / 28
/// (<see cref="HeightScale"/>), so the standard 28 F becomes the node's own cell height (41.142 F at 14 nm, 80 F at 1 nm).
/// </para>
/// </summary>
public sealed class CellLayout
{
    private CellLayout(TechnologyNode tech)
    {
        Transistor = tech.Transistor;
        FeatureSizeM = tech.FeatureSizeM;
        double f = FeatureSizeM;
        StandardHeightM = LayoutRules.StandardCellHeightF.Value * f;
        if (tech.Geometry is not { } g)
        {
            HeightScale = 1;
            ContactedPolyPitchM = LayoutRules.PlanarContactedPolyPitchF * f;
            DrainRegionWidthM = LayoutRules.GatePolyGapF.Value * f;
            PnGapM = LayoutRules.PnDiffusionGapF.Value * f;
            EdgeMarginM = LayoutRules.PlanarEdgeMarginF * f;
            return;
        }

        var rules = LayoutRules.ForAdvancedNode(tech.NodeNm);
        // formula.cpp: height x (34 / 28) x (node height / 34); the 34 cancels.
        HeightScale = LayoutRules.FinFetReferenceCellHeightF.Value / LayoutRules.StandardCellHeightF.Value
            * (rules.CellHeightF.Value / LayoutRules.FinFetReferenceCellHeightF.Value);
        ContactedPolyPitchM = rules.ContactedPolyPitchF.Value * f;
        DrainRegionWidthM = (rules.ContactedPolyPitchF.Value - rules.PolyWidthF.Value) * f;
        PnGapM = rules.PnDiffusionGapF.Value * f;
        EdgeMarginM = rules.OuterHeightF.Value * f;
        FinWidthM = g.FinWidthM.Value;
        FinPitchM = g.FinPitchM.Value;
        MaxFinsPerTransistor = (int)(tech.Transistor == TransistorKind.Gaa ? g.FinsPerStack!.Value.Value : g.MaxFinsPerTransistor!.Value.Value);
    }

    public TransistorKind Transistor { get; }

    /// <summary>F, m.</summary>
    public double FeatureSizeM { get; }

    /// <summary>The standard transistor-region height NeuroSim passes to its gate primitives, 28 F, m.</summary>
    public double StandardHeightM { get; }

    /// <summary>Factor formula.cpp applies to a given height: 1 at planar nodes, the node's cell height / 28 below 22 nm.</summary>
    public double HeightScale { get; }

    /// <summary>Contacted poly pitch (one gate plus one source/drain region), m: 3.8 F planar, the node's CPP below 22 nm.</summary>
    public double ContactedPolyPitchM { get; }

    /// <summary>Width of one source/drain region between two gates, m: 2.8 F planar, (CPP - poly width) F below 22 nm.</summary>
    public double DrainRegionWidthM { get; }

    /// <summary>Gap between the P and the N diffusion, m.</summary>
    public double PnGapM { get; }

    /// <summary>
    /// Height of a cell not available to diffusion besides the P-N gap, m: planar (poly extension + field poly gap / 2) x 2 F =
    /// 3.6 F; below 22 nm the node's outer region.
    /// </summary>
    public double EdgeMarginM { get; }

    /// <summary>Fin (GAA: sheet) width, m; 0 at planar nodes.</summary>
    public double FinWidthM { get; }

    /// <summary>Fin (GAA: stack) pitch, m; 0 at planar nodes.</summary>
    public double FinPitchM { get; }

    /// <summary>
    /// Most fins per transistor finger in a standard-height cell: FinFET max_fin_num, GAA fins per stack (max_fin_per_GAA); 0 at
    /// planar nodes.
    /// </summary>
    public int MaxFinsPerTransistor { get; }

    /// <summary>The layout rules of <paramref name="tech"/>'s node.</summary>
    public static CellLayout For(TechnologyNode tech)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return new CellLayout(tech);
    }

    /// <summary>Whether <paramref name="cellHeightM"/> is the standard 28 F (NeuroSim: anything else is a "special layout").</summary>
    public bool IsStandardHeight(double cellHeightM) => Math.Abs(cellHeightM - StandardHeightM) <= 1e-9 * StandardHeightM;
}
