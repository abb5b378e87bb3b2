using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>Digital accumulation components after NeuroSim V1.4 DFF.cpp, Adder.cpp, ShiftAdd.cpp and AdderTree.cpp.</summary>
public sealed class AccumulationTests
{
    private static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Banks_AreaEnergyLeakage_LinearInUnits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        Assert.Equal(5 * Dff.AreaM2(t, 3), 3 * Dff.AreaM2(t, 5), Dff.AreaM2(t, 1) * 1e-9);
        Assert.Equal(5 * Dff.EnergyPerClockJ(t, 3), 3 * Dff.EnergyPerClockJ(t, 5), Dff.EnergyPerClockJ(t, 1) * 1e-9);
        Assert.Equal(5 * Dff.LeakageW(t, 3), 3 * Dff.LeakageW(t, 5), Dff.LeakageW(t, 1) * 1e-9);
        Assert.Equal(4 * RippleCarryAdder.AreaM2(t, 8, 16), RippleCarryAdder.AreaM2(t, 8, 64), 1e-20);
        Assert.Equal(4 * RippleCarryAdder.Cost(t, 8, 16, 0).EnergyPerOperationJ, RippleCarryAdder.Cost(t, 8, 64, 0).EnergyPerOperationJ, 1e-24);
        Assert.Equal(4 * RippleCarryAdder.LeakageW(t, 8, 16), RippleCarryAdder.LeakageW(t, 8, 64), 1e-15);
        Assert.Equal(4 * ShiftAdd.AreaM2(t, 16, 8, 4), ShiftAdd.AreaM2(t, 64, 8, 4), 1e-18);
        Assert.Equal(4 * ShiftAdd.EnergyPerStepJ(t, 16, 8, 4), ShiftAdd.EnergyPerStepJ(t, 64, 8, 4), 1e-22);
        Assert.Equal(4 * AdderTree.AreaM2(t, 16, 8, 8), AdderTree.AreaM2(t, 16, 8, 32), 1e-18);
        Assert.Equal(4 * AdderTree.EnergyPerOperationJ(t, 16, 8, 8), AdderTree.EnergyPerOperationJ(t, 16, 8, 32), 1e-22);
        // A clocked flip-flop that takes no data costs less than one that does.
        Assert.True(Dff.EnergyPerClockJ(t, 4, 0) < Dff.EnergyPerClockJ(t, 4, 4));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void Adder_LatencyGrowsThroughCarryChain_EnergyAffineInBits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        double step = RippleCarryAdder.LatencyS(t, 3, 0) - RippleCarryAdder.LatencyS(t, 2, 0);
        Assert.True(step > 0);
        for (int n = 3; n <= 32; n++)
        {
            // Each extra bit past 2 adds the same carry-stage pair.
            Assert.Equal(step, RippleCarryAdder.LatencyS(t, n, 0) - RippleCarryAdder.LatencyS(t, n - 1, 0), step * 1e-9);
        }

