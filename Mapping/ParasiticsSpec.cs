using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping;

/// <summary>
/// Wire parasitics of the arrays: off (ideal wires), an exact solve of every programmed array (its
/// effective conductance matrix replaces G), or a fast approximate solve that reports its error
/// against the exact one on a sample of arrays. Wire segment resistances come from
/// the technology node and each device's cell size unless set directly; source and sink resistance
/// default to 0 (ideal driver, virtual-ground sensing). Validated at construction (setting keys in errors).
/// </summary>
public sealed record ParasiticsSpec
{
    public ParasiticsSpec(ParasiticsMode mode, int technologyNodeNm = Settings.SettingDefaults.NodeNm, double? rowWireOhm = null, double? colWireOhm = null, double sourceOhm = 0, double sinkOhm = 0, int maxIterations = Settings.SettingDefaults.SolverMaxIterations)
    {
        if (maxIterations < 1)
        {
            throw new SettingException("parasitics", $"the solver needs at least 1 iteration, got {maxIterations}");
        }

        if (!WireResistance.Nodes.Contains(technologyNodeNm))
        {
            throw new SettingException("node", $"no wire data for {technologyNodeNm} nm; valid: {string.Join(", ", WireResistance.Nodes)}");
        }

        foreach (var (key, value) in new[] { ("rw-row", rowWireOhm ?? 0), ("rw-col", colWireOhm ?? 0), ("rs", sourceOhm), ("rsink", sinkOhm) })
        {
            if (!CrossbarCircuit.IsUsableResistance(value))
            {
                throw new SettingException(key, $"must be 0 or a resistance of {CrossbarCircuit.MinResistanceOhm:R}..{CrossbarCircuit.MaxResistanceOhm:R} ohm, got {value}");
            }
        }

        Mode = mode;
        TechnologyNodeNm = technologyNodeNm;
        RowWireOhm = rowWireOhm;
        ColWireOhm = colWireOhm;
        SourceOhm = sourceOhm;
        SinkOhm = sinkOhm;
        MaxIterations = maxIterations;
    }

    public static ParasiticsSpec None { get; } = new(ParasiticsMode.None);

    public ParasiticsMode Mode { get; }

    public int TechnologyNodeNm { get; }

    public double? RowWireOhm { get; }

    public double? ColWireOhm { get; }

    public double SourceOhm { get; }

    public double SinkOhm { get; }

    /// <summary>Iteration cap of every array solve (a solve that reaches it above its tolerance is an error).</summary>
    public int MaxIterations { get; }

    public bool Enabled => Mode != ParasiticsMode.None;

    /// <summary>Relative residual the array solves run to: exact 1e-13; fast stops at 1e-4 (a few iterations).</summary>
    public double Tolerance => Mode == ParasiticsMode.Fast ? 1e-4 : 1e-13;

    /// <summary>(row, column) wire segment resistance of a cell <paramref name="cellHeightF"/> x <paramref name="cellWidthF"/> F at the node (F = node; a row segment spans the cell width, a column segment its height), unless set directly.</summary>
    public (double Row, double Col) WireOhm(double cellHeightF, double cellWidthF)
    {
        var (row, col) = WireResistance.SegmentOhm(TechnologyNodeNm, cellHeightF, cellWidthF);
        return (RowWireOhm ?? row, ColWireOhm ?? col);
    }
}
