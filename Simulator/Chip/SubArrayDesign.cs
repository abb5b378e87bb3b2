using IMCSim.Simulator.Components;
using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// One array with its periphery, after DNN+NeuroSim V1.4's SubArray.cpp (parallel read; neurosim/DNN_NeuroSim_V1.4 @0e3bff1):
/// the cell array (rows x cell height by columns x cell width, F = the node), a word-line switch matrix (one pass-gate pair and a
/// flip-flop per row), the column mux (columns per ADC to one ADC) with its decoder, the ADCs, the partial-sum adders when the rows
/// are read in several groups, the shift-add that combines a weight's slice columns and the shift-add that accumulates the input
/// bits. Areas, energies per event and the sensing path that sets a synchronous clock; the layer accounting is in
/// <see cref="ChipCostModel"/>.
/// <list type="bullet">
/// <item>Row wire: length columns x cell width, capacitance 0.2 fF/um (the node's) plus one access-transistor gate per cell;
/// resistance from the node's row wire. Column capacitance: wire plus one access drain per cell.</item>
/// <item>Word-line energy per driven row: C_row V_dd^2, once per mux phase (NeuroSim charges the rows on every column-mux step);
/// booked as array energy (NeuroSim books it as ADC energy).</item>
/// <item>ADC: the column read presents R_col = 1 / (rows driven x mean cell conductance), the current the converter senses; its
/// energy carries the column's conduction (there is no separate cell-current term, as in NeuroSim).</item>
/// <item>Sensing path: max(word-line switch, mux + mux decoder) + bit-line precharge (SRAM) + one conversion.</item>
/// <item>SRAM cells leak as two minimum inverters of 1F transistors each (NeuroSim SubArray.cpp); other cells do not leak.</item>
/// </list>
/// </summary>
public sealed class SubArrayDesign
{
    /// <summary>NeuroSim Param.cpp sizingfactor_MUX at 22 nm: mux-decoder driver sizing.</summary>
    public const double MuxDecoderSizing = 110;

    /// <summary>NeuroSim Param.cpp switchmatrixsizeratio at 22 nm: the word-line switch gates are sized for this fraction of the row wire's resistance.</summary>
    public const double SwitchMatrixSizeRatio = 0.2;

    /// <summary>NeuroSim SubArray.cpp: level shifters are built when the cell's write voltage exceeds this.</summary>
    public const double LevelShifterThresholdV = 1.5;

