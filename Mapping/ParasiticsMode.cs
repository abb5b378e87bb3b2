namespace IMCSim.Mapping;

/// <summary>How wire parasitics enter the simulation (--parasitics none|exact|fast).</summary>
public enum ParasiticsMode
{
    /// <summary>Ideal wires: the column current is G^T V.</summary>
    None,

    /// <summary>Every programmed array solved to a relative residual of 1e-13.</summary>
    Exact,

    /// <summary>Array solves stopped at a relative residual of 1e-4; the first array of every row tile is also solved exactly and the difference reported in ADC LSBs.</summary>
    Fast,
}
