namespace IMCSim.Mapping.Crossbar;

/// <summary>Per-batch state shared by a mapped network's crossbar operators: calibration or reading, and the index of the batch's first sample.</summary>
public sealed class CrossbarRunState
{
    public bool Calibrating { get; set; }

    public long FirstSample { get; set; }
}
