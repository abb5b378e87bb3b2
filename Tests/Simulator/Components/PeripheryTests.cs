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

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Mux_AreaAndEnergy_LinearInColumns_LatencyGrowsWithLoad(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        double a = Mux.AreaM2(t, 64, 8, 1e4);
        Assert.True(a > 0);
        Assert.Equal(4 * a, Mux.AreaM2(t, 256, 8, 1e4), a * 1e-9);
        Assert.Equal(4 * Mux.EnergyPerSelectJ(t, 64, 8, 1e4, 0.5), Mux.EnergyPerSelectJ(t, 256, 8, 1e4, 0.5), 1e-24);
        Assert.True(Mux.LatencyS(t, 1e4, 1e-13) > Mux.LatencyS(t, 1e4, 1e-15));
        // A lower target resistance gives wider, faster gates that take more area.
        Assert.True(Mux.AreaM2(t, 64, 8, 1e3) > a);
        Assert.True(Mux.GateResistanceOhm(t, 1e3) < Mux.GateResistanceOhm(t, 1e4));
        var d8 = Mux.DecoderCost(t, 128, 8, 1e4, 110);
        var d16 = Mux.DecoderCost(t, 128, 16, 1e4, 110);
        Assert.True(d16.AreaM2 > d8.AreaM2 && d16.EnergyPerOperationJ > d8.EnergyPerOperationJ && d8.LatencyS > 0 && d8.LeakageW > 0);
        Assert.True(Mux.DecoderCost(t, 512, 8, 1e4, 110).LatencyS > d8.LatencyS);
    }

    [Fact]
    public void Mux_Spot_22nmLstp()
    {
        // A 1 Gohm target (x 0.25) asks for gates far narrower than F, so both are clamped to F = 22 nm. One gate: 2 CPP = 7.6 F
        // = 167.2 nm wide, W_p + W_n + P-N gap + edge = (1 + 1 + 3.5 + 3.6) F = 9.1 F = 200.2 nm high: 3.347344e-14 m^2;
        // 128 columns: 4.28460032e-12 m^2.
        Assert.Equal(4.28460032e-12, Mux.AreaM2(T22, 128, 8, 1e9), 1e-20);
        // Gate energy of 16 outputs at V_read = 0: 16 x C_g(22 nm) x V_dd^2 = 16 x 1.429800e-9 F/m x 22e-9 m x 0.7225 = 11.56 x 3.145560e-17 = 3.636267e-16 J.
        Assert.Equal(3.636267e-16, Mux.EnergyPerSelectJ(T22, 128, 8, 1e9, 0), 0.000002e-16);
    }

    [Fact]
    public void Mux_BadArguments_Throw()
    {
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.AreaM2(T22, 0, 8, 1e4)).ParamName);
        Assert.Equal("columnsPerOutput", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.AreaM2(T22, 64, -1, 1e4)).ParamName);
        Assert.Equal("targetOhm", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.LatencyS(T22, 0, 1e-15)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.LatencyS(T22, 1e4, -1)).ParamName);
        Assert.Equal("readVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.EnergyPerSelectJ(T22, 64, 8, 1e4, -0.1)).ParamName);
        Assert.Equal("driverSizing", Assert.Throws<ArgumentOutOfRangeException>(() => Mux.DecoderCost(T22, 64, 8, 1e4, 0)).ParamName);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void SwitchMatrix_LinearInLines_LatencyGrowsWithLoad(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        double a = SwitchMatrix.AreaM2(t, 64, 1e3);
        Assert.Equal(4 * a, SwitchMatrix.AreaM2(t, 256, 1e3), a * 1e-9);
        Assert.Equal(4 * SwitchMatrix.LeakageW(t, 64), SwitchMatrix.LeakageW(t, 256), SwitchMatrix.LeakageW(t, 64) * 1e-9);
        double eRow = SwitchMatrix.EnergyPerReadJ(t, 64, 1e3, true, 1, 0.5), eCol = SwitchMatrix.EnergyPerReadJ(t, 64, 1e3, false, 1, 0.5);
        Assert.True(eRow > eCol && eCol > 0);
        Assert.True(SwitchMatrix.EnergyPerReadJ(t, 64, 1e3, true, 0.5, 0.5) < eRow);
        double l = SwitchMatrix.LatencyS(t, 1e3, 128, 1e-16, 1);
        Assert.True(l > 0 && SwitchMatrix.LatencyS(t, 1e3, 256, 1e-16, 1) > l && SwitchMatrix.LatencyS(t, 1e3, 128, 2e-16, 1) > l);
        // A lower target resistance gives wider gates.
        Assert.True(SwitchMatrix.GateResistanceOhm(t, 1e2) < SwitchMatrix.GateResistanceOhm(t, 1e4));
        Assert.True(SwitchMatrix.AreaM2(t, 64, 1e1) > SwitchMatrix.AreaM2(t, 64, 1e4));
    }

    [Fact]
    public void SwitchMatrix_Spot_22nmLstp()
    {
        // 1 Gohm target: both gates clamped to F, 3.347344e-14 m^2 each (see Mux_Spot_22nmLstp), two per line: 6.694688e-14 m^2;
        // one DFF 1.2359424e-12 m^2 (AccumulationTests.Dff_Spot_22nmLstp). Per line 1.30288928e-12; 128 lines: 1.6676982784e-10 m^2.
        Assert.Equal(1.6676982784e-10, SwitchMatrix.AreaM2(T22, 128, 1e9), 1e-18);
        // Leakage: the DFFs only, 128 x 3.4698127e-11 W = 4.44136e-9 W.
        Assert.Equal(4.44136e-9, SwitchMatrix.LeakageW(T22, 128), 0.00001e-9);
    }

    [Fact]
    public void SwitchMatrix_BadArguments_Throw()
    {
        Assert.Equal("lines", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.AreaM2(T22, 0, 1e3)).ParamName);
        Assert.Equal("lines", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.LeakageW(T22, -1)).ParamName);
        Assert.Equal("targetOhm", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.AreaM2(T22, 8, 0)).ParamName);
        Assert.Equal("activity", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.EnergyPerReadJ(T22, 8, 1e3, true, 1.5, 0.5)).ParamName);
        Assert.Equal("cellsOnLine", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.LatencyS(T22, 1e3, 0, 1e-16, 1)).ParamName);
        Assert.Equal("wireOhmPerCell", Assert.Throws<ArgumentOutOfRangeException>(() => SwitchMatrix.LatencyS(T22, 1e3, 8, 1e-16, -1)).ParamName);
    }
}
