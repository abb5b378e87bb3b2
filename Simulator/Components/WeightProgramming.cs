namespace IMCSim.Simulator.Components;

/// <summary>Energy (J) and time (s) of programming the weights of a mapped network once.</summary>
public readonly record struct ProgrammingCost(double EnergyJ, double TimeS);

/// <summary>
/// One-time cost of programming the cells of mapped crossbar arrays, from plain device numbers (a device card's program_energy_pj
/// and program_latency_ns: the energy and time of programming one cell, program-and-verify included). Formula family: event count.
/// Writes go row by row (one word line at a time) with every column of the row written in parallel, the usual write of a
/// 1T1R array and IMCSim's assumption (NeuroSim V1.4's inference model has no programming cost); arrays with their own periphery
/// are written side by side.
/// <list type="bullet">
/// <item>Energy: rows x columns x arrays x pulses per cell x energy per pulse (every cell of each array programmed).</item>
/// <item>Time: rows x pulses per cell x time per pulse per array, times ceil(arrays / arrays written in parallel).</item>
/// </list>
/// With a card's per-cell values, pulses per cell is 1 (its numbers already include the verify iterations); with per-pulse numbers,
/// it is the program-and-verify iteration count. Periphery energy of the writes (drivers, level shifters, decoders) is not included;
/// see <see cref="LevelShifter"/> and <see cref="SramWriteDriver"/>.
/// </summary>
public static class WeightProgramming
{
    /// <summary>Energy of programming <paramref name="arrays"/> arrays of <paramref name="rows"/> x <paramref name="columns"/> cells, J.</summary>
    public static double EnergyJ(int rows, int columns, int arrays, double energyPerPulseJ, int pulsesPerCell = 1)
    {
        AccumulationArguments.Positive(rows);
        AccumulationArguments.Positive(columns);
        AccumulationArguments.Positive(arrays);
        AccumulationArguments.NonNegative(energyPerPulseJ);
        AccumulationArguments.Positive(pulsesPerCell);
        return (double)rows * columns * arrays * pulsesPerCell * energyPerPulseJ;
    }

    /// <summary>
    /// Time of programming <paramref name="arrays"/> arrays of <paramref name="rows"/> rows, <paramref name="parallelArrays"/> at a time,
    /// each row taking <paramref name="pulsesPerCell"/> pulses of <paramref name="latencyPerPulseS"/> (s), s.
    /// </summary>
    public static double TimeS(int rows, int arrays, int parallelArrays, double latencyPerPulseS, int pulsesPerCell = 1)
    {
        AccumulationArguments.Positive(rows);
        AccumulationArguments.Positive(arrays);
        AccumulationArguments.Positive(parallelArrays);
        AccumulationArguments.NonNegative(latencyPerPulseS);
        AccumulationArguments.Positive(pulsesPerCell);
        long rounds = ((long)arrays + parallelArrays - 1) / parallelArrays;
        return (double)rows * pulsesPerCell * latencyPerPulseS * rounds;
    }

    /// <summary>Energy and time of programming <paramref name="arrays"/> arrays, <paramref name="parallelArrays"/> at a time.</summary>
    public static ProgrammingCost Cost(int rows, int columns, int arrays, int parallelArrays, double energyPerPulseJ, double latencyPerPulseS, int pulsesPerCell = 1) =>
        new(EnergyJ(rows, columns, arrays, energyPerPulseJ, pulsesPerCell), TimeS(rows, arrays, parallelArrays, latencyPerPulseS, pulsesPerCell));
}