    public SubArrayDesign(ChipSpec spec, ArrayCell cell, int columnsPerOutput, int weightBits)
    {
        TechnologyNode tech = spec.Technology;
        Spec = spec;
        Cell = cell;
        double f = tech.FeatureSizeM;
        double vdd = tech.SupplyVoltageV.Value;
        int rows = spec.ArrayRows, cols = spec.ArrayCols;
        WidthM = cols * cell.WidthF * f;
        HeightM = rows * cell.HeightF * f;
        double wireCap = tech.WireCapacitancePerLengthFPerM.Value;
        double accessWidth = AccessWidthM(tech, cell);
        double rowCap = (wireCap * WidthM) + (cols * GateCapacitance.TransistorF(tech, accessWidth));
        double colCap = (wireCap * HeightM) + (rows * DrainCapacitance.TransistorF(tech, MosType.Nmos, accessWidth, CellLayout.For(tech).StandardHeightM));
        double rowOhm = tech.RowWire.OhmPerUm * WidthM * 1e6;
        double cellOnOhm = cell.OnResistanceOhm + cell.AccessResistanceOhm;
        ArrayAreaM2 = WidthM * HeightM;
        WordLineEnergyPerRowJ = rowCap * vdd * vdd;

        double switchTarget = Math.Max(rowOhm * SwitchMatrixSizeRatio, 1);
        WordLineSwitch = SwitchMatrix.Cost(tech, rows, switchTarget, cell.ReadVoltageV, cols, wireCap * cell.WidthF * f, tech.RowWire.OhmPerUm * cell.WidthF * f * 1e6);
        double switchIdle = SwitchMatrix.EnergyPerReadJ(tech, rows, switchTarget, true, 0, cell.ReadVoltageV);
        WordLineSwitchEnergyPerReadJ = switchIdle;
        WordLineSwitchEnergyPerDrivenRowJ = (SwitchMatrix.EnergyPerReadJ(tech, rows, switchTarget, true, 1, cell.ReadVoltageV) - switchIdle) / rows;
        WriteDriver = cell.IsSram ? SramWriteDriver.Cost(tech, cols, 0, 0) : default;

        Adcs = spec.AdcsPerArray;
        double muxTarget = cellOnOhm / Math.Max(1, spec.ReadRows / 2.0);
        if (spec.ColsPerAdc > 1)
        {
            ColumnMux = Mux.Cost(tech, cols, spec.ColsPerAdc, muxTarget, cell.ReadVoltageV, colCap);
            MuxDecoder = Mux.DecoderCost(tech, cols, spec.ColsPerAdc, muxTarget, MuxDecoderSizing);
        }

        // Sense path at a typical column: half the rows read at once conducting.
        ColumnCapacitanceF = colCap;
        ReferenceColumnEnergyJ = cell.IsSram ? rowCap / cols * vdd * vdd * rows : 0;
        ReferenceColumnAreaM2 = HeightM * cell.WidthF * f;
        AdcBits = spec.AdcBits;
        Adc = spec.Adc.Cost(tech, AdcBits, Adcs, Column(Math.Max(1, spec.ReadRows / 2.0)));

        // Digital accumulation: partial sums of the row groups, the slices of a weight, the input bits.
        ColumnsPerOutput = columnsPerOutput;
        PartialSumBits = AdcBits + ChipMath.Log2Ceiling(spec.RowGroups);
        WeightSumBits = PartialSumBits + (columnsPerOutput > 1 ? weightBits - 1 : 0);
        OutputBits = WeightSumBits + spec.InputBits + 1;
        double partialArea = spec.RowGroups > 1 ? RippleCarryAdder.AreaM2(tech, PartialSumBits, Adcs) + Dff.AreaM2(tech, Adcs * PartialSumBits) : 0;
        double partialLeak = spec.RowGroups > 1 ? RippleCarryAdder.LeakageW(tech, PartialSumBits, Adcs) + Dff.LeakageW(tech, Adcs * PartialSumBits) : 0;
        double weightArea = columnsPerOutput > 1 ? ShiftAdd.AreaM2(tech, Adcs, PartialSumBits, columnsPerOutput) : 0;
        double weightLeak = columnsPerOutput > 1 ? ShiftAdd.LeakageW(tech, Adcs, PartialSumBits, columnsPerOutput) : 0;
        int cycles = spec.InputCycles;
        AccumulationAreaM2 = partialArea + weightArea + ShiftAdd.AreaM2(tech, Adcs, WeightSumBits + spec.InputBits, cycles);
        AccumulationLeakageW = partialLeak + weightLeak + ShiftAdd.LeakageW(tech, Adcs, WeightSumBits + spec.InputBits, cycles);
        PartialAddJ = RippleCarryAdder.EnergyPerAddJ(tech, PartialSumBits);
        InputAddJ = RippleCarryAdder.EnergyPerAddJ(tech, WeightSumBits + spec.InputBits);
        RegisterBitJ = Dff.EnergyPerClockJ(tech, 1);
        double wordLine = WordLineSwitch.LatencyS;
        double mux = ColumnMux.LatencyS + MuxDecoder.LatencyS;
        double colOhm = tech.ColumnWire.OhmPerUm * HeightM * 1e6;
        Precharger = cell.IsSram ? Components.Precharger.Cost(tech, cols, colCap, colOhm) : default;
        SensingPathS = Math.Max(wordLine, mux) + Precharger.LatencyS + Adc.LatencyPerConversionS;
        // Strips under the array are as wide as the array (NeuroSim SubArray::CalculateArea): the mux at the height of its decoder
        // (one NOR cell per select line), the SRAM write drivers in one row of three cell heights.
        double cellHeight = CellLayout.For(tech).StandardHeightM;
        double muxHeight = spec.ColsPerAdc > 1 ? Math.Max(ColumnMux.AreaM2 / WidthM, (1 << ChipMath.Log2Ceiling(spec.ColsPerAdc)) * cellHeight) : 0;
        ColumnMux = ColumnMux with { AreaM2 = muxHeight * WidthM };
        WriteDriver = WriteDriver with { AreaM2 = cell.IsSram ? Math.Max(WriteDriver.AreaM2, WidthM * 3 * cellHeight) : 0 };
        OtherAreaM2 = WordLineSwitch.AreaM2 + ColumnMux.AreaM2 + MuxDecoder.AreaM2 + WriteDriver.AreaM2;
        double below = Adc.AreaM2 + Precharger.AreaM2 + WriteDriver.AreaM2 + AccumulationAreaM2 + ColumnMux.AreaM2;
        // A write voltage above 1.5 V needs level shifters on the word, bit and source lines (NeuroSim SubArray.cpp): the word- and
        // bit-line banks beside the array at its height, the source-line bank above it at its width.
        bool shifters = cell.WriteVoltageV > LevelShifterThresholdV;
        double shifterArea = shifters ? LevelShifter.AreaM2(tech, 1) * PostLayoutFactors.For(spec.PostLayoutCalibration).LevelShifterArea : 0;
        LevelShifterAreaM2 = shifterArea * ((2 * rows) + cols);
        LevelShifterLeakageW = shifters ? LevelShifter.Cost(tech, (2 * rows) + cols, 0, cell.WriteVoltageV).LeakageW : 0;
        OtherAreaM2 += LevelShifterAreaM2;
        double left = Math.Max(WordLineSwitch.AreaM2 / HeightM, muxHeight > 0 ? MuxDecoder.AreaM2 / muxHeight : 0) + (2 * rows * shifterArea / HeightM);
        double top = cols * shifterArea / WidthM;
        BoxHeightM = top + HeightM + (below / WidthM);
        BoxWidthM = WidthM + left;
        BoxAreaM2 = BoxHeightM * BoxWidthM;
        CellLeakageW = cell.IsSram ? (double)rows * cols * 2 * Leakage.GatePowerW(tech, LogicGate.Inverter, f, f) : 0;
    }

