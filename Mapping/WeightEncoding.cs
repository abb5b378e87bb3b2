namespace IMCSim.Mapping;

/// <summary>How signed weights become non-negative conductances.</summary>
public enum WeightEncoding
{
    /// <summary>w -> G+ - G- on a pair of cells; the pair's currents are subtracted before the ADC.</summary>
    Differential,

    /// <summary>w + offset on one cell; offset x (sum of inputs) is subtracted digitally after the ADC.</summary>
    Offset,
}
