namespace IMCSim.Simulator.Primitives;

/// <summary>
/// The NMOS and PMOS of a gate as folded into a cell whose transistor region is <see cref="RegionHeightM"/> high (the height
/// given, times <see cref="CellLayout.HeightScale"/>), from <see cref="TransistorFolding.Fold"/>.
/// </summary>
public readonly record struct GateFolding(FoldedTransistor Nmos, FoldedTransistor Pmos, double RegionHeightM)
{
    /// <summary>Neither transistor is folded (NeuroSim then lets neighbouring transistors of a NAND/NOR share diffusions).</summary>
    public bool NeitherFolded => !Nmos.IsFolded && !Pmos.IsFolded;
}
