namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Copper interconnect resistance per cell segment after NeuroSim: R per length = rho / (w^2 AR), with
/// the resistivity rho and aspect ratio AR of each technology node (NeuroSim V1.3 Param.cpp) and a
/// wire width w of 1.75 x the node (NeuroSim's 56 nm at 32 nm; other nodes scaled: assumption).
/// A segment spans one cell; cells are taken as squares of side sqrt(area in F^2) x F (assumption).
/// </summary>
public static class WireResistance
{
    private static readonly (int NodeNm, double AspectRatio, double RhoOhmM)[] Table =
    [
        (130, 1.6, 2.20e-8), (90, 1.6, 2.52e-8), (65, 1.7, 2.68e-8), (45, 1.7, 3.31e-8),
        (32, 1.8, 3.70e-8), (22, 1.9, 4.03e-8), (14, 2.0, 5.08e-8), (10, 2.0, 6.35e-8), (7, 2.0, 6.35e-8),
    ];

    public static IReadOnlyList<int> Nodes => [.. Table.Select(t => t.NodeNm)];

    /// <summary>Resistance of one cell-long wire segment, ohm, at <paramref name="nodeNm"/> for a cell of <paramref name="cellAreaF2"/> F^2 with feature size <paramref name="featureNm"/>.</summary>
    public static double PerSegmentOhm(int nodeNm, double cellAreaF2, double featureNm)
    {
        var row = Table.FirstOrDefault(t => t.NodeNm == nodeNm);
        if (row.NodeNm == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeNm), $"no wire data for the {nodeNm} nm node; known: {string.Join(", ", Nodes)}");
        }

        double widthM = 1.75 * nodeNm * 1e-9;
        double ohmPerM = row.RhoOhmM / (widthM * widthM * row.AspectRatio);
        double segmentM = Math.Sqrt(cellAreaF2) * featureNm * 1e-9;
        return ohmPerM * segmentM;
    }
}
