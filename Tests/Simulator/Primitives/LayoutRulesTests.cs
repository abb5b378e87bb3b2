using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Primitives;

/// <summary>NeuroSim V1.4 constant.h (blob 9e6742c) layout rules: sourced, transcribed, and resolved per node.</summary>
public sealed class LayoutRulesTests
{
    [Fact]
    public void EveryRule_HasASourceNamingConstantHAndItsSymbol()
    {
        var rows = LayoutRules.Parameters().ToList();
        Assert.Equal(17 + (7 * 7), rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Field).Distinct().Count());
        Assert.All(rows, r => Assert.Contains("constant.h", r.Source, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("9e6742c", r.Source, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.Value > 0, r.Field));
        Assert.Contains("CPP_7nm", LayoutRules.ForAdvancedNode(7).ContactedPolyPitchF.Source, StringComparison.Ordinal);
        Assert.Contains("Samsung", LayoutRules.ForAdvancedNode(14).CellHeightF.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_AreConstantHs()
    {
        Assert.Equal(28.0, LayoutRules.StandardCellHeightF.Value);
        Assert.Equal(3.5, LayoutRules.PnDiffusionGapF.Value);
        Assert.Equal(2.8, LayoutRules.GatePolyGapF.Value);
        Assert.Equal(1.3, LayoutRules.ContactSizeF.Value);
        Assert.Equal(3.6, LayoutRules.PlanarEdgeMarginF, 12);
        Assert.Equal(3.8, LayoutRules.PlanarContactedPolyPitchF, 12);
        Assert.Equal([14, 10, 7, 5, 3, 2, 1], LayoutRules.AdvancedNodes);
        var r14 = LayoutRules.ForAdvancedNode(14);
        Assert.Equal((41.142, 5.571, 1.857, 9.71, 10.285), (r14.CellHeightF.Value, r14.ContactedPolyPitchF.Value, r14.PolyWidthF.Value, r14.PnDiffusionGapF.Value, r14.OuterHeightF.Value));
        var r1 = LayoutRules.ForAdvancedNode(1);
        Assert.Equal((80.0, 40.0, 12.0, 15.0, 40.0), (r1.CellHeightF.Value, r1.ContactedPolyPitchF.Value, r1.PolyWidthF.Value, r1.PnDiffusionGapF.Value, r1.OuterHeightF.Value));
        Assert.ThrowsAny<ArgumentException>(() => LayoutRules.ForAdvancedNode(22));
    }

    [Fact]
    public void CellLayout_ResolvesPerNode()
    {
        var planar = CellLayout.For(TechnologyCatalog.Get(45));
        Assert.Equal(28 * 45e-9, planar.StandardHeightM, 1e-20);
        Assert.Equal(1.0, planar.HeightScale);
        Assert.Equal(3.8 * 45e-9, planar.ContactedPolyPitchM, 1e-20);
        Assert.Equal(2.8 * 45e-9, planar.DrainRegionWidthM, 1e-20);
        var fin7 = CellLayout.For(TechnologyCatalog.Get(7));
        Assert.Equal(34.285 / 28, fin7.HeightScale, 12);
        Assert.Equal((8.1428 - 3.14) * 7e-9, fin7.DrainRegionWidthM, 1e-20);
        Assert.Equal(2, fin7.MaxFinsPerTransistor);
        Assert.Equal(1, CellLayout.For(TechnologyCatalog.Get(1)).MaxFinsPerTransistor);
        Assert.True(fin7.IsStandardHeight(28 * 7e-9));
        Assert.False(fin7.IsStandardHeight(30 * 7e-9));
    }
}
