namespace IMCSim.Devices.Spec;

/// <summary>
/// Programming noise, drawn once per programming: G = G_T + sigma(G_T) N(0,1), clipped at 0, with
/// sigma(G_T) = max(0, c0 + c1 x + c2 x^2 + c3 x^3) uS and
/// <list type="bullet">
/// <item>x = G_T / G_max (aihwkit PCM form), the polynomial then scaled by G_max / G_max,ref: aihwkit's
/// PCMLikeNoiseModel.apply_programming_noise_to_conductance multiplies sig_prog by g_max / prog_coeff_g_max_reference
/// (25 uS for its default coefficients, g_max itself for user-given ones), so the noise grows with the conductance range;
/// <see cref="GMaxReferenceUs"/> is that reference (absent: no rescaling);</item>
/// <item>x = G_T in uS (RRAM fits in absolute units, no rescaling).</item>
/// </list>
/// <see cref="None"/>: no programming noise.
/// </summary>
public sealed record ProgrammingNoiseSpec(bool Enabled, bool ArgumentIsNormalized, Sourced C0Us, Sourced C1Us, Sourced C2Us, Sourced C3Us, Sourced? GMaxReferenceUs = null)
{
    public static ProgrammingNoiseSpec None { get; } = new(false, false, default, default, default, default);

    /// <summary>sigma in uS at target conductance <paramref name="gUs"/> (device maximum <paramref name="gMaxUs"/>).</summary>
    public double SigmaUs(double gUs, double gMaxUs)
    {
        if (!Enabled)
        {
            return 0;
        }

        double x = ArgumentIsNormalized ? gUs / gMaxUs : gUs;
        double scale = ArgumentIsNormalized && GMaxReferenceUs is { } reference ? gMaxUs / reference.Value : 1;
        return scale * Math.Max(0, C0Us.Value + (x * (C1Us.Value + (x * (C2Us.Value + (x * C3Us.Value))))));
    }
}
