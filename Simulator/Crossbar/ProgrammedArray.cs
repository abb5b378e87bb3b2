namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// One physical crossbar array after programming, in its own row-major cell layout
/// [<see cref="Rows"/> x <see cref="Columns"/>] (used rows and columns only), conductances in uS:
/// the target each cell was programmed to, what a column sees per unit row voltage right after
/// programming (<see cref="ProgrammedSeenUs"/>: programming noise, variation, faults and, with wire
/// parasitics, the array's effective matrix) and at the evaluation time (<see cref="ReadSeenUs"/>:
/// drift added), each cell's per-read noise sigma, and each row's total cell conductance at the
/// evaluation time (the cell read energy of a driven row is V^2 t_read x that sum).
/// </summary>
public sealed class ProgrammedArray
{
    public ProgrammedArray(int rows, int columns, float[] targetUs, float[] programmedSeenUs, float[] readSeenUs, float[] readSigmaUs, double[] rowConductanceUs, CircuitSolveReport solve)
    {
        int cells = rows * columns;
        if (rows < 1 || columns < 1 || targetUs.Length != cells || programmedSeenUs.Length != cells || readSeenUs.Length != cells || readSigmaUs.Length != cells || rowConductanceUs.Length != rows)
        {
            throw new ArgumentException($"programmed array planes must all be {rows} x {columns}");
        }

        Rows = rows;
        Columns = columns;
        TargetUs = targetUs;
        ProgrammedSeenUs = programmedSeenUs;
        ReadSeenUs = readSeenUs;
        ReadSigmaUs = readSigmaUs;
        RowConductanceUs = rowConductanceUs;
        Solve = solve;
    }

    public int Rows { get; }

    public int Columns { get; }

    public float[] TargetUs { get; }

    public float[] ProgrammedSeenUs { get; }

    public float[] ReadSeenUs { get; }

    public float[] ReadSigmaUs { get; }

    public double[] RowConductanceUs { get; }

    /// <summary>How the array's wires were solved (all zero without parasitics).</summary>
    public CircuitSolveReport Solve { get; }
}
