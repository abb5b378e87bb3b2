using IMCSim.Simulator.Components;
using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>
/// The latch sense amplifier (NeuroSim V1.4 SenseAmp.cpp), the flash ADC built on it and the ADC-survey estimates; function units and
/// SRAM/eNVM periphery after NeuroSim (BitShifter.cpp, Chip.cpp's ReLU, MaxPooling.cpp + Comparator.cpp, Precharger.cpp,
/// SRAMWriteDriver.cpp, LevelShifter.cpp); the one-time weight-programming cost.
/// </summary>
public sealed class AdditionalComponentsTests
{
    private static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    private static double Pitch(TechnologyNode t) => CellLayout.For(t).StandardHeightM;

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Latch_DecisionTimeIsLogarithmicInTheInputDifference_CostsLinearInColumns(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        double p = Pitch(t);
        // t = tau ln(V_dd / V): halving V adds tau ln 2, every time.
        double step = LatchSenseAmp.LatencyS(t, 0.05, p) - LatchSenseAmp.LatencyS(t, 0.1, p);
        Assert.True(step > 0);
        Assert.Equal(step, LatchSenseAmp.LatencyS(t, 0.025, p) - LatchSenseAmp.LatencyS(t, 0.05, p), step * 1e-9);
        double tau = step / Math.Log(2);
        Assert.Equal(tau * Math.Log(t.SupplyVoltageV.Value / 0.1), LatchSenseAmp.LatencyS(t, 0.1, p), tau * 1e-9);
        Assert.Equal(4 * LatchSenseAmp.AreaM2(t, 16, p), LatchSenseAmp.AreaM2(t, 64, p), LatchSenseAmp.AreaM2(t, 1, p) * 1e-9);
        Assert.Equal(4 * LatchSenseAmp.LeakageW(t, 16, p), LatchSenseAmp.LeakageW(t, 64, p), LatchSenseAmp.LeakageW(t, 1, p) * 1e-9);
        Assert.Equal(64 * LatchSenseAmp.EnergyPerDecisionJ(t, p), LatchSenseAmp.Cost(t, 64, 0.1, p).EnergyPerOperationJ, 1e-24);
        double vdd = t.SupplyVoltageV.Value;
        Assert.Equal(LatchSenseAmp.LoadCapacitanceF(t, p) * vdd * vdd, LatchSenseAmp.EnergyPerDecisionJ(t, p), 1e-24);
    }

    [Fact]
    public void Latch_LoadIncludesTheCrossCoupledGates_22nm()
    {
        // 22 nm: C_g per width 1.429800e-9 F/m; the cross-coupled pair's gates are (7.5 + 3.75) F = 247.5 nm -> 3.53876e-16 F, the
        // rest is drain capacitance. The latch switches more than that but less than ten times it.
        double c = LatchSenseAmp.LoadCapacitanceF(T22, Pitch(T22));
        Assert.InRange(c, 3.53876e-16 * 1.01, 3.53876e-15);
    }

