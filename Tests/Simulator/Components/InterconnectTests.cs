using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>Buffers and interconnect after NeuroSim V1.4 HTree.cpp, Bus.cpp and Buffer.cpp.</summary>
public sealed class InterconnectTests
{
    private static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void HTree_EnergyAndLatency_GrowWithTilesAndTileSize(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        for (int tiles = 2; tiles <= 1024; tiles *= 4)
        {
            Assert.True(HTree.EnergyPerBitJ(t, 4 * tiles, 1e-4, 1e-4) > HTree.EnergyPerBitJ(t, tiles, 1e-4, 1e-4), $"energy at {tiles}");
            Assert.True(HTree.LatencyS(t, 4 * tiles, 1e-4, 1e-4) > HTree.LatencyS(t, tiles, 1e-4, 1e-4), $"latency at {tiles}");
            Assert.True(HTree.EnergyPerBitJ(t, tiles, 2e-4, 2e-4) > HTree.EnergyPerBitJ(t, tiles, 1e-4, 1e-4), $"energy size at {tiles}");
            Assert.True(HTree.LatencyS(t, tiles, 2e-4, 2e-4) > HTree.LatencyS(t, tiles, 1e-4, 1e-4), $"latency size at {tiles}");
            Assert.True(HTree.AreaM2(t, 4 * tiles, 1e-4, 1e-4, 64) > HTree.AreaM2(t, tiles, 1e-4, 1e-4, 64), $"area at {tiles}");
            Assert.True(HTree.LeakageW(t, 4 * tiles, 1e-4, 1e-4, 64) > HTree.LeakageW(t, tiles, 1e-4, 1e-4, 64), $"leakage at {tiles}");
        }

        Assert.Equal(0, HTree.EnergyPerBitJ(t, 1, 1e-4, 1e-4));
        Assert.Equal(3, HTree.Levels(64));
        Assert.Equal(4, HTree.Levels(65));
    }

    [Fact]
    public void HTree_Spot_22nmLstp()
    {
        // 16 tiles of 100 um x 100 um: L = 2 (4 x 4 grid). Path = (100 + 100)(4 - 1)/2 + 100 x 2 = 500 um.
        // 22 nm repeated wire (RepeatedWireTests): 1.1757503e-10 J/m, 3.0285453e-7 s/m.
        // Energy = 5e-4 x 1.1757503e-10 = 5.8787515e-14 J; latency = 5e-4 x 3.0285453e-7 = 1.51427265e-10 s.
        // Area (64 bits, repeater 1421.2 nm x 616 nm): level 1, scale 4/4 = 1: 64 x 1421.2e-9 x 1e-4 / 2 + 64 x 616e-9 x 1e-4 / 2
        // = 4.54784e-9 + 1.97120e-9 = 6.51904e-9; main bus 64 x 616e-9 x 2e-4 = 7.8848e-9; total 1.440384e-8 m^2.
        Assert.Equal(5e-4, HTree.PathLengthM(16, 1e-4, 1e-4), 1e-15);
        Assert.Equal(5.8787515e-14, HTree.EnergyPerBitJ(T22, 16, 1e-4, 1e-4), 1e-20);
        Assert.Equal(1.51427265e-10, HTree.LatencyS(T22, 16, 1e-4, 1e-4), 1e-17);
        Assert.Equal(1.440384e-8, HTree.AreaM2(T22, 16, 1e-4, 1e-4, 64), 1e-16);
    }

