namespace IMCSim.Simulator.Circuit;

/// <summary>
/// Crossbar wire resistance per technology node after NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4,
/// Inference_pytorch/NeuroSIM/Param.cpp and SubArray.cpp), at 300 K:
/// <list type="bullet">
/// <item>per node, the widths of the two lowest metal levels (Metal0 runs along the columns, Metal1 along the rows) and the
/// barrier thickness (Param.cpp, "new wire width, barrierthickness");</item>
/// <item>per wire width, aspect ratio and bulk resistivity (Param.cpp's width bands), with the barrier correction of
/// <see cref="MetalWire"/>;</item>
/// <item>a cell of height h F and width w F at a node of feature size F: one row-wire segment spans the cell width,
/// w F x R_Metal1 per length, one column-wire segment the cell height, h F x R_Metal0 per length (SubArray::Initialize:
/// lengthRow = numCol x cellWidth x featureSize, resRow = lengthRow x Metal1_unitwireresis, and the same for columns with
/// the height and Metal0; featureSize is the node for 1T1R and SRAM arrays).</item>
/// </list>
/// NeuroSim V1.3 (neurosim/DNN_NeuroSim_V1.3 Param.cpp) had one wire width per node (14 nm: 25 nm, 10 and 7 nm: 18 nm)
/// and its own resistivities, without the barrier correction; V1.4's values are used here (the cost model's reference).
/// </summary>
public static class WireResistance
{
    // (node, Metal0 width, Metal1 width, barrier thickness), nm: Param.cpp's switch on technode.
    private static readonly (int NodeNm, double Metal0Nm, double Metal1Nm, double BarrierNm)[] NodeTable =
    [
        (130, 175, 175, 10.0), (90, 110, 110, 10.0), (65, 105, 105, 7.0), (45, 80, 80, 5.0), (32, 56, 56, 4.0),
        (22, 40, 40, 2.5), (14, 32, 39, 2.5), (10, 22, 32, 2.0), (7, 20, 28.5, 2.0), (5, 15, 17, 2.0),
        (3, 12, 16, 1.5), (2, 10, 11.5, 0.5), (1, 8, 10, 0.2),
    ];

    // (smallest width in the band nm, aspect ratio, bulk resistivity ohm m): Param.cpp's "if (wireWidth >= 175) ..." chain.
    private static readonly (double MinWidthNm, double AspectRatio, double RhoOhmM)[] WidthBands =
    [
        (175, 1.6, 2.01e-8), (110, 1.6, 2.20e-8), (105, 1.7, 2.21e-8), (80, 1.7, 2.37e-8), (56, 1.8, 2.63e-8),
        (40, 1.9, 2.97e-8), (32, 2.0, 3.25e-8), (22, 2.0, 3.95e-8), (20, 2.0, 4.17e-8), (15, 2.0, 4.98e-8),
        (12, 2.0, 5.8e-8), (10, 2.0, 6.61e-8), (8, 3.0, 7.87e-8),
    ];

    /// <summary>Technology nodes with wire data, nm.</summary>
    public static IReadOnlyList<int> Nodes => [.. NodeTable.Select(t => t.NodeNm)];

    /// <summary>The row (word-line direction) wire at <paramref name="nodeNm"/>: NeuroSim's Metal1.</summary>
    public static MetalWire RowWire(int nodeNm) => Wire(Node(nodeNm).Metal1Nm, Node(nodeNm).BarrierNm);

    /// <summary>The column (bit-line direction) wire at <paramref name="nodeNm"/>: NeuroSim's Metal0 (= its wireWidth).</summary>
    public static MetalWire ColumnWire(int nodeNm) => Wire(Node(nodeNm).Metal0Nm, Node(nodeNm).BarrierNm);

    /// <summary>
    /// (row, column) wire resistance of one cell, ohm, for a cell of <paramref name="cellHeightF"/> x <paramref name="cellWidthF"/>
    /// feature sizes at <paramref name="nodeNm"/> (F = the node): row = w F x R_row per length, column = h F x R_column per length.
    /// </summary>
    public static (double RowOhm, double ColOhm) SegmentOhm(int nodeNm, double cellHeightF, double cellWidthF)
    {
        double featureUm = nodeNm * 1e-3;
        return (RowWire(nodeNm).OhmPerUm * cellWidthF * featureUm, ColumnWire(nodeNm).OhmPerUm * cellHeightF * featureUm);
    }

    private static (int NodeNm, double Metal0Nm, double Metal1Nm, double BarrierNm) Node(int nodeNm)
    {
        foreach (var row in NodeTable)
        {
            if (row.NodeNm == nodeNm)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(nodeNm), $"no wire data for the {nodeNm} nm node; known: {string.Join(", ", Nodes)}");
    }

    private static MetalWire Wire(double widthNm, double barrierNm)
    {
        foreach (var band in WidthBands)
        {
            if (widthNm >= band.MinWidthNm)
            {
                return new MetalWire(widthNm, band.AspectRatio, band.RhoOhmM, barrierNm);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(widthNm), $"wire width {widthNm} nm is below NeuroSim's table (8 nm)");
    }
}