    public ChipSpec Spec { get; }

    public int ColumnsPerOutput { get; }

    /// <summary>Bits of a row-group partial sum, of a weight's combined slices, and of the sub-array's output (all input bits in).</summary>
    public int PartialSumBits { get; }

    public int WeightSumBits { get; }

    public int OutputBits { get; }

    /// <summary>Shift-adds and partial-sum adders, m^2 and W.</summary>
    public double AccumulationAreaM2 { get; }

    public double AccumulationLeakageW { get; }

    /// <summary>Word-line switch, mux and mux decoder, m^2.</summary>
    public double OtherAreaM2 { get; }

    /// <summary>The sub-array's bounding box: periphery below the array at its width, switch matrix and mux decoder beside it (NeuroSim's layout), m^2 and m.</summary>
    public double BoxAreaM2 { get; }

    public double BoxHeightM { get; }

    public double BoxWidthM { get; }

    /// <summary>Energy of one add of a partial sum (or of a slice into a weight: the same width), of an input bit into the output, J; one flip-flop clock, J.</summary>
    public double PartialAddJ { get; }

    public double InputAddJ { get; }

    public double RegisterBitJ { get; }

    /// <summary>Leakage of the whole sub-array, W.</summary>
    public double LeakageW => WordLineSwitch.LeakageW + MuxDecoder.LeakageW + Adc.LeakageW + Precharger.LeakageW + WriteDriver.LeakageW + LevelShifterLeakageW + AccumulationLeakageW + CellLeakageW;

