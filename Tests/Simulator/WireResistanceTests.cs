using IMCSim.Simulator.Circuit;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>
/// Wire resistance per node against numbers worked by hand from NeuroSim V1.4 Param.cpp / SubArray.cpp:
/// rho_eff = rho / (1 - (2 AR w + w) b / (AR w^2)), R per length = rho_eff / (w^2 AR), row segment = width_F x F x R(Metal1),
/// column segment = height_F x F x R(Metal0).
/// </summary>
public sealed class WireResistanceTests
{
    // 130 nm: w 175, AR 1.6, rho 2.01e-8, b 10: factor 1 / (1 - (560 + 175) 10 / 49000) = 1 / 0.85 -> 0.482593 ohm/um.
    // 32 nm: w 56, AR 1.8, rho 2.63e-8, b 4: factor 1 / (1 - (201.6 + 56) 4 / 5644.8) -> 5.699549 ohm/um.
    // 22 nm: w 40, AR 1.9, rho 2.97e-8, b 2.5: factor 1 / (1 - 192 x 2.5 / 3040) = 1.1875, rho_eff 3.526875e-8,
    //        / (1.6e-15 m^2 x 1.9) = 1.16015625e7 ohm/m = 11.6015625 ohm/um (NeuroSim V1.4's ~11.6 ohm/um at 22 nm).
    // 14 nm: Metal0 w 32, AR 2, rho 3.25e-8, b 2.5: factor 2048 / 1648 -> 19.720874 ohm/um;
    //        Metal1 w 39 (same band), factor 3042 / 2554.5 -> 12.722646 ohm/um.
    // 7 nm:  Metal0 w 20, AR 2, rho 4.17e-8, b 2: factor 4/3, rho_eff 5.56e-8 / 8e-16 = 69.5 ohm/um;
    //        Metal1 w 28.5, AR 2, rho 3.95e-8 -> 29.488615 ohm/um.
    [Theory]
    [InlineData(130, 0.4825930372, 0.4825930372)]
    [InlineData(32, 5.699549237, 5.699549237)]
    [InlineData(22, 11.6015625, 11.6015625)]
    [InlineData(14, 12.72264631, 19.72087379)]
    [InlineData(7, 29.48861515, 69.5)]
    public void UnitWireResistance_MatchesNeuroSimV14(int node, double rowOhmPerUm, double colOhmPerUm)
    {
        Assert.Equal(rowOhmPerUm, WireResistance.RowWire(node).OhmPerUm, 1e-8 * rowOhmPerUm);
        Assert.Equal(colOhmPerUm, WireResistance.ColumnWire(node).OhmPerUm, 1e-8 * colOhmPerUm);
    }

    [Theory]
    [InlineData(22, 4, 12, 3.0628125, 1.0209375)]      // 1T1R: 12 x 0.022 um x 11.6015625, 4 x 0.022 um x 11.6015625
    [InlineData(22, 10, 28, 7.1465625, 2.55234375)]    // SRAM
    [InlineData(32, 4, 12, 2.188626907, 0.729542302)]
    [InlineData(14, 4, 12, 2.137404580, 1.104368932)]
    [InlineData(130, 10, 28, 1.756638655, 0.627370948)]
    public void SegmentOhm_IsCellWidthAlongRowsAndCellHeightAlongColumns(int node, double heightF, double widthF, double rowOhm, double colOhm)
    {
        var (row, col) = WireResistance.SegmentOhm(node, heightF, widthF);
        Assert.Equal(rowOhm, row, 1e-8 * rowOhm);
        Assert.Equal(colOhm, col, 1e-8 * colOhm);
    }

    [Fact]
    public void SegmentOhm_RowAndColumnDiffer_ForARectangularCell_AndForUnequalMetalsOnASquareOne()
    {
        var (row, col) = WireResistance.SegmentOhm(22, 4, 12);
        Assert.Equal(3.0, row / col, 12);
        var (row14, col14) = WireResistance.SegmentOhm(14, 10, 10);
        Assert.NotEqual(row14, col14, 3);
    }

    [Fact]
    public void Nodes_AreNeuroSimV14s_AndAnUnknownNodeIsRejected()
    {
        Assert.Equal([130, 90, 65, 45, 32, 22, 14, 10, 7, 5, 3, 2, 1], WireResistance.Nodes);
        Assert.Throws<ArgumentOutOfRangeException>(() => WireResistance.SegmentOhm(33, 4, 12));
    }
}
