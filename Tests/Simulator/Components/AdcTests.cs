using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>ADC components after NeuroSim V1.4 SarADC.cpp and MultilevelSenseAmp.cpp.</summary>
public sealed class AdcTests
{
    // R_on 6 kOhm, 128 rows in parallel: reference ladder starts at 46.875 ohm; a 1 kOhm column read at 0.5 V.
    private static readonly SenseAmpColumns Columns = new(1000, 6000, 128, 0.5, 50e-15, 1e-15, 1e-12);

    private static TechnologyNode Node(int nm) => TechnologyCatalog.Get(nm);

    [Fact]
    public void Sar_AreaIsLinearInBits_EnergyAndLatencyGrow()
    {
        var tech = Node(22);
        double a1 = SarAdc.AreaM2(tech, 1, 128), a2 = SarAdc.AreaM2(tech, 2, 128);
        for (int n = 2; n <= 12; n++)
        {
            Assert.Equal(a1 + ((n - 1) * (a2 - a1)), SarAdc.AreaM2(tech, n, 128), a1 * 1e-12);
            Assert.True(SarAdc.EnergyPerConversionJ(tech, n, 1e4, 0.5) > SarAdc.EnergyPerConversionJ(tech, n - 1, 1e4, 0.5));
            Assert.True(SarAdc.LatencyS(n) > SarAdc.LatencyS(n - 1));
        }

        Assert.True(a2 > a1);
        Assert.Equal(2 * SarAdc.AreaM2(tech, 5, 64), SarAdc.AreaM2(tech, 5, 128), 1e-20);
        Assert.Equal(6e-9, SarAdc.LatencyS(5), 1e-20);
    }

    [Fact]
    public void Sar_SpotEnergy_22nmLstp()
    {
        // SarADC.cpp GetColumnPower, 22 nm LP, N = 5, R = 10 kOhm at 0.5 V: P = (0.538 x 5 + 4.3753) uW + 0.072341 exp(-2.303 x 4)
        // = 7.0653 uW + 0.072341 x 9.98342e-5 = 7.0653e-6 + 7.2221e-6 = 1.42874e-5 W; E = P x 6 ns = 8.5724e-14 J.
        double e = SarAdc.EnergyPerConversionJ(Node(22), 5, 1e4, 0.5);
        Assert.Equal(8.5724e-14, e, 0.0001e-14);
    }

    [Fact]
    public void SenseAmp_EnergyGrowsAboutAsTwoToTheN()
    {
        // Switched part: (L - 1) E_sw, E_sw nearly constant -> ratio 63/31 = 2.03 from 5 to 6 bits, 31/15 = 2.07 from 4 to 5.
        // Static part: (own column (L - 1) p + (L - 3) (L - 1) p_ref / D) x T with D = L: about (L - 1)(2 - 3/L) p -> ratio ~2.0-2.1;
        // T and the ladder's p change a little with L. A band of 1.8-2.4 excludes both a linear-in-N (1.25) and a 4^N (4) model.
        var tech = Node(22);
        double ratio = MultilevelSenseAmp.EnergyPerConversionJ(tech, 5, Columns) / MultilevelSenseAmp.EnergyPerConversionJ(tech, 4, Columns);
        Assert.InRange(ratio, 1.8, 2.4);
    }

