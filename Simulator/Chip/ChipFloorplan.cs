using IMCSim.Simulator.Common;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// How the layers are laid out on tiles of processing elements (PEs) of arrays, after DNN+NeuroSim V1.4's floorplanner
/// (Chip.cpp ChipDesignInitialize, ChipFloorPlan, TileDesignCM/NM, PEDesign, SubArrayDup, OverallEachLayer; neurosim/DNN_NeuroSim_V1.4
/// @0e3bff1). Two kinds of tile:
/// <list type="bullet">
/// <item>Novel mapping (NM, convolutions whose kernel area is the network's most common one, k x k, with at least an array's rows
/// of C k^2): a tile of k^2 PEs of P x P cells, PE i holding kernel position i (C rows) of up to P input channels and P weight
/// columns, so an input vector is reused across the kernel positions.</item>
/// <item>Conventional mapping (CM, everything else): a tile of 2 x 2 PEs of S/2 x S/2 cells holding an S x S block of the unrolled
/// matrix.</item>
/// </list>
/// P (from max(largest NM matrix width rounded up to a power of two, 2 array rows), halving while above 2 array rows) and S (from
/// max(largest CM matrix side, 4 array rows), halving while above 4 array rows) are chosen for the highest utilisation, the larger on a tie.
/// Replication: the first layer's feature-map side may be divided by up to d = min(speed-up degree, H_first / H_smallest), so layer l
/// wants r_l = ceil((H_l / ceil(H_first / d))^2) copies when pipelined; copies that fit the free space of the layer's own PE (rows
/// or columns of PEs and of arrays it leaves empty) come free, the rest as whole extra rows of tiles. A replication given for a layer
/// (setting layer-replication) replaces the automatic one; a PE size given (setting pe-size) replaces the search. Departs from
/// NeuroSim: the CM PE is always half the tile (NeuroSim also tries smaller PEs; for VGG8 it keeps half).
/// </summary>
public sealed class ChipFloorplan
{
    private ChipFloorplan(int novelKernelArea, int novelPeSize, int conventionalTileSize, IReadOnlyList<LayerFloorplan> layers)
    {
        NovelKernelArea = novelKernelArea;
        NovelPeSize = novelPeSize;
        ConventionalTileSize = conventionalTileSize;
        Layers = layers;
        Tiles = layers.Sum(l => l.Tiles);
        TileGridRows = (int)Math.Ceiling(Math.Sqrt(Tiles));
        TileGridColumns = (Tiles + TileGridRows - 1) / TileGridRows;
    }

    /// <summary>PEs of a novel-mapped tile (the kernel area k^2); 0 when no layer is novel-mapped.</summary>
    public int NovelKernelArea { get; }

    /// <summary>Side of a novel-mapped tile's PE, cells.</summary>
    public int NovelPeSize { get; }

    /// <summary>Side of a conventional tile, cells (its PEs are half that).</summary>
    public int ConventionalTileSize { get; }

    public int ConventionalPeSize => ConventionalTileSize / 2;

    public IReadOnlyList<LayerFloorplan> Layers { get; }

    public int Tiles { get; }

    /// <summary>Tiles are placed on a grid of ceil(sqrt(tiles)) rows.</summary>
    public int TileGridRows { get; }

    public int TileGridColumns { get; }

    public static ChipFloorplan Create(ChipSpec spec, IReadOnlyList<LayerWorkload> layers)
    {
        int a = spec.ArrayRows;
        int kernelArea = spec.NovelMapping
            ? layers.Where(l => l.IsSpatialConvolution).GroupBy(l => l.KernelHeight * l.KernelWidth).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).Select(g => g.Key).FirstOrDefault()
            : 0;
        bool Novel(LayerWorkload l) => kernelArea > 1 && l.KernelHeight * l.KernelWidth == kernelArea && l.Rows >= a;
        var nm = layers.Where(Novel).ToList();
        var cm = layers.Where(l => !Novel(l)).ToList();

        int p = spec.PeSize > 0 ? spec.PeSize : Best(nm.Count == 0 ? 2 * a : Math.Max(nm.Max(l => PowerOfTwoAtLeast(l.WeightColumns)), 2 * a), 2 * a, size =>
        {
            long tiles = nm.Sum(l => ChipMath.CeilDiv(l.InputChannels, size) * ChipMath.CeilDiv(l.WeightColumns, size));
            return nm.Sum(l => (double)l.Rows * l.WeightColumns) / (tiles * (double)size * size * kernelArea);
        });
        int s = spec.PeSize > 0 ? 2 * spec.PeSize : Best(cm.Count == 0 ? 4 * a : Math.Max(cm.Max(l => PowerOfTwoAtLeast(Math.Max(l.WeightColumns, l.Rows))), 4 * a), 4 * a, size =>
        {
            long tiles = cm.Sum(l => ChipMath.CeilDiv(l.Rows, size) * ChipMath.CeilDiv(l.WeightColumns, size));
            return cm.Sum(l => (double)l.Rows * l.WeightColumns) / (tiles * (double)size * size);
        });

