namespace IMCSim.Devices.Spec;

/// <summary>A number from a device file and where it comes from (a paper, a tool and file, or "assumption: why").</summary>
public readonly record struct Sourced(double Value, string Source)
{
    public static Sourced Of(double value, string source) => new(value, source);
}
