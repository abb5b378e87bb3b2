namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Horowitz's delay of a gate driven by a ramp (M. Horowitz, "Timing models for MOS circuits", Stanford PhD thesis, 1983), in
/// the form NeuroSim V1.4 formula.cpp horowitz uses (taken from CACTI): with the stage's time constant τ = R C, the input ramp rate
/// ρ (1/s; the inverse of the input transition time), the switching threshold v_s = 0.5 and β = 0.5 (NeuroSim and CACTI fix it,
/// ignoring their β argument): α = 1 / (ρ τ), delay t = τ sqrt(ln(v_s)^2 + 2 α β (1 - v_s)), output ramp rate (1 - v_s) / t.
/// A step input (ρ → ∞) gives t = ln 2 x τ; a slower input (smaller ρ) or a larger τ gives a longer delay.
/// </summary>
public static class Horowitz
{
    /// <summary>Normalised switching voltage v_s (NeuroSim V1.4 formula.cpp horowitz: vs = 0.5).</summary>
    public const double SwitchingThreshold = 0.5;

    /// <summary>β (NeuroSim V1.4 formula.cpp horowitz sets beta = 0.5 whatever it is passed, as CACTI does).</summary>
    public const double Beta = 0.5;

    /// <summary>
    /// Delay and output ramp rate of a stage of time constant <paramref name="timeConstantS"/> (s, > 0) driven by an input of ramp
    /// rate <paramref name="inputRampRatePerS"/> (1/s, > 0; <see cref="double.PositiveInfinity"/> for a step, which NeuroSim
    /// writes as 1e20).
    /// </summary>
    public static SwitchingDelay Delay(double timeConstantS, double inputRampRatePerS)
    {
        Check.Positive(timeConstantS);
        if (!(inputRampRatePerS > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(inputRampRatePerS), inputRampRatePerS, "must be > 0 (+infinity for a step input)");
        }

        double alpha = 1 / (inputRampRatePerS * timeConstantS);
        double logVs = Math.Log(SwitchingThreshold);
        double delay = timeConstantS * Math.Sqrt((logVs * logVs) + (2 * alpha * Beta * (1 - SwitchingThreshold)));
        return new SwitchingDelay(delay, (1 - SwitchingThreshold) / delay);
    }
}
