namespace IMCSim.Simulator.Components;

/// <summary>
/// ADC energy per conversion from the state-of-the-art envelopes of B. Murmann, "ADC Performance Survey 1997-2024" (ISSCC and VLSI
/// Symposium data; github.com/bmurmann/ADC-survey), an alternative to the circuit models (<see cref="SarAdc"/>, <see cref="FlashAdc"/>)
/// that says what the best published converters of a resolution and speed spend. Formula family: figure of merit. ENOB = (SNDR -
/// 1.76 dB) / 6.02 dB.
/// <list type="bullet">
/// <item>Schreier FoM (<see cref="SchreierEnergyPerConversionJ"/>): FoM_S = SNDR + 10 log10((f_snyq / 2) / P), so one conversion at
/// the Nyquist rate costs P / f_snyq = 10^((SNDR - FoM_S) / 10) / 2. The survey's envelope (plots/foms_plot.ipynb, fitted values
/// in plots/foms_plot.json at commit 36d15ce) is FoM_S(f) = 186.72 dB - 10 log10(1 + (f_snyq / 46.73 MHz)^2): flat at low speed,
/// falling 10 dB per decade above the corner (jitter and speed limits). Energy grows 4x per bit.</item>
/// <item>Energy envelope (<see cref="EnvelopeEnergyPerConversionJ"/>, plots/energy_plot.ipynb): P / f_snyq = E_0 + k 4^ENOB, E_0 the
/// mean of the three lowest P / f_snyq in the survey, k the mean of the three lowest (P / f_snyq) / 4^ENOB; the plot's legend, as
/// quoted in a third-party survey digest (not recomputed here from the survey spreadsheet, which is binary), gives E_0 = 0.27 pJ and k = 0.145 aJ (a floor of digital and overhead energy at low resolution, thermal noise above ~10 bits).</item>
/// <item>Walden FoM (<see cref="WaldenEnergyPerConversionJ"/>): P / f_s = FoM_W 2^ENOB for a caller's FoM_W (J per conversion step);
/// the survey plots FoM_W but publishes no single envelope value, so none is built in.</item>
/// <item>Latency 1 / f_snyq; leakage 0 (the survey's power is the total power); area: the survey lists areas but fits no envelope,
/// so <see cref="Cost"/> takes the area per ADC from the caller.</item>
/// </list>
/// No technology-node scaling is applied: the envelopes are over all nodes in the survey (the best points are recent 28-5 nm
/// designs), so they are an optimistic bound at an older node.
/// </summary>
public static class AdcSurveyFoM
{
    /// <summary>Low-frequency asymptote of the Schreier FoM envelope, dB (survey plots/foms_plot.json foms_db_asymp, commit 36d15ce).</summary>
    public const double SchreierEnvelopeDb = 186.72331722916883;

    /// <summary>Corner of the Schreier FoM envelope, Hz (survey plots/foms_plot.json f_corner, commit 36d15ce).</summary>
    public const double SchreierCornerHz = 46734517.05669982;

    /// <summary>Floor of the energy envelope, J (survey energy plot legend: 0.27 pJ).</summary>
    public const double EnvelopeFloorJ = 0.27e-12;

    /// <summary>Coefficient of 4^ENOB in the energy envelope, J (survey energy plot legend: 0.145 aJ).</summary>
    public const double EnvelopeSlopeJ = 0.145e-18;

    private const double MaxEnob = 24;

    /// <summary>SNDR of an ideal quantiser of <paramref name="enob"/> effective bits, 6.02 ENOB + 1.76, dB.</summary>
    public static double SndrDb(double enob) => (6.02 * Enob(enob)) + 1.76;

    /// <summary>The survey's Schreier FoM envelope at Nyquist rate <paramref name="nyquistRateHz"/>, dB.</summary>
    public static double SchreierEnvelopeAtDb(double nyquistRateHz)
    {
        double x = AdcArguments.Positive(nyquistRateHz) / SchreierCornerHz;
        return SchreierEnvelopeDb - (10 * Math.Log10(1 + (x * x)));
    }

    /// <summary>
    /// Energy of one conversion at <paramref name="enob"/> effective bits and Nyquist rate <paramref name="nyquistRateHz"/> (Hz) on the
    /// survey's Schreier FoM envelope, or at <paramref name="schreierFomDb"/> when given, J.
    /// </summary>
    public static double SchreierEnergyPerConversionJ(double enob, double nyquistRateHz, double? schreierFomDb = null)
    {
        double fom = schreierFomDb is { } given
            ? (double.IsFinite(given) ? given : throw new ArgumentOutOfRangeException(nameof(schreierFomDb), given, "must be a finite number"))
            : SchreierEnvelopeAtDb(nyquistRateHz);
        AdcArguments.Positive(nyquistRateHz);
        return 0.5 * Math.Pow(10, (SndrDb(enob) - fom) / 10);
    }

    /// <summary>Energy of one conversion at <paramref name="enob"/> effective bits on the survey's energy envelope, E_0 + k 4^ENOB, J.</summary>
    public static double EnvelopeEnergyPerConversionJ(double enob) => EnvelopeFloorJ + (EnvelopeSlopeJ * Math.Pow(4, Enob(enob)));

    /// <summary>Energy of one conversion from a Walden figure of merit <paramref name="waldenFomJPerStep"/> (J per conversion step), FoM_W 2^ENOB, J.</summary>
    public static double WaldenEnergyPerConversionJ(double enob, double waldenFomJPerStep) =>
        AdcArguments.Positive(waldenFomJPerStep) * Math.Pow(2, Enob(enob));

    /// <summary>
    /// Costs of <paramref name="columns"/> ADCs of <paramref name="enob"/> effective bits at <paramref name="nyquistRateHz"/> on the
    /// Schreier envelope: area = columns x <paramref name="areaPerAdcM2"/>, energy per conversion, latency 1 / f_snyq, leakage 0.
    /// </summary>
    public static AdcCost Cost(double enob, double nyquistRateHz, int columns, double areaPerAdcM2) =>
        new(AdcArguments.NonNegative(areaPerAdcM2) * AdcArguments.Count(columns), SchreierEnergyPerConversionJ(enob, nyquistRateHz), 1 / AdcArguments.Positive(nyquistRateHz), 0);

    private static double Enob(double enob, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(enob))] string? name = null) =>
        double.IsFinite(enob) && enob > 0 && enob <= MaxEnob
            ? enob
            : throw new ArgumentOutOfRangeException(name, enob, $"effective bits must be > 0 and <= {MaxEnob}");
}