        // NeuroSim's model: a 1-bit and a 2-bit adder have the same critical path.
        Assert.Equal(RippleCarryAdder.LatencyS(t, 1, 0), RippleCarryAdder.LatencyS(t, 2, 0), 1e-20);
        Assert.True(RippleCarryAdder.LatencyS(t, 8, 1e-14) > RippleCarryAdder.LatencyS(t, 8, 0));
        double e1 = RippleCarryAdder.EnergyPerAddJ(t, 1), de = RippleCarryAdder.EnergyPerAddJ(t, 2) - e1;
        Assert.Equal(e1 + (15 * de), RippleCarryAdder.EnergyPerAddJ(t, 16), e1 * 1e-9);
        Assert.Equal(2 * RippleCarryAdder.AreaM2(t, 8, 4), RippleCarryAdder.AreaM2(t, 16, 4), 1e-20);
    }

    [Fact]
    public void Adder_Spot_22nmLstp()
    {
        // 22 nm LSTP, F = 22 nm, P/N 1.31939, cell 28 F = 616 nm. NAND2 NMOS 4F, PMOS 2.63879F enlarged (EnlargeSize): room 28 - 3.5 - 3.6
        // = 20.9 F, r = 2.63879 / 6.63879 = 0.397481, W_p = 8.3074 F, W_n = 12.5926 F (together 20.9 F = 459.8 nm).
        // Footprint: two unfolded inputs sharing one diffusion, 3 CPP x 3.8 F = 11.4 F = 250.8 nm wide x 616 nm = 1.544928e-13 m^2;
        // 8-bit adder 72 NANDs: 1.11234816e-11 m^2.
        Assert.Equal(1.11234816e-11, RippleCarryAdder.AreaM2(T22, 8, 1), 1e-19);
        // C_in = C_g per width x 459.8 nm; C_g per width = 6.29112e-17 F / 44 nm = 1.429800e-9 F/m -> C_in = 6.57422e-16 F.
        // E(N) = V^2 [(14 C_in + 7 C_out) + (N - 1)(13 C_in + 7 C_out)], so E(1) - (E(2) - E(1)) = V^2 C_in = 0.7225 x 6.57422e-16 = 4.74987e-16 J.
        double e1 = RippleCarryAdder.EnergyPerAddJ(T22, 1), e2 = RippleCarryAdder.EnergyPerAddJ(T22, 2);
        Assert.Equal(4.74987e-16, e1 - (e2 - e1), 0.00002e-16);
    }

    [Fact]
    public void Dff_Spot_22nmLstp()
    {
        // Minimum inverter at 22 nm: 167.2 nm x 616 nm = 1.029952e-13 m^2; a DFF is 12 of them: 1.2359424e-12 m^2.
        Assert.Equal(1.2359424e-12, Dff.AreaM2(T22, 1), 1e-20);
        // Primitives: C_in 1.459158e-16, C_out = C_tg 7.855463e-17, C_g,n 6.29112e-17, C_g,p 8.300463e-17 F; V_dd^2 = 0.7225.
        // Clock: 4 (2.244704e-16) + 2 (1.459158e-16) = 1.1897135e-15; data: 2 (1.459158e-16) + 6 (7.855463e-17) = 7.631595e-16;
        // E = 0.7225 x 1.952873e-15 = 1.410951e-15 J.
        Assert.Equal(1.410951e-15, Dff.EnergyPerClockJ(T22, 1), 0.000002e-15);
        // Leakage: 8 x 4.3372659e-12 W (one minimum inverter) = 3.4698127e-11 W.
        Assert.Equal(3.4698127e-11, Dff.LeakageW(T22, 1), 0.000001e-11);
        Assert.Equal(0.5e-9, Dff.LatencyS(1e9), 1e-20);
    }

    [Fact]
    public void ShiftAdd_CostGrowsWithBitsAndSteps_Spot22nm()
    {
        for (int n = 2; n <= 16; n++)
        {
            Assert.True(ShiftAdd.AreaM2(T22, 8, n, 4) > ShiftAdd.AreaM2(T22, 8, n - 1, 4));
            Assert.True(ShiftAdd.EnergyPerStepJ(T22, 8, n, 4) > ShiftAdd.EnergyPerStepJ(T22, 8, n - 1, 4));
            Assert.True(ShiftAdd.LeakageW(T22, 8, n, 4) > ShiftAdd.LeakageW(T22, 8, n - 1, 4));
            Assert.True(ShiftAdd.StepLatencyS(T22, n + 1, 1e9) > ShiftAdd.StepLatencyS(T22, n, 1e9));
        }

        Assert.True(ShiftAdd.AreaM2(T22, 8, 8, 8) > ShiftAdd.AreaM2(T22, 8, 8, 4));
        Assert.Equal(16 * 8, ShiftAdd.FlipFlops(8, 8, 8));
        // 1 unit, 8 bits, 8 steps at 22 nm: adder 1.11234816e-11 + 16 DFFs x 1.2359424e-12 = 1.97750784e-11 + INV 1.029952e-13 +
        // minimum NAND2 (11.4 F x 28 F) 1.544928e-13 = 3.1156048e-11 m^2.
        Assert.Equal(3.1156048e-11, ShiftAdd.AreaM2(T22, 1, 8, 8), 1e-19);
        // Steps hide under a longer read pulse; with none each step adds a full step time.
        double step = ShiftAdd.StepLatencyS(T22, 8, 1e9);
        Assert.Equal(step, ShiftAdd.LatencyS(T22, 8, 8, 1e9, 1e-6), 1e-20);
        Assert.Equal(8 * step, ShiftAdd.LatencyS(T22, 8, 8, 1e9, 0), 1e-18);
    }

    [Fact]
    public void AdderTree_LevelsAndOutputWidth()
    {
        for (int m = 1; m <= 1100; m++)
        {
            var s = AdderTree.Shape(m, 6);
            int levels = (int)Math.Ceiling(Math.Log2(m));
            Assert.Equal(levels, s.Levels);
            Assert.Equal(6 + levels, s.OutputBits);
            Assert.Equal(m - 1, s.TotalAdders);
        }

        var t = AdderTree.Shape(5, 4);
        Assert.Equal([2, 1, 1], t.AddersPerLevel);
        Assert.Equal([4, 5, 6], t.BitsPerLevel);
        Assert.Equal(0, AdderTree.LatencyS(T22, 1, 8, 0));
        Assert.True(AdderTree.LatencyS(T22, 64, 8, 0) > AdderTree.LatencyS(T22, 32, 8, 0));
    }

    [Fact]
    public void AdderTree_Spot_22nmLstp()
    {
        // M = 4, N = 8: 2 adders of 8 bits + 1 of 9 = 25 full-adder bits x 9 NAND2 x 1.544928e-13 = 3.476088e-11 m^2.
        Assert.Equal(3.476088e-11, AdderTree.AreaM2(T22, 4, 8, 1), 1e-19);
        // Energy = 2 E(8) + E(9); latency = T(8 bits) + T(2 bits).
        Assert.Equal((2 * RippleCarryAdder.EnergyPerAddJ(T22, 8)) + RippleCarryAdder.EnergyPerAddJ(T22, 9), AdderTree.EnergyPerOperationJ(T22, 4, 8, 1), 1e-24);
        Assert.Equal(RippleCarryAdder.LatencyS(T22, 8, 0) + RippleCarryAdder.LatencyS(T22, 2, 0), AdderTree.LatencyS(T22, 4, 8, 0), 1e-20);
    }

    [Fact]
    public void BadArguments_Throw_NamingTheArgument()
    {
        Assert.Equal("flipFlops", Assert.Throws<ArgumentOutOfRangeException>(() => Dff.AreaM2(T22, 0)).ParamName);
        Assert.Equal("dataBits", Assert.Throws<ArgumentOutOfRangeException>(() => Dff.EnergyPerClockJ(T22, 4, -1)).ParamName);
        Assert.Equal("clockHz", Assert.Throws<ArgumentOutOfRangeException>(() => Dff.LatencyS(0)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => RippleCarryAdder.AreaM2(T22, 0, 1)).ParamName);
        Assert.Equal("adders", Assert.Throws<ArgumentOutOfRangeException>(() => RippleCarryAdder.LeakageW(T22, 8, -2)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => RippleCarryAdder.LatencyS(T22, -1, 0)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => RippleCarryAdder.LatencyS(T22, 8, -1e-15)).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => ShiftAdd.AreaM2(T22, 0, 8, 4)).ParamName);
        Assert.Equal("shiftSteps", Assert.Throws<ArgumentOutOfRangeException>(() => ShiftAdd.EnergyPerStepJ(T22, 1, 8, 0)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => ShiftAdd.StepLatencyS(T22, 0, 1e9)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentOutOfRangeException>(() => AdderTree.Shape(0, 8)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => AdderTree.AreaM2(T22, 4, 0, 1)).ParamName);
        Assert.Equal("trees", Assert.Throws<ArgumentOutOfRangeException>(() => AdderTree.EnergyPerOperationJ(T22, 4, 8, 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => AdderTree.AreaM2(null!, 4, 8, 1));
    }
}