    [Fact]
    public void SenseAmp_SpotEnergy_22nmLstp_5Bits()
    {
        // MultilevelSenseAmp.cpp CalculatePower, 22 nm LSTP, 300 K, N = 5: L = 32, D = L = 32, V_r = 0.55 V, V_dd = 0.85 V.
        // Ladder: R_ref,i = 46.875 / (1 - i/32); R_ref,1 = 48.387, R_ref,30 = 750 ohm. T = max of the 22 nm fit
        // -1.32118e-10 ln R + 1.7552e-9 (R < 4832): ln 48.387 = 3.8792 -> 1.24268 ns; ln 750 -> 0.88057 ns; T = 1.24268 ns.
        // Own column 1 kOhm (x 0.5/0.5): p = (-2.85373e-11 x 1000 + 9.16744e-7) x 31 = 8.88207e-7 x 31 = 2.75344e-5 W.
        // References i = 1..29: sum R = 3790.868 ohm, sum p = 31 x (29 x 9.16744e-7 - 2.85373e-11 x 3790.868) = 8.20799e-4,
        // / 32 = 2.56500e-5 W. Static: (2.75344e-5 + 2.56500e-5) x 1.24268e-9 = 6.60914e-14 J.
        // Capacitances of 2F inverters at 22 nm (primitives): C_gN 6.29112e-17, C_gP 8.30046e-17, C_jN 3.72743e-17, C_jP 4.12804e-17 F.
        // E_sw = 50 fF x (0 + 1/32) x 0.3025 [4.72656e-16] + 1 fF / 32 [3.125e-17]
        //      + (2 C_gN + (C_jN + C_gN)/31 + (C_jN + C_gN)/32) x 0.3025 [3.99860e-17]
        //      + (6 C_gP + 5 C_gN + 4 C_jP + 3 C_jN) x 0.7225 [7.87184e-16] = 1.331076e-15 J; x 31 = 4.12634e-14 J.
        // Total 4.12634e-14 + 6.60914e-14 = 1.07355e-13 J.
        double e = MultilevelSenseAmp.EnergyPerConversionJ(Node(22), 5, Columns);
        Assert.Equal(1.07355e-13, e, 0.00002e-13);
        Assert.Equal(1.24268e-9, MultilevelSenseAmp.LatencyS(Node(22), 5, Columns), 0.00001e-9);
    }

    [Fact]
    public void CostsGrowTowardLargerNodes()
    {
        // NeuroSim's fits and the transistor areas both fall with the node: at fixed bits every cost is larger at 130 nm than at 22.
        // Leakage is 0 at every node (NeuroSim models none for either ADC), so it has no direction.
        int[] nodes = [22, 32, 45, 65, 90, 130];
        for (int i = 1; i < nodes.Length; i++)
        {
            TechnologyNode small = Node(nodes[i - 1]), large = Node(nodes[i]);
            Assert.True(SarAdc.AreaM2(large, 5, 128) > SarAdc.AreaM2(small, 5, 128));
            Assert.True(SarAdc.EnergyPerConversionJ(large, 5, 1e4, 0.5) > SarAdc.EnergyPerConversionJ(small, 5, 1e4, 0.5));
            Assert.True(MultilevelSenseAmp.AreaM2(large, 5, 128, Columns) > MultilevelSenseAmp.AreaM2(small, 5, 128, Columns));
            Assert.Equal(0, SarAdc.Cost(large, 5, 128, 1e4, 0.5).LeakageW);
            Assert.Equal(0, MultilevelSenseAmp.Cost(large, 5, 128, Columns).LeakageW);
        }

        Assert.True(MultilevelSenseAmp.EnergyPerConversionJ(Node(130), 5, Columns) > MultilevelSenseAmp.EnergyPerConversionJ(Node(22), 5, Columns));
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var tech = Node(22);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => SarAdc.AreaM2(tech, 0, 128)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => SarAdc.AreaM2(tech, 13, 128)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => SarAdc.LatencyS(13)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => SarAdc.AreaM2(tech, 5, 0)).ParamName);
        Assert.Equal("columnResistanceOhm", Assert.Throws<ArgumentOutOfRangeException>(() => SarAdc.EnergyPerConversionJ(tech, 5, -1, 0.5)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => MultilevelSenseAmp.EnergyPerConversionJ(tech, 13, Columns)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => MultilevelSenseAmp.LatencyS(tech, 1, Columns)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => MultilevelSenseAmp.AreaM2(tech, 5, -3, Columns)).ParamName);
        Assert.Equal("RowsInParallel", Assert.Throws<ArgumentOutOfRangeException>(() => MultilevelSenseAmp.LatencyS(tech, 5, Columns with { RowsInParallel = 0 })).ParamName);
        Assert.Equal("tech", Assert.Throws<ArgumentOutOfRangeException>(() => MultilevelSenseAmp.LatencyS(Node(7), 5, Columns)).ParamName);
    }
}
