namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// Events counted by the reads of a group of arrays (one layer's), per array: reads (one per input
/// vector, phase and cycle), driven rows (rows with a non-zero input digit, summed over reads),
/// ADC conversions, and the cell read energy (sum over reads of V_digit^2 t_read G of the driven
/// rows, fJ). Added to in a fixed order by one thread at a time, so totals are deterministic.
/// </summary>
public sealed class ArrayEvents
{
    public ArrayEvents(int arrays)
    {
        Reads = new long[arrays];
        DrivenRows = new long[arrays];
        Conversions = new long[arrays];
        CellEnergyFj = new double[arrays];
    }

    public long[] Reads { get; }

    public long[] DrivenRows { get; }

    public long[] Conversions { get; }

    public double[] CellEnergyFj { get; }

    public int Arrays => Reads.Length;

    public long TotalReads => Reads.Sum();

    public long TotalDrivenRows => DrivenRows.Sum();

    public long TotalConversions => Conversions.Sum();

    /// <summary>Cell energy summed in array order.</summary>
    public double TotalCellEnergyFj
    {
        get
        {
            double sum = 0;
            foreach (double e in CellEnergyFj)
            {
                sum += e;
            }

            return sum;
        }
    }
}
