namespace IMCSim.Devices.Spec;

/// <summary>Per-read noise (re-drawn on every read of the array); see <see cref="ReadNoiseKind"/>.</summary>
public sealed record ReadNoiseSpec(ReadNoiseKind Kind, Sourced RelativeSigma, Sourced TReadS, Sourced ReadIntervalS)
{
    public static ReadNoiseSpec None { get; } = new(ReadNoiseKind.None, default, default, default);
}
