using IMCSim.Devices.Models;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Crossbar;

namespace IMCSim.Mapping;

/// <summary>
/// How a network is mapped and read: array geometry, weight and input precision, converters,
/// encoding, calibration rules, non-idealities, time since programming, seed. Validated in its one
/// constructor (properties are get-only, so a <c>with</c> expression cannot make it invalid); each
/// problem is a <see cref="SettingException"/> naming the setting key. Precision 0 means unlimited:
/// weights stored exactly (ideal devices only), analog inputs in one read, or an ADC that passes the
/// column current through unquantised.
/// </summary>
public sealed record MappingSpec
{
    public MappingSpec(
        int arrayRows = SettingDefaults.ArrayRows,
        int arrayCols = SettingDefaults.ArrayCols,
        int weightBits = SettingDefaults.WeightBits,
        int bitsPerCell = SettingDefaults.BitsPerCell,
        int inputBits = SettingDefaults.InputBits,
        int dacBits = SettingDefaults.DacBits,
        int adcBits = SettingDefaults.AdcBits,
        int colsPerAdc = SettingDefaults.ColsPerAdc,
        WeightEncoding encoding = SettingDefaults.Encoding,
        NoiseSelection noise = SettingDefaults.Noise,
        double driftTimeS = SettingDefaults.DriftTimeS,
        bool globalDriftCompensation = SettingDefaults.Gdc,
        ulong seed = SettingDefaults.Seed,
        int calibrationImages = SettingDefaults.CalibrationImages,
        ParasiticsSpec? parasitics = null,
        AdcRangeRule adcRange = SettingDefaults.AdcRange,
        double adcPercentile = SettingDefaults.AdcPercentile,
        CalibrationSource calibration = SettingDefaults.Calibration,
        int parallelRows = SettingDefaults.ParallelRows,
        int? autoBitsPerCellCap = null)
    {
        Check(arrayRows >= 1, "array", $"needs at least 1 row, got {arrayRows}");
        Check(arrayCols >= 1, "array", $"needs at least 1 column, got {arrayCols}");
        Check(weightBits is 0 or (>= 2 and <= 24), "weight-bits", $"must be 2..24 (0 = unquantised, ideal devices only), got {weightBits}");
        Check(bitsPerCell is >= 1 and <= 24, "bits-per-cell", $"must be 1..24, got {bitsPerCell}");
        Check(inputBits is >= 0 and <= 24, "input-bits", $"must be 1..24 (0 = analog inputs), got {inputBits}");
        Check(dacBits >= 1 && (inputBits == 0 || dacBits <= inputBits), "dac-bits", $"must be 1..input bits ({inputBits}), got {dacBits}");
        Check(adcBits is >= 0 and <= 24, "adc-bits", $"must be 1..24 (0 = unlimited), got {adcBits}");
        Check(colsPerAdc >= 1 && colsPerAdc <= arrayCols, "cols-per-adc", $"must be 1..array columns ({arrayCols}), got {colsPerAdc}");
        Check(double.IsFinite(driftTimeS) && driftTimeS >= 0, "drift-time", $"must be a finite time >= 0, got {driftTimeS}");
        Check(calibrationImages >= 1, "calibration-images", $"must be >= 1, got {calibrationImages}");
        Check(Enum.IsDefined(encoding), "encoding", $"unknown encoding {encoding}");
        Check(Enum.IsDefined(adcRange), "adc-range", $"unknown rule {adcRange}");
        Check(Enum.IsDefined(calibration), "calibration", $"unknown source {calibration}");
        Check(double.IsFinite(adcPercentile) && adcPercentile > 0 && adcPercentile <= 100, "adc-percentile", $"must be in (0, 100], got {adcPercentile}");
        Check(autoBitsPerCellCap is null or (>= 1 and <= 24), "bits-per-cell", $"the automatic choice must be capped at 1..24 bits, got {autoBitsPerCellCap}");
        Check(parallelRows == 0 || (parallelRows >= 1 && parallelRows <= arrayRows && arrayRows % parallelRows == 0), "parallel-rows",
            $"must divide the array's {arrayRows} rows (0 = all rows; valid: {string.Join(", ", Enumerable.Range(1, Math.Max(1, arrayRows)).Where(d => arrayRows % d == 0))}), got {parallelRows}");
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
        Parasitics = parasitics ?? ParasiticsSpec.None;
        AdcRange = adcRange;
        AdcPercentile = adcPercentile;
        Calibration = calibration;
        ParallelRows = parallelRows;
        AutoBitsPerCellCap = autoBitsPerCellCap;
        Scheme = encoding == WeightEncoding.Differential ? WeightEncodingScheme.Differential : WeightEncodingScheme.Offset;
        Slicing = new WeightSlicing(Scheme.MagnitudeBits(weightBits), bitsPerCell);
        Dac = new InputDac(inputBits, dacBits);
    }