    [Fact]
    public void Flash_Counts()
    {
        // One-hot stage 2^N - 1 gates, then N OR trees of 2^(N-1) - 1 gates: 5 bits 31 + 5 x 15 = 106.
        Assert.Equal(106, FlashAdc.EncoderGates(5));
        for (int n = 1; n <= 12; n++)
        {
            Assert.Equal((1 << n) - 1, FlashAdc.Comparators(n));
            Assert.Equal((1 << n) - 1 + (n * ((1 << (n - 1)) - 1)), FlashAdc.EncoderGates(n));
            Assert.Equal(0.5 / (1 << n), FlashAdc.SenseVoltageV(n, 1.0), 1e-15);
        }
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void Flash_EnergyIsComparatorDecisionsPlusEncoder_AndGrowsAboutAsTwoToTheN(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        double latch = LatchSenseAmp.EnergyPerDecisionJ(t, Pitch(t));
        double e1 = FlashAdc.EnergyPerConversionJ(t, 1);
        double gate = e1 - latch; // one comparator and one encoder gate at 1 bit
        Assert.True(gate > 0);
        for (int n = 1; n <= 10; n++)
        {
            double expected = (FlashAdc.Comparators(n) * latch) + (FlashAdc.EncoderGates(n) * gate);
            Assert.Equal(expected, FlashAdc.EnergyPerConversionJ(t, n), expected * 1e-9);
        }

        for (int n = 4; n <= 10; n++)
        {
            double ratio = FlashAdc.EnergyPerConversionJ(t, n) / FlashAdc.EnergyPerConversionJ(t, n - 1);
            Assert.InRange(ratio, 1.9, 2.6);
            Assert.True(FlashAdc.AreaM2(t, n, 8) > 1.9 * FlashAdc.AreaM2(t, n - 1, 8));
            Assert.True(FlashAdc.LatencyS(t, n, 0.5) > FlashAdc.LatencyS(t, n - 1, 0.5));
        }

        Assert.Equal(4 * FlashAdc.AreaM2(t, 5, 16), FlashAdc.AreaM2(t, 5, 64), FlashAdc.AreaM2(t, 5, 1) * 1e-9);
    }

    [Fact]
    public void Flash_EncoderGateIsTheAdderNand_22nm()
    {
        // The encoder's NAND2 is the ripple-carry adder's (enlarged 4F / 2F x P/N): V_dd^2 C_in = 4.74987e-16 J (AccumulationTests),
        // and its energy (C_in + C_out) V_dd^2 is more than that but less than twice.
        double gate = FlashAdc.EnergyPerConversionJ(T22, 1) - LatchSenseAmp.EnergyPerDecisionJ(T22, Pitch(T22));
        Assert.InRange(gate, 4.74987e-16, 2 * 4.74987e-16);
    }

    [Fact]
    public void Flash_LadderPowerIsStatic()
    {
        // 0.5 V across 100 kOhm: 2.5 uW per ADC, on top of the gates' leakage.
        double open = FlashAdc.LeakageW(T22, 5, 4, 0.5, double.PositiveInfinity);
        Assert.True(open > 0);
        Assert.Equal(open + (4 * 2.5e-6), FlashAdc.LeakageW(T22, 5, 4, 0.5, 1e5), 1e-15);
        var c = FlashAdc.Cost(T22, 5, 4, 0.5, 1e5);
        Assert.Equal(FlashAdc.LatencyS(T22, 5, 0.5), c.LatencyPerConversionS);
        Assert.Equal(FlashAdc.EnergyPerConversionJ(T22, 5), c.EnergyPerConversionJ);
    }

    [Fact]
    public void Survey_SchreierEnvelope_HandValue()
    {
        // 8 ENOB -> SNDR 49.92 dB; at 1 MHz FoM_S = 186.72332 - 10 log10(1 + (1e6 / 46.7345e6)^2) = 186.72133 dB;
        // P / f_snyq = 0.5 x 10^((49.92 - 186.72133) / 10) = 1.044328e-14 J.
        Assert.Equal(186.72133, AdcSurveyFoM.SchreierEnvelopeAtDb(1e6), 1e-5);
        Assert.Equal(1.044328e-14, AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 1e6), 1e-20);
        // At the corner the envelope is 3.01 dB lower; a given FoM overrides the envelope.
        Assert.Equal(AdcSurveyFoM.SchreierEnvelopeDb - (10 * Math.Log10(2)), AdcSurveyFoM.SchreierEnvelopeAtDb(AdcSurveyFoM.SchreierCornerHz), 1e-9);
        Assert.Equal(0.5 * Math.Pow(10, (49.92 - 180) / 10), AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 1e9, 180), 1e-25);
    }

    [Fact]
    public void Survey_EnergyFourTimesPerBit_AndRisesWithSpeed()
    {
        for (int n = 2; n <= 16; n++)
        {
            // 6.02 dB per bit: 10^0.602 = 3.9994 per bit.
            double ratio = AdcSurveyFoM.SchreierEnergyPerConversionJ(n, 1e8) / AdcSurveyFoM.SchreierEnergyPerConversionJ(n - 1, 1e8);
            Assert.Equal(Math.Pow(10, 0.602), ratio, 1e-9);
            Assert.True(AdcSurveyFoM.EnvelopeEnergyPerConversionJ(n) > AdcSurveyFoM.EnvelopeEnergyPerConversionJ(n - 1));
        }

        Assert.True(AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 1e9) > 100 * AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 1e6));
        // Envelope: 0.27 pJ + 0.145 aJ x 4^8 = 0.27 pJ + 9.50272 fJ = 2.7950272e-13 J; Walden 5 fJ/step x 2^8 = 1.28 pJ.
        Assert.Equal(2.7950272e-13, AdcSurveyFoM.EnvelopeEnergyPerConversionJ(8), 1e-24);
        Assert.Equal(1.28e-12, AdcSurveyFoM.WaldenEnergyPerConversionJ(8, 5e-15), 1e-24);
        var c = AdcSurveyFoM.Cost(8, 1e6, 128, 1e-9);
        Assert.Equal(1.28e-7, c.AreaM2, 1e-18);
        Assert.Equal(1e-6, c.LatencyPerConversionS, 1e-18);
        Assert.Equal(0, c.LeakageW);
    }

    [Fact]
    public void Adcs_BadArguments_Throw_NamingTheArgument()
    {
        double p = Pitch(T22);
        Assert.Equal("senseVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => LatchSenseAmp.LatencyS(T22, 0, p)).ParamName);
        Assert.Equal("senseVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => LatchSenseAmp.LatencyS(T22, 0.9, p)).ParamName);
        Assert.Equal("pitchM", Assert.Throws<ArgumentOutOfRangeException>(() => LatchSenseAmp.AreaM2(T22, 4, 5 * 22e-9)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => LatchSenseAmp.LeakageW(T22, 0, p)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => FlashAdc.AreaM2(T22, 0, 4)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => FlashAdc.EnergyPerConversionJ(T22, 13)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => FlashAdc.AreaM2(T22, 5, 0)).ParamName);
        Assert.Equal("fullScaleVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => FlashAdc.LatencyS(T22, 5, -1)).ParamName);
        Assert.Equal("ladderResistanceOhm", Assert.Throws<ArgumentOutOfRangeException>(() => FlashAdc.LeakageW(T22, 5, 1, 0.5, 0)).ParamName);
        Assert.Equal("enob", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.SchreierEnergyPerConversionJ(0, 1e6)).ParamName);
        Assert.Equal("enob", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.EnvelopeEnergyPerConversionJ(double.NaN)).ParamName);
        Assert.Equal("nyquistRateHz", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 0)).ParamName);
        Assert.Equal("schreierFomDb", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.SchreierEnergyPerConversionJ(8, 1e6, double.NaN)).ParamName);
        Assert.Equal("waldenFomJPerStep", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.WaldenEnergyPerConversionJ(8, -1)).ParamName);
        Assert.Equal("areaPerAdcM2", Assert.Throws<ArgumentOutOfRangeException>(() => AdcSurveyFoM.Cost(8, 1e6, 1, -1)).ParamName);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(7)]
    public void BitShifterAndReLU_AreRegistersOfUnitsTimesBits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        Assert.Equal(Dff.Cost(t, 32, 1e9), BitShifter.Cost(t, 4, 8, 1e9));
        Assert.Equal(BitShifter.Cost(t, 16, 8, 1e9), ReLU.Cost(t, 16, 8, 1e9));
        // 22 nm: a DFF is 1.2359424e-12 m^2 (AccumulationTests), 4 x 8 of them 3.95501568e-11 m^2.
        if (nm == 22)
        {
            Assert.Equal(3.95501568e-11, BitShifter.Cost(t, 4, 8, 1e9).AreaM2, 1e-19);
        }

        Assert.Equal(0.5e-9, ReLU.Cost(t, 1, 8, 1e9).LatencyS, 1e-20);
    }

    [Fact]
    public void MaxPooling_Shape()
    {
        // W - 1 comparators in ceil(log2 W) stages: a 2 x 2 window 3 comparators in 2 stages, 3 x 3 8 in 4.
        Assert.Equal(2, MaxPooling.Stages(4));
        Assert.Equal(4, MaxPooling.Stages(9));
        for (int w = 1; w <= 100; w++)
        {
            Assert.Equal(w - 1, MaxPooling.Comparators(w));
            Assert.Equal((int)Math.Ceiling(Math.Log2(w)), MaxPooling.Stages(w));
        }
    }

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void MaxPooling_LinearInComparatorsAndUnits_LatencyPerStage_GrowsWithBits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        Assert.Equal(3 * MaxPooling.AreaM2(t, 2, 8, 2), MaxPooling.AreaM2(t, 2, 8, 4), 1e-20);
        Assert.Equal(5 * MaxPooling.AreaM2(t, 1, 8, 4), MaxPooling.AreaM2(t, 5, 8, 4), 1e-20);
        Assert.Equal(8 * MaxPooling.EnergyPerOperationJ(t, 3, 8, 2), MaxPooling.EnergyPerOperationJ(t, 3, 8, 9), 1e-24);
        Assert.Equal(8 * MaxPooling.LeakageW(t, 3, 8, 2), MaxPooling.LeakageW(t, 3, 8, 9), 1e-18);
        double stage = MaxPooling.LatencyS(t, 8, 2, 1e-15);
        Assert.True(stage > 0);
        Assert.Equal(2 * stage, MaxPooling.LatencyS(t, 8, 4, 1e-15), stage * 1e-9);
        Assert.Equal(2 * stage, MaxPooling.LatencyS(t, 8, 3, 1e-15), stage * 1e-9);
        Assert.Equal(4 * stage, MaxPooling.LatencyS(t, 8, 9, 1e-15), stage * 1e-9);
        Assert.True(MaxPooling.LatencyS(t, 8, 2, 1e-14) > stage);
        for (int n = 2; n <= 16; n++)
        {
            Assert.True(MaxPooling.AreaM2(t, 1, n, 4) > MaxPooling.AreaM2(t, 1, n - 1, 4));
            Assert.True(MaxPooling.EnergyPerOperationJ(t, 1, n, 4) > MaxPooling.EnergyPerOperationJ(t, 1, n - 1, 4));
            Assert.True(MaxPooling.LeakageW(t, 1, n, 4) > MaxPooling.LeakageW(t, 1, n - 1, 4));
            Assert.True(MaxPooling.LatencyS(t, n + 1, 4, 0) > MaxPooling.LatencyS(t, n, 4, 0));
        }

        var none = MaxPooling.Cost(t, 4, 8, 1, 0);
        Assert.Equal(new DigitalCost(0, 0, 0, 0), none);
    }

    [Fact]
    public void Precharger_Spot_22nmLstp()
    {
        // Precharge (6F) and equaliser (2F) PMOS both enlarged to the cell's PMOS room, 28 F - 3.6 F = 24.4 F: each an unfolded
        // one-transistor cell 2 CPP = 7.6 F = 167.2 nm wide, 616 nm high; a column is 167.2 nm x 3 x 616 nm = 3.089856e-13 m^2.
        Assert.Equal(3.089856e-13 * 128, Precharger.AreaM2(T22, 128), 1e-20);
        // C_BL V_dd^2 per column: 100 fF x 0.7225 x 128 = 9.248e-12 J.
        Assert.Equal(9.248e-12, Precharger.EnergyPerOperationJ(T22, 1e-13, 128), 1e-24);
        Assert.Equal(9.248e-12, Precharger.Cost(T22, 128, 1e-13, 0).EnergyPerOperationJ, 1e-24);
        Assert.True(Precharger.LatencyS(T22, 2e-13, 0) > Precharger.LatencyS(T22, 1e-13, 0));
        // The wire adds R C / 2 to the time constant: ln 2 x (1 kOhm x 100 fF / 2) on a step input.
        double wire = Precharger.LatencyS(T22, 1e-13, 1000) - Precharger.LatencyS(T22, 1e-13, 0);
        Assert.Equal(Math.Log(2) * 1000 * 1e-13 / 2, wire, 1e-16);
        Assert.Equal(4 * Precharger.LeakageW(T22, 32), Precharger.LeakageW(T22, 128), 1e-18);
    }

    [Fact]
    public void SramWriteDriver_Spot_22nmLstp()
    {
        // Three enlarged minimum inverters per column, each unfolded 167.2 nm x 616 nm: 3.089856e-13 m^2 per column.
        Assert.Equal(3.089856e-13 * 64, SramWriteDriver.AreaM2(T22, 64), 1e-20);
        Assert.Equal(2 * SramWriteDriver.EnergyPerWriteJ(T22, 32), SramWriteDriver.EnergyPerWriteJ(T22, 64), 1e-24);
        Assert.Equal(0, SramWriteDriver.EnergyPerWriteJ(T22, 0));
        Assert.True(SramWriteDriver.LatencyS(T22, 2e-13, 1000) > SramWriteDriver.LatencyS(T22, 1e-13, 1000));
        Assert.True(SramWriteDriver.LatencyS(T22, 1e-13, 2000) > SramWriteDriver.LatencyS(T22, 1e-13, 1000));
        Assert.Equal(4 * SramWriteDriver.LeakageW(T22, 16), SramWriteDriver.LeakageW(T22, 64), 1e-18);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void LevelShifter_WriteChargesTheLoadAtTheWriteVoltage(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        // d E_write / d C_load = 2 V_write^2 (half SET, half RESET); the rest is the low side (one read) plus 2 C_high V_write^2.
        double e0 = LevelShifter.EnergyPerWriteJ(t, 0, 2.0);
        Assert.Equal(2 * 1e-13 * 4.0, LevelShifter.EnergyPerWriteJ(t, 1e-13, 2.0) - e0, 1e-22);
        Assert.True(e0 > LevelShifter.EnergyPerReadJ(t, 1));
        Assert.True(LevelShifter.EnergyPerWriteJ(t, 0, 3.0) > e0);
        Assert.Equal(8 * LevelShifter.EnergyPerReadJ(t, 1), LevelShifter.EnergyPerReadJ(t, 8), 1e-24);
        Assert.Equal(4 * LevelShifter.AreaM2(t, 32), LevelShifter.AreaM2(t, 128), LevelShifter.AreaM2(t, 1) * 1e-9);
        Assert.True(LevelShifter.LatencyS(t, 1e-13) > LevelShifter.LatencyS(t, 1e-14));
        Assert.Equal(0, LevelShifter.Cost(t, 8, 1e-13, 2.0).LeakageW);
    }

    [Fact]
    public void WeightProgramming_HandValues()
    {
        // 4 arrays of 128 x 128 cells at 10 pJ per cell: 65536 cells x 10 pJ = 655.36 nJ; rows in series at 1 us each, two arrays at a
        // time: 128 x 1 us x 2 rounds = 256 us.
        var c = WeightProgramming.Cost(128, 128, 4, 2, 10e-12, 1e-6);
        Assert.Equal(6.5536e-7, c.EnergyJ, 1e-18);
        Assert.Equal(2.56e-4, c.TimeS, 1e-15);
        // Linear in cells and pulses; time does not depend on the columns; 5 arrays 2 at a time take 3 rounds.
        Assert.Equal(10 * c.EnergyJ, WeightProgramming.EnergyJ(128, 128, 4, 10e-12, 10), 1e-17);
        Assert.Equal(2 * c.EnergyJ, WeightProgramming.EnergyJ(128, 256, 4, 10e-12), 1e-17);
        Assert.Equal(c.TimeS, WeightProgramming.Cost(128, 256, 4, 2, 10e-12, 1e-6).TimeS);
        Assert.Equal(3 * 128 * 1e-6, WeightProgramming.TimeS(128, 5, 2, 1e-6), 1e-15);
        Assert.Equal(128 * 1e-6, WeightProgramming.TimeS(128, 5, 5, 1e-6), 1e-15);
        Assert.Equal(new ProgrammingCost(0, 0), WeightProgramming.Cost(128, 128, 4, 4, 0, 0));
    }

    [Fact]
    public void FunctionUnits_BadArguments_Throw_NamingTheArgument()
    {
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => BitShifter.Cost(T22, 0, 8, 1e9)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => ReLU.Cost(T22, 4, -1, 1e9)).ParamName);
        Assert.Equal("clockHz", Assert.Throws<ArgumentOutOfRangeException>(() => ReLU.Cost(T22, 4, 8, 0)).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.AreaM2(T22, 1, 8, 0)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.EnergyPerOperationJ(T22, 1, 0, 4)).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.LeakageW(T22, 0, 8, 4)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.LatencyS(T22, 8, 4, -1)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.AreaM2(T22, 0)).ParamName);
        Assert.Equal("bitlineCapacitanceF", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.LatencyS(T22, double.NaN, 0)).ParamName);
        Assert.Equal("bitlineResistanceOhm", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.LatencyS(T22, 1e-13, -1)).ParamName);
        Assert.Equal("columnsSwitched", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.EnergyPerOperationJ(T22, 1e-13, -1)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => SramWriteDriver.LeakageW(T22, 0)).ParamName);
        Assert.Equal("columnsWritten", Assert.Throws<ArgumentOutOfRangeException>(() => SramWriteDriver.EnergyPerWriteJ(T22, -1)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.AreaM2(T22, 0)).ParamName);
        Assert.Equal("writeVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.EnergyPerWriteJ(T22, 1e-13, 0)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.LatencyS(T22, -1e-15)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(0, 128, 1, 1e-12)).ParamName);
        Assert.Equal("pulsesPerCell", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(128, 128, 1, 1e-12, 0)).ParamName);
        Assert.Equal("parallelArrays", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.TimeS(128, 4, 0, 1e-6)).ParamName);
        Assert.Equal("energyPerPulseJ", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(128, 128, 1, -1)).ParamName);
    }
}
