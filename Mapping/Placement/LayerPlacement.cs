using IMCSim.Simulator.Crossbar;

namespace IMCSim.Mapping.Placement;

/// <summary>
/// Where every weight of one layer lands: the layer's K x N matrix is cut into row tiles of
/// <see cref="ArrayRows"/> rows and column tiles of <see cref="WeightsPerArray"/> outputs; each
/// (row tile, column tile) is one physical array of the layer's device (<see cref="ArrayPlacement"/>).
/// Every (row, output, slice, cell) has exactly one place (<see cref="Locate"/>). Immutable.
/// </summary>
public sealed record LayerPlacement
{
    internal LayerPlacement(string layer, string device, int k, int n, int arrayRows, int arrayCols, int colsPerAdc, WeightSlicing slicing, WeightEncodingScheme encoding, int firstArrayId)
    {
        Layer = layer;
        Device = device;
        K = k;
        N = n;
        ArrayRows = arrayRows;
        ArrayCols = arrayCols;
        ColsPerAdc = colsPerAdc;
        Slicing = slicing;
        Encoding = encoding;
        ColumnsPerWeight = slicing.Slices * encoding.CellsPerSlice;
        WeightsPerArray = arrayCols / ColumnsPerWeight;
        RowTiles = (k + arrayRows - 1) / arrayRows;
        ColumnTiles = WeightsPerArray == 0 ? 0 : (n + WeightsPerArray - 1) / WeightsPerArray;
        var arrays = new List<ArrayPlacement>();
        for (int rt = 0; rt < RowTiles; rt++)
        {
            for (int ct = 0; ct < ColumnTiles; ct++)
            {
                int rows = Math.Min(arrayRows, k - (rt * arrayRows)), weights = Math.Min(WeightsPerArray, n - (ct * WeightsPerArray));
                int used = weights * ColumnsPerWeight;
                arrays.Add(new ArrayPlacement(firstArrayId + arrays.Count, rt, ct, rt * arrayRows, rows, ct * WeightsPerArray, weights, used, (arrayCols + colsPerAdc - 1) / colsPerAdc));
            }
        }

        Arrays = arrays;
    }

    public string Layer { get; }

    public string Device { get; }

    public int K { get; }

    public int N { get; }

    public int ArrayRows { get; }

    public int ArrayCols { get; }

    public int ColsPerAdc { get; }

    public WeightSlicing Slicing { get; }

    public WeightEncodingScheme Encoding { get; }

    /// <summary>Columns one output takes: slices x cells per slice.</summary>
    public int ColumnsPerWeight { get; }

    /// <summary>Outputs one array holds: array columns / columns per weight.</summary>
    public int WeightsPerArray { get; }

    public int RowTiles { get; }

    public int ColumnTiles { get; }

    /// <summary>Arrays in row-tile-major order: index = row tile x column tiles + column tile.</summary>
    public IReadOnlyList<ArrayPlacement> Arrays { get; }

    /// <summary>Cells holding weights (every slice and cell of every weight).</summary>
    public long UsedCells => (long)K * N * ColumnsPerWeight;

    /// <summary>Used cells over all cells of the layer's arrays.</summary>
    public double Utilisation => (double)UsedCells / ((long)Arrays.Count * ArrayRows * ArrayCols);

    /// <summary>Conversions per read of an array: one per output slice (a differential pair is subtracted before its one conversion).</summary>
    public int ConversionsPerRead(ArrayPlacement array) => array.WeightCount * Slicing.Slices;

    /// <summary>Where weight (k, n)'s slice <paramref name="slice"/>, cell <paramref name="cell"/> is: (array index in <see cref="Arrays"/>, array row, array column).</summary>
    public (int Array, int Row, int Column) Locate(int k, int n, int slice, int cell)
    {
        int rt = k / ArrayRows, ct = n / WeightsPerArray;
        return ((rt * ColumnTiles) + ct, k - (rt * ArrayRows), ((n - (ct * WeightsPerArray)) * ColumnsPerWeight) + (slice * Encoding.CellsPerSlice) + cell);
    }
}