    /// <summary>
    /// With bits per cell left automatic: the most a layer's cells hold (the default, 2), each layer taking the fewer its device
    /// stores (<see cref="ForDevice"/>: SRAM layers 1, PCM layers 2 on one hybrid chip); null when bits per cell was set, the same
    /// for every layer. <see cref="BitsPerCell"/> is then the fewest over the chip's devices.
    /// </summary>
    public int? AutoBitsPerCellCap { get; }

    /// <summary>This mapping for a layer on <paramref name="device"/>: its own bits per cell when they are automatic, else this.</summary>
    public MappingSpec ForDevice(IMCSim.Devices.Spec.DeviceSpec device)
    {
        ArgumentNullException.ThrowIfNull(device);
        int bits = AutoBitsPerCellCap is int cap ? Math.Min(cap, device.MaxBits) : BitsPerCell;
        return bits == BitsPerCell ? this : Copy(bits, InputBits, DacBits);
    }

    /// <summary>This mapping for a layer whose inputs are binary spikes: 1-bit inputs, one read per timestep (no bit-serial cycles).</summary>
    public MappingSpec ForSpikes() => InputBits == 1 && DacBits == 1 ? this : Copy(BitsPerCell, 1, 1);

    private MappingSpec Copy(int bitsPerCell, int inputBits, int dacBits) =>
        new(ArrayRows, ArrayCols, WeightBits, bitsPerCell, inputBits, dacBits, AdcBits, ColsPerAdc, Encoding, Noise, DriftTimeS,
            GlobalDriftCompensation, Seed, CalibrationImages, Parasitics, AdcRange, AdcPercentile, Calibration, ParallelRows, AutoBitsPerCellCap);

    /// <summary>Wire parasitics of the arrays (none by default).</summary>
    public ParasiticsSpec Parasitics { get; }

    public int ArrayRows { get; }

    public int ArrayCols { get; }

    public int WeightBits { get; }

    public int BitsPerCell { get; }

    public int InputBits { get; }

    public int DacBits { get; }

    public int AdcBits { get; }

    public int ColsPerAdc { get; }

    public WeightEncoding Encoding { get; }

    public NoiseSelection Noise { get; }

    public double DriftTimeS { get; }

    public bool GlobalDriftCompensation { get; }

    public ulong Seed { get; }

    public int CalibrationImages { get; }

    /// <summary>How the ADC full scale is set from the calibration currents.</summary>
    public AdcRangeRule AdcRange { get; }

    /// <summary>Percentile of |current| for <see cref="AdcRangeRule.Percentile"/>.</summary>
    public double AdcPercentile { get; }

    /// <summary>Which conductances the calibration reads use.</summary>
    public CalibrationSource Calibration { get; }

    /// <summary>Rows driven together in one read (partial parallel read), 0 = every row of the array.</summary>
    public int ParallelRows { get; }

    /// <summary>
    /// Rows one read drives and one conversion sums: <see cref="ParallelRows"/>, or the array's rows. An array of
    /// R rows is read in R / ReadRows row groups per input cycle, each converted on its own; their partial sums are
    /// added digitally (NeuroSim's partial parallel read).
    /// </summary>
    public int ReadRows => ParallelRows == 0 ? ArrayRows : ParallelRows;

    /// <summary>The weight encoding as a type (the one place the enum is switched on).</summary>
    public WeightEncodingScheme Scheme { get; }

    /// <summary>How weight magnitudes are cut into cells.</summary>
    public WeightSlicing Slicing { get; }

    /// <summary>The row drivers: input bits applied DAC bits per cycle.</summary>
    public InputDac Dac { get; }

    /// <summary>Weight slices per stored weight: ceil(magnitude bits / bits per cell).</summary>
    public int Slices => Slicing.Slices;

    public int MagnitudeBits => Slicing.MagnitudeBits;

    /// <summary>Cells per weight slice: 2 for a differential pair, 1 with an offset.</summary>
    public int CellsPerSlice => Scheme.CellsPerSlice;

    /// <summary>Input cycles per read: ceil(input bits / DAC bits), 1 for analog inputs.</summary>
    public int InputCycles => Dac.Cycles;

    private static void Check(bool ok, string key, string message)
    {
        if (!ok)
        {
            throw new SettingException(key, message);
        }
    }
}
