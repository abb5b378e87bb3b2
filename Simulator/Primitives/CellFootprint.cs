namespace IMCSim.Simulator.Primitives;

/// <summary>The layout box of a standard cell, m (width along the poly pitch, height across the diffusions).</summary>
public readonly record struct CellFootprint(double WidthM, double HeightM)
{
    public double AreaM2 => WidthM * HeightM;
}
