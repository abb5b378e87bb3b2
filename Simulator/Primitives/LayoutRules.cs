using System.Globalization;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// The standard-cell layout rules of DNN+NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4, Inference_pytorch/NeuroSIM/constant.h at blob
/// commit 9e6742c), every number in units of the feature size F and carrying its source. Planar nodes (22 nm and above) share one
/// set of rules; each FinFET and GAA node (14-1 nm) has its own cell height, contacted poly pitch, poly width, P-N gap and outer
/// region (<see cref="AdvancedNodeRules"/>), which NeuroSim attributes to Samsung and TSMC processes and IRDS 2016-2022.
/// <see cref="CellLayout"/> resolves them for one node; formula.cpp's CalculateGateArea and CalculateGateCapacitance use them.
/// </summary>
public static class LayoutRules
{
    private const string ConstantH = "NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4 @9e6742c) Inference_pytorch/NeuroSIM/constant.h";

    /// <summary>Height of the transistor region of a standard cell, F (28): the height NeuroSim passes to its gate primitives.</summary>
    public static readonly SourcedValue StandardCellHeightF = new(28.0, $"{ConstantH}: MAX_TRANSISTOR_HEIGHT");

    /// <summary>
    /// FinFET reference height, F (34). formula.cpp scales a given height by this / 28 and then by the node's height / this, so it
    /// cancels for every node NeuroSim knows.
    /// </summary>
    public static readonly SourcedValue FinFetReferenceCellHeightF = new(34.0, $"{ConstantH}: MAX_TRANSISTOR_HEIGHT_FINFET");

    /// <summary>Minimum NMOS width, F (2): the width of a minimum inverter's NMOS (HTree.cpp, XYBus.cpp repeaters).</summary>
    public static readonly SourcedValue MinimumNmosWidthF = new(2.0, $"{ConstantH}: MIN_NMOS_SIZE");

    /// <summary>Largest NMOS width NeuroSim sizes to, F (100).</summary>
    public static readonly SourcedValue MaximumNmosWidthF = new(100.0, $"{ConstantH}: MAX_NMOS_SIZE");

    /// <summary>Planar: gap between a P and an N diffusion, F (3.5).</summary>
    public static readonly SourcedValue PnDiffusionGapF = new(3.5, $"{ConstantH}: MIN_GAP_BET_P_AND_N_DIFFS");

    /// <summary>Planar: gap between two diffusions of the same type, F (1.6; marked unused in constant.h).</summary>
    public static readonly SourcedValue SameTypeDiffusionGapF = new(1.6, $"{ConstantH}: MIN_GAP_BET_SAME_TYPE_DIFFS (marked there as not used)");

    /// <summary>Planar: how far the poly gate extends beyond the diffusion, F (1.0).</summary>
    public static readonly SourcedValue PolyExtensionBeyondDiffusionF = new(1.0, $"{ConstantH}: MIN_POLY_EXT_DIFF");

    /// <summary>Planar: gap between field poly (poly over the field oxide) lines, F (1.6).</summary>
    public static readonly SourcedValue FieldPolyGapF = new(1.6, $"{ConstantH}: MIN_GAP_BET_FIELD_POLY");

    /// <summary>Planar: poly (gate) width, F (1.0).</summary>
    public static readonly SourcedValue PolyWidthF = new(1.0, $"{ConstantH}: POLY_WIDTH");

    /// <summary>Planar: gap between two gate polys (the width of a source/drain region between gates), F (2.8).</summary>
    public static readonly SourcedValue GatePolyGapF = new(2.8, $"{ConstantH}: MIN_GAP_BET_GATE_POLY");

    /// <summary>FinFET fallback poly width, F (1.4); every NeuroSim FinFET/GAA node overrides it.</summary>
    public static readonly SourcedValue FinFetPolyWidthF = new(1.4, $"{ConstantH}: POLY_WIDTH_FINFET (fallback; each node below 22 nm has its own)");

    /// <summary>
    /// FinFET fallback gate-poly gap, F (3.9). NeuroSim V1.4 still uses it for the NMOS drain of GAA gates (formula.cpp
    /// CalculateGateCapacitance); IMCSim uses the node's own gap there (docs/COST.md).
    /// </summary>
    public static readonly SourcedValue FinFetGatePolyGapF = new(3.9, $"{ConstantH}: MIN_GAP_BET_GATE_POLY_FINFET (fallback; each node below 22 nm has its own)");

    /// <summary>Gap between a contact and a poly line, F (0.7).</summary>
    public static readonly SourcedValue ContactToPolyGapF = new(0.7, $"{ConstantH}: MIN_GAP_BET_CONTACT_POLY");

    /// <summary>Contact size, F (1.3).</summary>
    public static readonly SourcedValue ContactSizeF = new(1.3, $"{ConstantH}: CONTACT_SIZE");

    /// <summary>Minimum power-rail width, F (3.4).</summary>
    public static readonly SourcedValue PowerRailWidthF = new(3.4, $"{ConstantH}: MIN_WIDTH_POWER_RAIL");

    /// <summary>Planar Metal2 pitch (along the cell width), F (3.2).</summary>
    public static readonly SourcedValue Metal2PitchF = new(3.2, $"{ConstantH}: M2_PITCH");

    /// <summary>Planar Metal3 pitch (along the cell height), F (2.8).</summary>
    public static readonly SourcedValue Metal3PitchF = new(2.8, $"{ConstantH}: M3_PITCH");

