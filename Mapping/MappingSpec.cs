using IMCSim.Devices.Models;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping;

/// <summary>
/// How a network is mapped and read: array geometry, weight and input precision, converters,
/// encoding, non-idealities, time since programming, seed. Validated at construction; each problem
/// names the option. Precision 0 means unlimited: weights stored exactly (ideal devices only),
/// analog inputs in one read, or an ADC that passes the column current through unquantised.
/// </summary>
public sealed record MappingSpec
{
    public MappingSpec(
        int arrayRows = 128,
        int arrayCols = 128,
        int weightBits = 8,
        int bitsPerCell = 2,
        int inputBits = 8,
        int dacBits = 1,
        int adcBits = 6,
        int colsPerAdc = 8,
        WeightEncoding encoding = WeightEncoding.Differential,
        NoiseSelection noise = NoiseSelection.All,
        double driftTimeS = 86400,
        bool globalDriftCompensation = false,
        ulong seed = 1,
        int calibrationImages = 16,
        ParasiticsSpec? parasitics = null)
    {
        Check(arrayRows >= 1, "--array", $"needs at least 1 row, got {arrayRows}");
        Check(arrayCols >= 1, "--array", $"needs at least 1 column, got {arrayCols}");
        Check(weightBits is 0 or (>= 2 and <= 24), "--weight-bits", $"must be 2..24 (0 = unquantised, ideal devices only), got {weightBits}");
        Check(bitsPerCell is >= 1 and <= 24, "--bits-per-cell", $"must be 1..24, got {bitsPerCell}");
        Check(inputBits is >= 0 and <= 24, "--input-bits", $"must be 1..24 (0 = analog inputs), got {inputBits}");
        Check(dacBits >= 1 && (inputBits == 0 || dacBits <= inputBits), "--dac-bits", $"must be 1..input bits ({inputBits}), got {dacBits}");
        Check(adcBits is >= 0 and <= 24, "--adc-bits", $"must be 1..24 (0 = unlimited), got {adcBits}");
        Check(colsPerAdc >= 1 && colsPerAdc <= arrayCols, "--cols-per-adc", $"must be 1..array columns ({arrayCols}), got {colsPerAdc}");
        Check(double.IsFinite(driftTimeS) && driftTimeS >= 0, "--drift-time", $"must be a finite time >= 0, got {driftTimeS}");
        Check(calibrationImages >= 1, "--calibration-images", $"must be >= 1, got {calibrationImages}");
        ArrayRows = arrayRows;
        ArrayCols = arrayCols;
        WeightBits = weightBits;
        BitsPerCell = bitsPerCell;
        InputBits = inputBits;
        DacBits = dacBits;
        AdcBits = adcBits;
        ColsPerAdc = colsPerAdc;
        Encoding = encoding;
        Noise = noise;
        DriftTimeS = driftTimeS;
        GlobalDriftCompensation = globalDriftCompensation;
        Seed = seed;
        CalibrationImages = calibrationImages;
        Parasitics = (parasitics ?? ParasiticsSpec.None).Validated();
    }

    /// <summary>Wire parasitics of the arrays (none by default).</summary>
    public ParasiticsSpec Parasitics { get; init; }

    public int ArrayRows { get; init; }

    public int ArrayCols { get; init; }

    public int WeightBits { get; init; }

    public int BitsPerCell { get; init; }

    public int InputBits { get; init; }

    public int DacBits { get; init; }

    public int AdcBits { get; init; }

    public int ColsPerAdc { get; init; }

    public WeightEncoding Encoding { get; init; }

    public NoiseSelection Noise { get; init; }

    public double DriftTimeS { get; init; }

    public bool GlobalDriftCompensation { get; init; }

    public ulong Seed { get; init; }

    public int CalibrationImages { get; init; }

    /// <summary>Weight slices per stored weight: ceil(magnitude bits / bits per cell); magnitude bits = weight bits - 1 (differential) or weight bits (offset).</summary>
    public int Slices => WeightBits == 0 ? 1 : (MagnitudeBits + BitsPerCell - 1) / BitsPerCell;

    public int MagnitudeBits => Encoding == WeightEncoding.Differential ? WeightBits - 1 : WeightBits;

    /// <summary>Cells per weight slice: 2 for a differential pair, 1 with an offset.</summary>
    public int CellsPerSlice => Encoding == WeightEncoding.Differential ? 2 : 1;

    /// <summary>Input cycles per read: ceil(input bits / DAC bits), 1 for analog inputs.</summary>
    public int InputCycles => InputBits == 0 ? 1 : (InputBits + DacBits - 1) / DacBits;

    private static void Check(bool ok, string option, string message)
    {
        if (!ok)
        {
            throw new InputException(option, message);
        }
    }
}
