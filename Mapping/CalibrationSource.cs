namespace IMCSim.Mapping;

/// <summary>Which conductances the calibration reads (input and ADC ranges) see.</summary>
public enum CalibrationSource
{
    /// <summary>The arrays as programmed, before drift: programming noise, faults and wire parasitics included (what a chip measures of itself).</summary>
    Programmed,

    /// <summary>The target levels: no noise, no parasitics (IMCSim's rule before 2026-11-30, kept for comparison).</summary>
    Target,
}
