using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping;

/// <summary>
/// Wire parasitics of the arrays: off (ideal wires), an exact solve of every programmed array (its
/// effective conductance matrix replaces G), or a fast approximate solve that reports its error
/// against the exact one on a sample of arrays. Wire segment resistances come from
/// the technology node and each device's cell size unless set directly; source and sink resistance
/// default to 0 (ideal driver, virtual-ground sensing).
/// </summary>
public sealed record ParasiticsSpec(ParasiticsMode Mode, int TechnologyNodeNm = 32, double? RowWireOhm = null, double? ColWireOhm = null, double SourceOhm = 0, double SinkOhm = 0)
{
    public static ParasiticsSpec None { get; } = new(ParasiticsMode.None);

    public bool Enabled => Mode != ParasiticsMode.None;

    /// <summary>Relative residual the array solves run to: exact 1e-13; fast stops at 1e-4 (a few iterations).</summary>
    public double Tolerance => Mode == ParasiticsMode.Fast ? 1e-4 : 1e-13;

    public ParasiticsSpec Validated()
    {
        if (!WireResistance.Nodes.Contains(TechnologyNodeNm))
        {
            throw new InputException("--node", $"no wire data for {TechnologyNodeNm} nm; valid: {string.Join(", ", WireResistance.Nodes)}");
        }

        foreach (var (option, value) in new[] { ("--rw-row", RowWireOhm ?? 0), ("--rw-col", ColWireOhm ?? 0), ("--rs", SourceOhm), ("--rsink", SinkOhm) })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new InputException(option, $"must be a finite resistance >= 0 ohm, got {value}");
            }
        }

        return this;
    }

    /// <summary>(row, column) wire segment resistance for a cell of <paramref name="cellAreaF2"/> F^2.</summary>
    public (double Row, double Col) WireOhm(double cellAreaF2, double featureNm)
    {
        double fromNode = WireResistance.PerSegmentOhm(TechnologyNodeNm, cellAreaF2, featureNm);
        return (RowWireOhm ?? fromNode, ColWireOhm ?? fromNode);
    }
}
