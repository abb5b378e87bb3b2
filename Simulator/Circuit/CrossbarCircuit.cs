using IMCSim.Simulator.Common;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// A resistive crossbar as a circuit: N rows x M columns of cell conductances (siemens, row-major),
/// a source resistance at the start (column 0) of every row, wire segments between neighbouring
/// cells along rows and along columns, and a sink resistance at the end (row N-1) of every column into
/// a virtual ground (0 ohm: the column end is the ground). Topology of the IMCSim validation netlist
/// (shared references, validation.md). A zero source resistance drives the row start directly; a zero
/// wire resistance joins the nodes of a row (or column) into one.
/// </summary>
public sealed record CrossbarCircuit
{
    /// <summary>
    /// The smallest non-zero wire, source or sink resistance a user may give (1 nOhm; 0 means an ideal wire or source): below it the
    /// wire conductances dwarf the cells' by more than double precision resolves, and the solve's residual is meaningless.
    /// </summary>
    public const double MinResistanceOhm = 1e-9;

    /// <summary>The largest wire, source or sink resistance a user may give (1 TOhm, an open circuit for every cell).</summary>
    public const double MaxResistanceOhm = 1e12;

    /// <summary>Whether <paramref name="ohm"/> is 0 (ideal) or within [<see cref="MinResistanceOhm"/>, <see cref="MaxResistanceOhm"/>].</summary>
    public static bool IsUsableResistance(double ohm) => ohm == 0 || ohm is >= MinResistanceOhm and <= MaxResistanceOhm;

    public CrossbarCircuit(int rows, int cols, double[] conductanceS, double sourceOhm, double rowWireOhm, double colWireOhm, double sinkOhm, string source = "circuit")
    {
        if (rows < 1 || cols < 1)
        {
            throw new InputException(source, $"a crossbar needs at least 1 row and 1 column, got {rows} x {cols}");
        }

        if (conductanceS.Length != (long)rows * cols)
        {
            throw new InputException(source, $"{conductanceS.Length} conductances do not fill {rows} x {cols} cells");
        }

        for (int i = 0; i < conductanceS.Length; i++)
        {
            if (!double.IsFinite(conductanceS[i]) || conductanceS[i] < 0)
            {
                throw new InputException(source, $"conductance of cell ({i / cols}, {i % cols}) is {conductanceS[i]}; conductances must be finite and >= 0 siemens");
            }
        }

        foreach (var (name, value) in new[] { ("source resistance (--rs)", sourceOhm), ("row wire resistance (--rw-row)", rowWireOhm), ("column wire resistance (--rw-col)", colWireOhm), ("sink resistance (--rsink)", sinkOhm) })
        {
            if (!IsUsableResistance(value))
            {
                throw new InputException(source, $"{name} is {value}; it must be 0 or {MinResistanceOhm:R}..{MaxResistanceOhm:R} ohm (finite and >= 0)");
            }
        }

        Rows = rows;
        Cols = cols;
        ConductanceS = conductanceS;
        SourceOhm = sourceOhm;
        RowWireOhm = rowWireOhm;
        ColWireOhm = colWireOhm;
        SinkOhm = sinkOhm;
    }

    public int Rows { get; }

    public int Cols { get; }

    /// <summary>Cell conductances in siemens, row-major [Rows, Cols].</summary>
    public double[] ConductanceS { get; }

    public double SourceOhm { get; }

    public double RowWireOhm { get; }

    public double ColWireOhm { get; }

    public double SinkOhm { get; }

    /// <summary>Ideal column currents G^T V (no parasitics), amperes.</summary>
    public double[] IdealCurrents(ReadOnlySpan<double> voltages)
    {
        var i = new double[Cols];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Cols; c++)
            {
                i[c] += ConductanceS[(r * Cols) + c] * voltages[r];
            }
        }

        return i;
    }
}
