namespace IMCSim.Devices.Spec;

/// <summary>How conductance changes with time since programming (device file <c>drift.model</c>).</summary>
public enum DriftKind
{
    /// <summary>No drift (<c>none</c>).</summary>
    None,

    /// <summary><c>power-law</c>: G(t) = G_prog ((t + t0) / t0)^(-nu), nu = |N(nu_mean, nu_sigma)| per device.</summary>
    PowerLaw,

    /// <summary>
    /// <c>pcm-aihwkit</c> (aihwkit PCMLikeNoiseModel.generate_drift_coefficients and apply_drift_noise_to_conductance):
    /// per-device nu with a mean and spread that depend on the target state, G_d = G_prog ((t + t0) / t0)^(-nu), then the
    /// 1/f noise accumulated since programming G = max(0, G_d + |G_d| Q_s(G_prog) sqrt(ln((t + t0 + t_read) / (2 t_read))) N(0,1)),
    /// t_read = read.pulse_ns.
    /// </summary>
    PcmAihwkit,
}
