namespace IMCSim.Simulator.Crossbar;

/// <summary>How the ADC full scale is chosen from the column currents of the calibration reads.</summary>
public enum AdcRangeRule
{
    /// <summary>The largest |current| seen: nothing clips on the calibration data.</summary>
    Max,

    /// <summary>A percentile of |current| (e.g. 99.99): the rare largest currents clip.</summary>
    Percentile,

    /// <summary>The clip level that minimises the mean squared conversion error (clipping + LSB^2 / 12 rounding) on the calibration currents, after CrossSim's ADC-limit optimisation on profiled currents.</summary>
    MinimumMse,
}