    public ArrayCell Cell { get; }

    public int AdcBits { get; }

    public double WidthM { get; }

    public double HeightM { get; }

    public double ArrayAreaM2 { get; }

    public double ColumnCapacitanceF { get; }

    public double ReferenceColumnAreaM2 { get; }

    /// <summary>Activating the reference column: its cells' share of the word lines, C_row / columns x V_dd^2 x rows (NeuroSim reference_energy_peri), J.</summary>
    public double ReferenceColumnEnergyJ { get; }

    /// <summary>Charging one word line (C_row V_dd^2), J.</summary>
    public double WordLineEnergyPerRowJ { get; }

    public DigitalCost WordLineSwitch { get; }

    /// <summary>Switch-matrix energy of one read: its flip-flops clocked (<see cref="WordLineSwitchEnergyPerReadJ"/>) plus the gates of each driven row (<see cref="WordLineSwitchEnergyPerDrivenRowJ"/>), J.</summary>
    public double WordLineSwitchEnergyPerReadJ { get; }

    public double WordLineSwitchEnergyPerDrivenRowJ { get; }

    /// <summary>Write-voltage level shifters on the word, bit and source lines (2 x rows + columns), when the write voltage exceeds 1.5 V: area (x α with post-layout factors) and leakage.</summary>
    public double LevelShifterAreaM2 { get; }

    public double LevelShifterLeakageW { get; }

    /// <summary>SRAM write drivers (area and leakage only: weights are written once).</summary>
    public DigitalCost WriteDriver { get; }

    public int Adcs { get; }

    public AdcCost Adc { get; }

    /// <summary>Column mux (none at one column per ADC).</summary>
    public DigitalCost ColumnMux { get; }

    public DigitalCost MuxDecoder { get; }

    /// <summary>SRAM bit-line precharger: area (booked with the ADC, as NeuroSim) and its time in the sensing path; its energy is not charged in the parallel (current-sensing) read, as in NeuroSim.</summary>
    public DigitalCost Precharger { get; }

    /// <summary>The sub-array's sensing path: word line or mux, then one conversion, s.</summary>
    public double SensingPathS { get; }

    public double CellLeakageW { get; }

    /// <summary>The column an ADC senses when <paramref name="drivenRows"/> rows are driven (mean cell conductance each).</summary>
    public SenseAmpColumns Column(double drivenRows)
    {
        double g = drivenRows * Cell.MeanConductanceS;
        double colOhm = g > 0 ? 1 / g : double.PositiveInfinity;
        double v = Cell.ReadVoltageV;
        return new SenseAmpColumns(colOhm, Cell.OnResistanceOhm + Cell.AccessResistanceOhm, Spec.ReadRows, v, ColumnCapacitanceF, ReferenceColumnEnergyJ, ReferenceColumnAreaM2);
    }

    /// <summary>Energy of one conversion when <paramref name="drivenRows"/> rows are driven, J.</summary>
    public double ConversionEnergyJ(double drivenRows) =>
        Spec.Adc.Cost(Spec.Technology, AdcBits, Adcs, Column(drivenRows)).EnergyPerConversionJ;

    /// <summary>
    /// Access transistor width: 1F for SRAM (NeuroSim widthAccessCMOS); else sized so that its on-resistance in the linear region
    /// (x 0.2, LINEAR_REGION_RATIO) is the card's access resistance, as NeuroSim SubArray.cpp does (no 1F floor: 0.69F for its RRAM).
    /// </summary>
    private static double AccessWidthM(TechnologyNode tech, ArrayCell cell)
    {
        double f = tech.FeatureSizeM;
        if (cell.IsSram || cell.AccessResistanceOhm <= 0)
        {
            return f;
        }

        return f * OnResistance.Ohm(tech, MosType.Nmos, f) * SwitchMatrix.LinearRegionRatio / cell.AccessResistanceOhm;
    }
}
