namespace IMCSim.Mapping.Placement;

/// <summary>
/// One physical array of a layer: rows <see cref="RowStart"/> .. + <see cref="RowCount"/> of the
/// layer's weight matrix on its first rows, outputs <see cref="WeightStart"/> .. + <see cref="WeightCount"/>
/// on its columns, each output's slices and cells side by side: cell c of slice s of local output w sits in
/// column w x columns per weight + s x cells per slice + c. <see cref="Id"/> is unique in the network.
/// </summary>
public sealed record ArrayPlacement(int Id, int RowTile, int ColumnTile, int RowStart, int RowCount, int WeightStart, int WeightCount, int UsedColumns, int Adcs);
