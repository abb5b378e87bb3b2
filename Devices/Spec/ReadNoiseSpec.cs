namespace IMCSim.Devices.Spec;

/// <summary>
/// Per-read noise (re-drawn on every read of the array); see <see cref="ReadNoiseKind"/>. Only the fields of
/// <see cref="Kind"/> are set: <see cref="RelativeSigma"/> (relative), <see cref="SigmaUs"/> (state-independent,
/// uS), <see cref="ReadIntervalS"/> (pcm-1f: the time between successive reads of a cell, s).
/// </summary>
public sealed record ReadNoiseSpec(ReadNoiseKind Kind, Sourced RelativeSigma, Sourced SigmaUs, Sourced ReadIntervalS)
{
    public static ReadNoiseSpec None { get; } = new(ReadNoiseKind.None, default, default, default);

    public static ReadNoiseSpec Relative(Sourced relativeSigma) => new(ReadNoiseKind.Relative, relativeSigma, default, default);

    public static ReadNoiseSpec StateIndependent(Sourced sigmaUs) => new(ReadNoiseKind.StateIndependent, default, sigmaUs, default);

    public static ReadNoiseSpec Pcm1F(Sourced readIntervalS) => new(ReadNoiseKind.Pcm1F, default, default, readIntervalS);

    /// <summary>The device-file spelling of <see cref="Kind"/>.</summary>
    public string ModelName => Kind switch
    {
        ReadNoiseKind.Relative => "relative",
        ReadNoiseKind.StateIndependent => "state-independent",
        ReadNoiseKind.Pcm1F => "pcm-1f",
        _ => "none",
    };
}
