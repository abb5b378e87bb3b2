using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>Array periphery selection circuits after NeuroSim V1.4 RowDecoder.cpp, Mux.cpp and SwitchMatrix.cpp.</summary>
public sealed class PeripheryTests
{
    private static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Decoder_AreaEnergyLeakage_GrowWithRows(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        for (int rows = 8; rows <= 1024; rows *= 2)
        {
            Assert.True(RowDecoder.AreaM2(t, 2 * rows, 1) > RowDecoder.AreaM2(t, rows, 1), $"area at {rows}");
            Assert.True(RowDecoder.EnergyPerDecodeJ(t, 2 * rows, 1) > RowDecoder.EnergyPerDecodeJ(t, rows, 1), $"energy at {rows}");
            Assert.True(RowDecoder.LeakageW(t, 2 * rows, 1) > RowDecoder.LeakageW(t, rows, 1), $"leakage at {rows}");
        }

        Assert.Equal(7, RowDecoder.AddressBits(128));
        Assert.Equal(8, RowDecoder.AddressBits(129));
        Assert.Equal(1, RowDecoder.AddressBits(1));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void Decoder_LatencyGrowsWithLoad_AndLineResistance(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        foreach (int rows in new[] { 2, 4, 128 })
        {
            double a = RowDecoder.LatencyS(t, rows, 4, 1e-15), b = RowDecoder.LatencyS(t, rows, 4, 1e-13);
            Assert.True(a > 0 && b > a, $"rows {rows}");
            Assert.True(RowDecoder.LatencyS(t, rows, 4, 1e-13, 1e3, 128) > b);
        }

        // A larger driver drives a heavy line faster.
        Assert.True(RowDecoder.LatencyS(t, 128, 16, 1e-12) < RowDecoder.LatencyS(t, 128, 1, 1e-12));
    }

    [Fact]
    public void Decoder_Spot_22nmLstp()
    {
        // 4 rows: N = 2, 4 NAND2s, no NOR stage. Cell 28 F = 616 nm; height = max(4 x 616, 2 x 616) = 2464 nm.
        // Width: enlarged INV 2 CPP = 7.6 F = 167.2 nm; NAND2 3 CPP = 11.4 F = 250.8 nm; driver (s = 1, NMOS 4F, PMOS 5.28F, unfolded)
        // 167.2 nm, twice; no M3 tracks (N <= 2): 167.2 + 250.8 + 334.4 = 752.4 nm. Area = 2464e-9 x 752.4e-9 = 1.8539136e-12 m^2.
        Assert.Equal(1.8539136e-12, RowDecoder.AreaM2(T22, 4, 1), 1e-20);
    }

    [Fact]
    public void Decoder_BadArguments_Throw()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => RowDecoder.AreaM2(T22, 0, 1)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => RowDecoder.EnergyPerDecodeJ(T22, -3, 1)).ParamName);
        Assert.Equal("driverSizing", Assert.Throws<ArgumentOutOfRangeException>(() => RowDecoder.LeakageW(T22, 8, 0)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => RowDecoder.LatencyS(T22, 8, 1, -1e-15)).ParamName);
        Assert.Equal("cellsOnLine", Assert.Throws<ArgumentOutOfRangeException>(() => RowDecoder.LatencyS(T22, 8, 1, 1e-15, 0, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => RowDecoder.AreaM2(null!, 8, 1));
    }
}
