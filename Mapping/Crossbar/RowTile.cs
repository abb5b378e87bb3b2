namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// One row tile of a programmed layer (rows k0 .. k0 + Rows of the weight matrix, all column tiles):
/// matrices [Rows, slices x N] in level units, row conductance sums (uS) and the layer sums for GDC.
/// </summary>
public sealed record RowTile(
    int K0,
    int Rows,
    float[] Effective,
    float[] IdealLevels,
    float[]? Variance,
    double[] RowConductanceSumUs,
    double ProgrammedSumUs,
    double ReadSumUs);
