namespace IMCSim.Devices.Models;

/// <summary>Which non-idealities a simulation applies (--noise all|none|programming,read,drift,variation,faults).</summary>
[Flags]
public enum NoiseSelection
{
    None = 0,
    Programming = 1,
    Read = 2,
    Drift = 4,
    Variation = 8,
    Faults = 16,
    All = Programming | Read | Drift | Variation | Faults,
}
