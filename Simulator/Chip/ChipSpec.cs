using IMCSim.Simulator.Common;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// The hardware the cost model builds: technology, array geometry and read (rows driven per conversion), the ADC kind,
/// resolution and sharing, input bits and DAC bits, the clock (0 = synchronous: the period is the critical sensing path, as
/// NeuroSim's default), layer pipelining, NeuroSim's novel mapping of convolutions, the pipeline's speed-up degree (weight replication), the global
/// interconnect, and whether NeuroSim's post-layout calibration factors apply. Validated once here; a bad value is an
/// <see cref="SettingException"/> naming the setting key.
/// </summary>
public sealed record ChipSpec
{
    public ChipSpec(
        TechnologyNode technology,
        int arrayRows,
        int arrayCols,
        int readRows,
        AdcDesign adc,
        int adcBits,
        int colsPerAdc,
        int inputBits,
        int dacBits,
        double clockHz,
        bool pipeline,
        bool novelMapping,
        int speedUpDegree,
        InterconnectDesign interconnect,
        bool postLayoutCalibration,
        int chipTiles = 0,
        int tileBufferBits = 0,
        int peSize = 0,
        IReadOnlyDictionary<string, int>? layerReplication = null)
    {
        ArgumentNullException.ThrowIfNull(technology);
        Check(arrayRows >= 2 && arrayCols >= 2, "array", $"needs at least 2 x 2 cells for the cost model, got {arrayRows}x{arrayCols}");
        Check(readRows >= 1 && arrayRows % readRows == 0, "parallel-rows", $"must divide the array's {arrayRows} rows, got {readRows}");
        Check(colsPerAdc >= 1 && arrayCols % colsPerAdc == 0, "cols-per-adc",
            $"must divide the array's {arrayCols} columns (valid: {string.Join(", ", Enumerable.Range(1, arrayCols).Where(d => arrayCols % d == 0))}), got {colsPerAdc}");
        Check(adcBits is >= 1 and <= 12, "adc-bits", $"must be 1..12 for the cost model (an unlimited ADC has no cost), got {adcBits}");
        Check(adc != AdcDesign.SenseAmp || adcBits >= 2, "adc-bits", $"the sense-amp ADC needs at least 2 bits, got {adcBits}");
        Check(adc.Unsupported(technology) is null, "adc-type", adc.Unsupported(technology) ?? "");
        Check(inputBits is >= 1 and <= 24, "input-bits", $"must be 1..24 for the cost model (analog inputs have no DAC model yet), got {inputBits}");
        Check(dacBits >= 1 && dacBits <= inputBits, "dac-bits", $"must be 1..input bits ({inputBits}), got {dacBits}");
        Check(clockHz == 0 || clockHz is >= MinClockHz and <= MaxClockHz, "clock-mhz", $"must be 0 (synchronous, from the critical sensing path) or {MinClockHz / 1e6:R}..{MaxClockHz / 1e6:R} MHz, got {clockHz / 1e6}");
        Check(speedUpDegree >= 1, "speedup-degree", $"must be >= 1 (1 = no weight replication), got {speedUpDegree}");
        Check(chipTiles >= 0, "chip-tiles", $"must be >= 0 (0 = as many as the network needs), got {chipTiles}");
        Check(tileBufferBits >= 0, "tile-buffer-bits", $"must be >= 0 (0 = sized for the partial sums), got {tileBufferBits}");
        Check(peSize == 0 || (peSize >= arrayRows && peSize >= arrayCols && peSize % arrayRows == 0 && peSize % arrayCols == 0), "pe-size",
            $"must be a multiple of the array's {arrayRows} rows and {arrayCols} columns (0 = NeuroSim's floorplan search), got {peSize}");
        foreach (var (layer, copies) in layerReplication ?? new Dictionary<string, int>())
        {
            Check(copies >= 1, "layer-replication", $"{layer}={copies}: copies must be >= 1");
        }

        Technology = technology;
        PeSize = peSize;
        LayerReplication = layerReplication ?? new Dictionary<string, int>();
        ChipTiles = chipTiles;
        TileBufferBits = tileBufferBits;
        ArrayRows = arrayRows;
        ArrayCols = arrayCols;
        ReadRows = readRows;
        Adc = adc;
        AdcBits = adcBits;
        ColsPerAdc = colsPerAdc;
        InputBits = inputBits;
        DacBits = dacBits;
        ClockHz = clockHz;
        Pipeline = pipeline;
        NovelMapping = novelMapping;
        SpeedUpDegree = speedUpDegree;
        Interconnect = interconnect;
        PostLayoutCalibration = postLayoutCalibration;
    }

    public TechnologyNode Technology { get; }

    public int ArrayRows { get; }

    public int ArrayCols { get; }

    /// <summary>Rows driven together and summed by one conversion (partial parallel read).</summary>
    public int ReadRows { get; }

    public AdcDesign Adc { get; }

    public int AdcBits { get; }

    public int ColsPerAdc { get; }

    public int InputBits { get; }

    public int DacBits { get; }

    /// <summary>Requested clock, Hz; 0 = synchronous (the period is the sub-array's critical sensing path).</summary>
    public double ClockHz { get; }

    public bool Pipeline { get; }

    public bool NovelMapping { get; }

    /// <summary>NeuroSim's speedUpDegree: the most the first layer's feature-map side is divided by replicating weights for the pipeline.</summary>
    public int SpeedUpDegree { get; }

    public InterconnectDesign Interconnect { get; }

    public bool PostLayoutCalibration { get; }

    /// <summary>Cells per processing-element side; 0 = NeuroSim's floorplan search.</summary>
    public int PeSize { get; }

    /// <summary>Weight copies of named layers, replacing the automatic pipeline replication.</summary>
    public IReadOnlyDictionary<string, int> LayerReplication { get; }

    /// <summary>Tiles the chip has; 0 = as many as the network needs. A layer (with its pipeline copies) that does not fit is an error.</summary>
    public int ChipTiles { get; }

    /// <summary>Bits of each tile's output (and input) register-file buffer; 0 = sized for one read's partial sums (NeuroSim's rule).</summary>
    public int TileBufferBits { get; }

    /// <summary>ADCs per array: array columns / columns per ADC.</summary>
    public int AdcsPerArray => ArrayCols / ColsPerAdc;

    /// <summary>Read cycles per input vector: ceil(input bits / DAC bits).</summary>
    public int InputCycles => (InputBits + DacBits - 1) / DacBits;

    /// <summary>Row groups read one after another per input cycle: array rows / rows read together.</summary>
    public int RowGroups => ArrayRows / ReadRows;

    /// <summary>The slowest explicit clock, 1 kHz: below it a conversion's cycle count is meaningless and times overflow nothing useful.</summary>
    public const double MinClockHz = 1e3;

    /// <summary>The fastest explicit clock, 100 GHz: far beyond any CMOS logic clock (a faster one would round cycle counts to nonsense).</summary>
    public const double MaxClockHz = 1e11;

    private static void Check(bool ok, string setting, string problem)
    {
        if (!ok)
        {
            throw new SettingException(setting, problem);
        }
    }
}
