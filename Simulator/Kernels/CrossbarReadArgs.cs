namespace IMCSim.Simulator.Kernels;

/// <summary>What a crossbar read kernel does with each column current.</summary>
public enum CrossbarReadMode
{
    /// <summary>Read noise (when a variance plane is given), ADC, shift-and-add.</summary>
    Read = 0,

    /// <summary>Calibration read: no noise, no ADC; raw currents feed the histogram and the maximum.</summary>
    Calibrate = 1,
}

/// <summary>
/// One bit-serial read of a mapped layer's arrays for a batch of input vectors (one input phase), as
/// an unmanaged struct a GPU kernel can take as is. The layer's weights sit in planes of
/// <see cref="K"/> rows x <see cref="Width"/> columns (level units): row tile t holds rows
/// t·<see cref="ArrayRows"/> ..; column s·N + j is slice s of output j (padded with zero columns to
/// <see cref="Width"/>, a multiple of 16); output j lives in column group (array) j / <see cref="WeightsPerArray"/>.
/// Every (input vector, cycle, row tile) is one read of that tile's arrays:
/// current = sum_k digit_k G[k, col] (+ sqrt(sum_k digit_k^2 V[k, col]) z with one standard normal z per
/// column and read), code = clamp(round(current x <see cref="InverseLsb"/>), <see cref="CodeMin"/>,
/// <see cref="CodeMax"/>) when <see cref="QuantiseAdc"/> is 1, and
/// y[p, j] = sum over tiles, cycles and slices of columnWeight[t, c, s·N + j] x code.
/// Noise counter of a read: ((((FirstRow + p) x Phases + Phase) x Tiles + t) x Cycles + c) x Width + column.
/// </summary>
public readonly record struct CrossbarReadArgs(
    int Rows,
    int K,
    int ArrayRows,
    int N,
    int Slices,
    int Width,
    int WeightsPerArray,
    int Cycles,
    int DacBits,
    int DigitMask,
    int QuantiseAdc,
    float InverseLsb,
    float CodeMin,
    float CodeMax,
    ulong NoiseKey,
    long FirstRow,
    int Phase,
    int Phases,
    double EnergyFjPerUsDigitSquared,
    CrossbarReadMode Mode)
{
    /// <summary>Row tiles: ceil(K / ArrayRows).</summary>
    public int Tiles => (K + ArrayRows - 1) / ArrayRows;

    /// <summary>Arrays side by side in one row tile: ceil(N / WeightsPerArray).</summary>
    public int ColumnGroups => (N + WeightsPerArray - 1) / WeightsPerArray;

    /// <summary>The read index of input vector <paramref name="vector"/> (from 0 in this call), row tile <paramref name="tile"/> and cycle <paramref name="cycle"/>; its noise counters are this x Width + column.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ulong ReadIndex(long vector, int tile, int cycle)
        => ((((((ulong)(FirstRow + vector) * (ulong)Phases) + (ulong)Phase) * (ulong)Tiles) + (ulong)tile) * (ulong)Cycles) + (ulong)cycle;

    /// <summary>Analog inputs (digit mask 0): the input value is applied as is in one cycle.</summary>
    public int Analog => DigitMask == 0 ? 1 : 0;

    public void Validate(int inputs, int conductance, int variance, int rowConductance, int columnWeights, int output, int energy, int drivenRows, int histogram)
    {
        if (Rows < 0 || K < 1 || ArrayRows < 1 || N < 1 || Slices < 1 || Width < Slices * N || Width % 16 != 0 || WeightsPerArray < 1 || Cycles < 1 || Phases < 1 || Phase < 0 || Phase >= Phases)
        {
            throw new ArgumentException($"crossbar read: inconsistent shape {this}");
        }

        long plane = (long)K * Width;
        if (inputs < (long)Rows * K || conductance < plane || (variance != 0 && variance < plane) || (rowConductance != 0 && rowConductance < (long)K * ColumnGroups)
            || columnWeights < (long)Tiles * Cycles * Width || output < (long)Rows * N || energy < Tiles * ColumnGroups || drivenRows < Tiles
            || (histogram != 0 && histogram < Crossbar.CurrentHistogram.Bins))
        {
            throw new ArgumentException($"crossbar read: buffer too short for {this}");
        }
    }
}