    private static readonly AdvancedNodeRules[] Advanced =
    [
        Node(14, 41.142, "Samsung", 5.571, "Samsung", 1.857, "IRDS 2016", 9.71, "3 fin pitches - fin width", 10.285, 4.57),
        Node(10, 33.0, "TSMC", 6.4, "TSMC", 2.2, "IRDS 2017", 10.0, "3 fin pitches - fin width", 8.2, 4.4),
        Node(7, 34.285, "TSMC", 8.1428, "TSMC", 3.14, "IRDS 2018", 11.85, "3 fin pitches - fin width", 12.28, 5.71),
        Node(5, 36.0, "IRDS 2021", 10.2, "IRDS 2021", 4.0, "IRDS 2021", 12.8, "IRDS 2021", 19.4, 6.0),
        Node(3, 48.0, "IRDS 2022", 16.0, "IRDS 2022", 6.0, "IRDS 2022", 15.0, "IRDS 2022", 12.666, 8.0),
        Node(2, 57.0, "IRDS 2022", 22.5, "IRDS 2022", 7.0, "IRDS 2022", 20.0, "IRDS 2022", 22.0, 10.0),
        Node(1, 80.0, "IRDS 2022", 40.0, "IRDS 2022", 12.0, "IRDS 2022", 15.0, "IRDS 2022", 40.0, 16.0),
    ];

    /// <summary>Planar: the margin NeuroSim keeps above and below the diffusions, (poly extension + field poly gap / 2) x 2, F (3.6).</summary>
    public static double PlanarEdgeMarginF => (PolyExtensionBeyondDiffusionF.Value + (FieldPolyGapF.Value / 2)) * 2;

    /// <summary>Planar contacted poly pitch, poly width + gate-poly gap, F (3.8): NeuroSim's CPP at 22 nm and above.</summary>
    public static double PlanarContactedPolyPitchF => PolyWidthF.Value + GatePolyGapF.Value;

    /// <summary>Nodes with their own FinFET/GAA rules, nm.</summary>
    public static IReadOnlyList<int> AdvancedNodes => [.. Advanced.Select(a => a.NodeNm)];

    /// <summary>The rules of a FinFET/GAA node (14, 10, 7, 5, 3, 2 or 1 nm).</summary>
    public static AdvancedNodeRules ForAdvancedNode(int nodeNm) =>
        Advanced.FirstOrDefault(a => a.NodeNm == nodeNm)
        ?? throw new ArgumentOutOfRangeException(nameof(nodeNm), nodeNm, $"no FinFET/GAA layout rules; known (nm): {string.Join(", ", AdvancedNodes)}");

    /// <summary>Every rule with its source: field (snake case, in F), value, source.</summary>
    public static IEnumerable<(string Field, double Value, string Source)> Parameters()
    {
        var planar = new (string, SourcedValue)[]
        {
            ("standard_cell_height_f", StandardCellHeightF), ("finfet_reference_cell_height_f", FinFetReferenceCellHeightF),
            ("minimum_nmos_width_f", MinimumNmosWidthF), ("maximum_nmos_width_f", MaximumNmosWidthF), ("pn_diffusion_gap_f", PnDiffusionGapF),
            ("same_type_diffusion_gap_f", SameTypeDiffusionGapF), ("poly_extension_beyond_diffusion_f", PolyExtensionBeyondDiffusionF),
            ("field_poly_gap_f", FieldPolyGapF), ("poly_width_f", PolyWidthF), ("gate_poly_gap_f", GatePolyGapF),
            ("finfet_poly_width_f", FinFetPolyWidthF), ("finfet_gate_poly_gap_f", FinFetGatePolyGapF), ("contact_to_poly_gap_f", ContactToPolyGapF),
            ("contact_size_f", ContactSizeF), ("power_rail_width_f", PowerRailWidthF), ("metal2_pitch_f", Metal2PitchF), ("metal3_pitch_f", Metal3PitchF),
        };
        foreach (var (field, v) in planar)
        {
            yield return (field, v.Value, v.Source);
        }

        foreach (var a in Advanced)
        {
            foreach (var (field, v) in new (string, SourcedValue)[]
            {
                ("cell_height_f", a.CellHeightF), ("contacted_poly_pitch_f", a.ContactedPolyPitchF), ("poly_width_f", a.PolyWidthF),
                ("pn_diffusion_gap_f", a.PnDiffusionGapF), ("outer_height_f", a.OuterHeightF), ("metal2_pitch_f", a.Metal2PitchF),
                ("metal3_pitch_f", a.Metal3PitchF),
            })
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"{a.NodeNm}nm.{field}"), v.Value, v.Source);
            }
        }
    }

    private static AdvancedNodeRules Node(
        int nm, double height, string heightBy, double cpp, string cppBy, double poly, string polyBy, double pnGap, string pnGapBy, double outer, double metalPitch)
    {
        string Src(string symbol, string? by = null) => by is null ? $"{ConstantH}: {symbol}" : $"{ConstantH}: {symbol} (attributed there to {by})";
        string n = nm.ToString(CultureInfo.InvariantCulture);
        return new AdvancedNodeRules(
            nm,
            new(height, Src($"MAX_TRANSISTOR_HEIGHT_{n}nm", heightBy)),
            new(cpp, Src($"CPP_{n}nm", cppBy)),
            new(poly, Src($"POLY_WIDTH_{n}nm", polyBy)),
            new(pnGap, Src($"MIN_GAP_BET_P_AND_N_DIFFS_{n}nm", pnGapBy)),
            new(outer, Src($"OUTER_HEIGHT_REGION_{n}nm (defined there as cell height - P-N gap - fin region)")),
            new(metalPitch, Src($"M2_PITCH_{n}nm (single patterning assumed there)")),
            new(metalPitch, Src($"M3_PITCH_{n}nm (single patterning assumed there)")));
    }
}
