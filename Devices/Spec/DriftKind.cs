namespace IMCSim.Devices.Spec;

/// <summary>How conductance changes with time since programming.</summary>
public enum DriftKind
{
    /// <summary>No drift.</summary>
    None,

    /// <summary>G(t) = G_prog ((t + t0) / t0)^(-nu), nu = |N(nu_mean, nu_sigma)| per device.</summary>
    PowerLaw,

    /// <summary>
    /// aihwkit PCM: per-device nu with state-dependent mean and spread, G(t) = G_prog ((t + t0) / t0)^(-nu),
    /// then accumulated 1/f read noise G += |G| Q_s sqrt(ln((t + t_read) / (2 t_read))) N(0,1), clipped at 0.
    /// </summary>
    PcmAihwkit,
}
