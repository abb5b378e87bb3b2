namespace IMCSim.Mapping.Crossbar;

/// <summary>What a mapped network's crossbar operators do with the current batch.</summary>
public enum CrossbarPass
{
    /// <summary>Hardware reads (noise, ADC, events).</summary>
    Run,

    /// <summary>Calibration pass 1: record input ranges; outputs are the float product.</summary>
    CalibrateInputs,

    /// <summary>Calibration pass 2: record column currents for the ADC range; outputs are the unquantised product.</summary>
    CalibrateAdc,
}

/// <summary>Per-batch state shared by a mapped network's crossbar operators: the pass, and the index of the batch's first sample.</summary>
public sealed class CrossbarRunState
{
    public CrossbarPass Pass { get; set; }

    public long FirstSample { get; set; }

    /// <summary>Timestep of a stateful (spiking) network's read, 0 for DNNs: read noise is drawn fresh per timestep.</summary>
    public int Timestep { get; set; }
}
