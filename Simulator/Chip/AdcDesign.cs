using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// The kind of ADC at the bottom of the array's columns (the setting adc-type): each kind costs a bank of converters from the
/// technology, the resolution, the number of converters and the column they sense (<see cref="SenseAmpColumns"/>: the column's
/// resistance, the cells' on-resistance, rows read at once, read voltage, column capacitance and reference column).
/// </summary>
public abstract class AdcDesign
{
    private protected AdcDesign(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>Successive-approximation ADC (<see cref="SarAdc"/>).</summary>
    public static AdcDesign Sar { get; } = new SarDesign();

    /// <summary>NeuroSim's multi-level current sense amplifier (<see cref="MultilevelSenseAmp"/>).</summary>
    public static AdcDesign SenseAmp { get; } = new SenseAmpDesign();

    /// <summary>Flash ADC (<see cref="FlashAdc"/>, first principles): full scale = the read voltage, no static ladder current counted.</summary>
    public static AdcDesign Flash { get; } = new FlashDesign();

    /// <summary>
    /// A SAR ADC whose energy per conversion is the ADC survey's energy envelope at ENOB = bits (<see cref="AdcSurveyFoM"/>: the best
    /// published converters, Murmann's ADC Performance Survey); area and time of NeuroSim's SAR.
    /// </summary>
    public static AdcDesign SurveySar { get; } = new SurveyDesign();

    public static IReadOnlyList<AdcDesign> All { get; } = [Sar, SenseAmp, Flash, SurveySar];

    /// <summary>The setting's name: sar, sense-amp, flash, sar-survey.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>Why this kind cannot be costed at <paramref name="tech"/> (null when it can): its fits cover only some nodes.</summary>
    public virtual string? Unsupported(TechnologyNode tech) => null;

    /// <summary>Area, energy per conversion, conversion time and leakage of <paramref name="adcs"/> converters of <paramref name="bits"/> bits.</summary>
    public abstract AdcCost Cost(TechnologyNode tech, int bits, int adcs, SenseAmpColumns column);

    public override string ToString() => Name;

    private sealed class SarDesign() : AdcDesign("sar", "successive-approximation ADC (NeuroSim V1.4 SarADC.cpp)")
    {
        public override AdcCost Cost(TechnologyNode tech, int bits, int adcs, SenseAmpColumns column) =>
            SarAdc.Cost(tech, bits, adcs, column.ColumnResistanceOhm, column.ReadVoltageV);
    }

    private sealed class FlashDesign() : AdcDesign("flash", "flash ADC: 2^N - 1 latch comparators and an encoder (first principles, docs/COST.md)")
    {
        public override AdcCost Cost(TechnologyNode tech, int bits, int adcs, SenseAmpColumns column) =>
            FlashAdc.Cost(tech, bits, adcs, column.ReadVoltageV, double.PositiveInfinity);
    }

    private sealed class SurveyDesign() : AdcDesign("sar-survey", "SAR ADC with the ADC survey's energy envelope (Murmann, ADC Performance Survey), NeuroSim's SAR area and time")
    {
        public override AdcCost Cost(TechnologyNode tech, int bits, int adcs, SenseAmpColumns column)
        {
            AdcCost sar = SarAdc.Cost(tech, bits, adcs, column.ColumnResistanceOhm, column.ReadVoltageV);
            return sar with { EnergyPerConversionJ = AdcSurveyFoM.EnvelopeEnergyPerConversionJ(bits) };
        }
    }

    private sealed class SenseAmpDesign() : AdcDesign("sense-amp", "multi-level current sense amplifier (NeuroSim V1.4 MultilevelSenseAmp.cpp)")
    {
        public override string? Unsupported(TechnologyNode tech) =>
            tech.NodeNm >= 22 && tech.Roadmap == DeviceRoadmap.LowStandbyPower
                ? null
                : $"the sense-amp ADC has NeuroSim's fits for 130-22 nm LSTP only, not {tech.NodeNm} nm {(tech.Roadmap == DeviceRoadmap.HighPerformance ? "HP" : "LSTP")}; use sar, flash or sar-survey there";

        /// <summary>The sense amplifiers and their thermometer-to-binary encoders (<see cref="SenseAmpEncoder"/>): areas, leakages and latencies add.</summary>
        public override AdcCost Cost(TechnologyNode tech, int bits, int adcs, SenseAmpColumns column)
        {
            AdcCost amp = MultilevelSenseAmp.Cost(tech, bits, adcs, column), encoder = SenseAmpEncoder.Cost(tech, bits, adcs);
            return new AdcCost(amp.AreaM2 + encoder.AreaM2, amp.EnergyPerConversionJ, amp.LatencyPerConversionS + encoder.LatencyPerConversionS, amp.LeakageW + encoder.LeakageW);
        }
    }
}
