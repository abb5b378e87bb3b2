namespace IMCSim.Devices.Spec;

/// <summary>
/// Programming noise, drawn once per programming: G = G_T + sigma(G_T) N(0,1), clipped at 0, with
/// sigma(G_T) = max(0, c0 + c1 x + c2 x^2 + c3 x^3) uS, x = G_T / G_max (aihwkit PCM form) or
/// x = G_T in uS (RRAM fits). <see cref="None"/>: no programming noise.
/// </summary>
public sealed record ProgrammingNoiseSpec(bool Enabled, bool ArgumentIsNormalized, Sourced C0Us, Sourced C1Us, Sourced C2Us, Sourced C3Us)
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
        return Math.Max(0, C0Us.Value + (x * (C1Us.Value + (x * (C2Us.Value + (x * C3Us.Value))))));
    }
}
