namespace IMCSim.Devices.Spec;

/// <summary>How per-read noise is modelled.</summary>
public enum ReadNoiseKind
{
    /// <summary>No read noise.</summary>
    None,

    /// <summary>sigma = relative_sigma x |G| on every read.</summary>
    Relative,

    /// <summary>
    /// PCM 1/f noise over the band of one read (aihwkit's Q_s fit): sigma = |G| Q_s(G) sqrt(ln(read_interval / t_read)),
    /// Q_s = min(0.0088 / max((|G| / G_max)^0.65, 1e-3), 0.2).
    /// </summary>
    Pcm1F,
}
