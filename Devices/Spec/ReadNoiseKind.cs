namespace IMCSim.Devices.Spec;

/// <summary>How per-read noise is modelled (device file <c>read_noise.model</c>).</summary>
public enum ReadNoiseKind
{
    /// <summary>No read noise (<c>none</c>).</summary>
    None,

    /// <summary><c>relative</c>: sigma = relative_sigma x |G(t)| on every read.</summary>
    Relative,

    /// <summary>
    /// <c>state-independent</c>: sigma = sigma_us, the same for every conductance state (additive Gaussian, as
    /// Sandia CrossSim's NormalIndependentDevice read noise, simulator/devices/generic_device.py, whose magnitude
    /// is in units of G_max: sigma_us = magnitude x G_max).
    /// </summary>
    StateIndependent,

    /// <summary>
    /// <c>pcm-1f</c>, an IMCSim extension of aihwkit's PCM model: the 1/f noise band of one read,
    /// sigma = |G(t)| Q_s(G_prog) sqrt(ln((T_read_interval + t_read) / (2 t_read))), the expression aihwkit
    /// (PCMLikeNoiseModel.apply_drift_noise_to_conductance) uses for the noise accumulated since programming,
    /// evaluated over one read interval; Q_s = min(0.0088 / max((|G_prog| / G_max)^0.65, 1e-3), 0.2), t_read = read.pulse_ns.
    /// </summary>
    Pcm1F,
}
