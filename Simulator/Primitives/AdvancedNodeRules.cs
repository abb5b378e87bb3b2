using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// The standard-cell rules of one FinFET or GAA node in NeuroSim V1.4 (constant.h), in units of F: cell (transistor region) height,
/// contacted poly pitch (CPP), poly width, P-N diffusion gap, outer region (cell height - P-N gap - fin region) and Metal2/Metal3 pitch.
/// </summary>
public sealed record AdvancedNodeRules(
    int NodeNm,
    SourcedValue CellHeightF,
    SourcedValue ContactedPolyPitchF,
    SourcedValue PolyWidthF,
    SourcedValue PnDiffusionGapF,
    SourcedValue OuterHeightF,
    SourcedValue Metal2PitchF,
    SourcedValue Metal3PitchF);
