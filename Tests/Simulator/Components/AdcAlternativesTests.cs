using IMCSim.Simulator.Components;
using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>The latch sense amplifier (NeuroSim V1.4 SenseAmp.cpp), the flash ADC built on it, and the ADC-survey estimates.</summary>
public sealed class AdcAlternativesTests
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
    public void Flash_CountsAndSenseVoltage()
    {
        Assert.Equal(1, FlashAdc.Comparators(1));
        Assert.Equal(31, FlashAdc.Comparators(5));
        Assert.Equal(255, FlashAdc.Comparators(8));
        // One-hot stage 2^N - 1 gates, then N OR trees of 2^(N-1) - 1 gates: 5 bits 31 + 5 x 15 = 106; 1 bit just 1.
        Assert.Equal(1, FlashAdc.EncoderGates(1));
        Assert.Equal(106, FlashAdc.EncoderGates(5));
        Assert.Equal(255 + (8 * 127), FlashAdc.EncoderGates(8));
        Assert.Equal(1.0 / 64, FlashAdc.SenseVoltageV(5, 1.0), 1e-15);
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
    public void BadArguments_Throw_NamingTheArgument()
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
}