    [Fact]
    public void HTree_BadArguments_Throw()
    {
        Assert.Equal("tiles", Assert.Throws<ArgumentOutOfRangeException>(() => HTree.EnergyPerBitJ(T22, 0, 1e-4, 1e-4)).ParamName);
        Assert.Equal("tileHeightM", Assert.Throws<ArgumentOutOfRangeException>(() => HTree.LatencyS(T22, 4, -1, 1e-4)).ParamName);
        Assert.Equal("tileWidthM", Assert.Throws<ArgumentOutOfRangeException>(() => HTree.LatencyS(T22, 4, 1e-4, 0)).ParamName);
        Assert.Equal("busWidth", Assert.Throws<ArgumentOutOfRangeException>(() => HTree.AreaM2(T22, 4, 1e-4, 1e-4, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => HTree.EnergyPerBitJ(null!, 4, 1e-4, 1e-4));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void Bus_Cost_LinearInWidth(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        var one = Bus.Cost(t, 8, 1e-4, 16);
        foreach (int k in new[] { 2, 3, 8 })
        {
            var c = Bus.Cost(t, 8, 1e-4, 16 * k);
            Assert.Equal(k * one.AreaM2, c.AreaM2, k * one.AreaM2 * 1e-12);
            Assert.Equal(k * one.EnergyPerOperationJ, c.EnergyPerOperationJ, k * one.EnergyPerOperationJ * 1e-12);
            Assert.Equal(k * one.LeakageW, c.LeakageW, k * one.LeakageW * 1e-12);
            Assert.Equal(one.LatencyS, c.LatencyS);
        }

        Assert.Equal(0, Bus.EnergyPerBitJ(t, 1, 1e-4));
        Assert.True(Bus.LatencyS(t, 16, 1e-4) > Bus.LatencyS(t, 8, 1e-4));
    }

    [Fact]
    public void Bus_Spot_22nmLstp()
    {
        // 5 units at 100 um pitch: L = 4 x 100 um = 400 um. Energy per bit, toggle 0.5: 0.5 x 4e-4 x 1.1757503e-10 = 2.3515006e-14 J.
        // Latency: 4e-4 x 3.0285453e-7 = 1.21141812e-10 s. Area, 32 wires: 4e-4 x 32 x 1421.2e-9 = 1.819136e-8 m^2.
        Assert.Equal(2.3515006e-14, Bus.EnergyPerBitJ(T22, 5, 1e-4, 0.5), 1e-20);
        Assert.Equal(1.21141812e-10, Bus.LatencyS(T22, 5, 1e-4), 1e-17);
        Assert.Equal(1.819136e-8, Bus.AreaM2(T22, 5, 1e-4, 32), 1e-16);
    }

    [Fact]
    public void Bus_BadArguments_Throw()
    {
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => Bus.LatencyS(T22, 0, 1e-4)).ParamName);
        Assert.Equal("unitPitchM", Assert.Throws<ArgumentOutOfRangeException>(() => Bus.LatencyS(T22, 4, 0)).ParamName);
        Assert.Equal("busWidth", Assert.Throws<ArgumentOutOfRangeException>(() => Bus.AreaM2(T22, 4, 1e-4, -1)).ParamName);
        Assert.Equal("lines", Assert.Throws<ArgumentOutOfRangeException>(() => Bus.AreaM2(T22, 4, 1e-4, 8, 0)).ParamName);
        Assert.Equal("toggleRate", Assert.Throws<ArgumentOutOfRangeException>(() => Bus.EnergyPerBitJ(T22, 4, 1e-4, 1.5)).ParamName);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Buffer_Area_LinearInCapacity(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        // The flip-flops are exactly linear in capacity; the decoder (R = C / W lines) adds a small, near-linear part.
        double perBit = Dff.AreaM2(t, 1);
        foreach (int c in new[] { 4096, 16384, 65536 })
        {
            double a = RegisterFileBuffer.AreaM2(t, c, 64), a2 = RegisterFileBuffer.AreaM2(t, 2 * c, 64);
            Assert.InRange(a2 / (2 * a), 0.98, 1.02);
            Assert.InRange(a / (c * perBit), 1.0, 1.1);
        }

        Assert.True(RegisterFileBuffer.LeakageW(t, 8192, 64) > RegisterFileBuffer.LeakageW(t, 4096, 64));
        Assert.True(RegisterFileBuffer.LatencyPerLineS(t, 8192, 64, 1e9) > 0.5e-9);
    }

    [Fact]
    public void Buffer_Spot_22nmLstp()
    {
        // 128 bits, port 64: R = 2 lines, one address bit. Flip-flops: 128 x 12 minimum inverters (22 nm: 2 CPP = 167.2 nm wide,
        // 616 nm high, as the enlarged inverter of PeripheryTests) = 128 x 12 x 167.2e-9 x 616e-9 = 1.5820062720e-10 m^2.
        // Decoder for 2 lines (N = 1): height max(0, 0, 1 x 616 nm) = 616 nm; width INV 167.2 + NAND2 250.8 (RowDecoder counts the
        // NAND column even with no predecoder, as NeuroSim does) + two drivers 2 x 167.2 = 752.4 nm: 616e-9 x 752.4e-9 = 4.634784e-13 m^2.
        // Total 1.582006272e-10 + 4.634784e-13 = 1.586641056e-10 m^2.
        Assert.Equal(1.582006272e-10, Dff.AreaM2(T22, 128), 1e-18);
        Assert.Equal(1.586641056e-10, RegisterFileBuffer.AreaM2(T22, 128, 64), 1e-18);
        Assert.Equal(2, RegisterFileBuffer.Lines(128, 64));
        Assert.Equal(3, RegisterFileBuffer.Lines(129, 64));
    }

    [Fact]
    public void Buffer_BadArguments_Throw()
    {
        Assert.Equal("capacityBits", Assert.Throws<ArgumentOutOfRangeException>(() => RegisterFileBuffer.AreaM2(T22, 0, 64)).ParamName);
        Assert.Equal("portWidth", Assert.Throws<ArgumentOutOfRangeException>(() => RegisterFileBuffer.EnergyPerBitJ(T22, 64, -1)).ParamName);
        Assert.Equal("clockHz", Assert.Throws<ArgumentOutOfRangeException>(() => RegisterFileBuffer.LatencyPerLineS(T22, 64, 8, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => RegisterFileBuffer.LeakageW(null!, 64, 8));
    }
}