        // Pipeline replication target from the feature-map sides.
        var spatial = layers.Where(l => l.KernelHeight != 1).ToList();
        int first = layers[0].InputHeight;
        int smallest = spatial.Count == 0 ? first : spatial.Min(l => l.InputHeight);
        int degree = Math.Max(1, Math.Min(spec.SpeedUpDegree, first / Math.Max(1, smallest)));
        double bound = Math.Ceiling((double)first / degree);

        foreach (string name in spec.LayerReplication.Keys.Where(n => layers.All(l => l.Name != n)))
        {
            throw new SettingException("layer-replication", $"no crossbar layer '{name}'; layers: {string.Join(", ", layers.Select(l => l.Name))}");
        }

        var placed = new List<LayerFloorplan>();
        foreach (LayerWorkload l in layers)
        {
            bool novel = Novel(l);
            int peSize = novel ? p : s / 2;
            int pesPerSide = novel ? 0 : 2;
            int rowsPerPe = novel ? l.InputChannels : l.Rows;
            int arraysPerPeSide = Math.Max(1, peSize / a), arraysPerPeRow = Math.Max(1, peSize / spec.ArrayCols);
            int peDupRow = 1, peDupCol = 1;
            if (!novel && (l.Rows <= s || l.WeightColumns <= s))
            {
                peDupRow = Math.Max(1, pesPerSide / (int)ChipMath.CeilDiv(l.Rows, peSize));
                peDupCol = Math.Max(1, pesPerSide / (int)ChipMath.CeilDiv(l.WeightColumns, peSize));
            }

            int arrayDupRow = 1, arrayDupCol = 1;
            if (rowsPerPe <= peSize || l.WeightColumns <= peSize)
            {
                arrayDupRow = Math.Max(1, arraysPerPeSide / (int)ChipMath.CeilDiv(rowsPerPe, a));
                arrayDupCol = Math.Max(1, arraysPerPeRow / (int)ChipMath.CeilDiv(l.WeightColumns, spec.ArrayCols));
            }

            int free = peDupRow * peDupCol * arrayDupRow * arrayDupCol;
            double wanted = spec.Pipeline ? Math.Ceiling(Math.Pow(l.InputHeight / bound, 2)) : 1;
            int? given = spec.LayerReplication.TryGetValue(l.Name, out int r) ? r : null;
            int extraRows = Math.Max(1, (int)Math.Ceiling((given ?? wanted) / free));
            int tileRows = (int)(novel ? ChipMath.CeilDiv(l.InputChannels, p) : ChipMath.CeilDiv(l.Rows, s));
            int tileCols = (int)(novel ? ChipMath.CeilDiv(l.WeightColumns, p) : ChipMath.CeilDiv(l.WeightColumns, s));
            int replication = given ?? (free * extraRows);
            placed.Add(new LayerFloorplan(l.Name, novel, tileRows, tileCols, extraRows, replication));
        }

        return new ChipFloorplan(kernelArea, p, s, placed);
    }

    private static int PowerOfTwoAtLeast(long n)
    {
        int p = 1;
        while (p < n)
        {
            p <<= 1;
        }

        return p;
    }

    /// <summary>The size from <paramref name="start"/> halving while above <paramref name="floor"/> (exclusive) with the highest utilisation (the first on a tie).</summary>
    private static int Best(int start, int floor, Func<int, double> utilisation)
    {
        int best = start;
        double bestU = utilisation(start);
        for (int size = start / 2; size > floor; size /= 2)
        {
            double u = utilisation(size);
            if (u > bestU)
            {
                best = size;
                bestU = u;
            }
        }

        return best;
    }
}

/// <summary>
/// One layer's place on the chip: novel or conventional mapping, the tiles its weight matrix needs (rows x columns of tiles),
/// the extra rows of tiles that hold copies for the pipeline, and its replication (copies of the weights working on different
/// input vectors: reads divide by it).
/// </summary>
public sealed record LayerFloorplan(string Layer, bool Novel, int MatrixTileRows, int MatrixTileColumns, int TileRowCopies, int Replication)
{
    /// <summary>Rows of tiles including the copies.</summary>
    public int TileRows => MatrixTileRows * TileRowCopies;

    /// <summary>Tiles of the layer including the copies.</summary>
    public int Tiles => TileRows * MatrixTileColumns;
}
