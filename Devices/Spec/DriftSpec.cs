namespace IMCSim.Devices.Spec;

/// <summary>Drift and retention with time since programming; see <see cref="DriftKind"/>.</summary>
public sealed record DriftSpec(DriftKind Kind, Sourced T0S, Sourced NuMean, Sourced NuSigma)
{
    public static DriftSpec None { get; } = new(DriftKind.None, default, default, default);

    /// <summary>The device-file spelling of <see cref="Kind"/>.</summary>
    public string ModelName => Kind switch
    {
        DriftKind.PowerLaw => "power-law",
        DriftKind.PcmAihwkit => "pcm-aihwkit",
        _ => "none",
    };
}
