using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Primitives;

/// <summary>
/// Gate capacitance, on-resistance, transconductance and leakage against NeuroSim V1.4 formula.cpp (CalculateGateCap,
/// CalculateOnResistance, CalculateTransconductance, CalculateGateLeakage) with the 22 nm LSTP data of Technology.cpp (blob
/// 9e6742c) worked by hand: vdd 0.85 V, vth 0.419915 V, capIdealGate 5.245e-10, capFringe 8.004e-10 F/m, I_on 791.9 / 600.2 uA/um
/// and I_off 100e-6 uA/um (N / P) at 300 K, effective-resistance multiplier 1.77, current_gmNmos 456 uA/um.
/// </summary>
public sealed class TransistorPrimitivesTests
{
    private const double F22 = 22e-9;

    private static TechnologyNode Lstp22(double temperatureK = 300) => TechnologyCatalog.Get(22, temperatureK);

    [Fact]
    public void GateCapacitance_SpotValue_22nmLstp()
    {
        // (5.245e-10 + 0.2 x 5.245e-10 + 8.004e-10) F/m = 1.4298e-9 F/m; x 2F = 44e-9 m -> 6.29112e-17 F (62.9 aF).
        Assert.Equal(6.29112e-17, GateCapacitance.TransistorF(Lstp22(), 2 * F22), 1e-12 * 6.29112e-17);
        // One gate input of a minimum inverter: NMOS 2F + PMOS 2F x (791.9 / 600.2) = 44 nm x 2.3193935 -> 1.4591583e-16 F.
        Assert.Equal(1.459158306e-16, GateCapacitance.GateInputF(Lstp22(), 2 * F22, 2 * F22 * 791.9 / 600.2), 1e-9 * 1.46e-16);
    }

    [Theory]
    [InlineData(130)]
    [InlineData(45)]
    [InlineData(22)]
    public void GateCapacitance_IsLinearInWidth_AtPlanarNodes(int node)
    {
        var tech = TechnologyCatalog.Get(node);
        double c100 = GateCapacitance.TransistorF(tech, 100e-9);
        Assert.Equal(3 * c100, GateCapacitance.TransistorF(tech, 300e-9), 1e-12 * c100);
        Assert.Equal(0.37 * c100, GateCapacitance.TransistorF(tech, 37e-9), 1e-12 * c100);
        Assert.Equal(0, GateCapacitance.TransistorF(tech, 0));
    }

    [Theory]
    [InlineData(14, 103.816e-18)]
    [InlineData(7, 100.497e-18)]
    [InlineData(2, 79.74e-18)] // GAA: per stack of 3 sheets
    public void GateCapacitance_CountsWholeFins_BelowPlanar(int node, double perFinF)
    {
        var tech = TechnologyCatalog.Get(node);
        double twoF = 2 * tech.FeatureSizeM;
        // One fin per started 2F of drawn width: 0.1 x 2F and 2F are one fin, 1.01 x 2F and 2 x 2F two, 2.5 x 2F three.
        Assert.Equal(perFinF, GateCapacitance.TransistorF(tech, 0.1 * twoF), 1e-9 * perFinF);
        Assert.Equal(perFinF, GateCapacitance.TransistorF(tech, twoF), 1e-9 * perFinF);
        Assert.Equal(2 * perFinF, GateCapacitance.TransistorF(tech, 1.01 * twoF), 1e-9 * perFinF);
        Assert.Equal(2 * perFinF, GateCapacitance.TransistorF(tech, 2 * twoF), 1e-9 * perFinF);
        Assert.Equal(3 * perFinF, GateCapacitance.TransistorF(tech, 2.5 * twoF), 1e-9 * perFinF);
    }

    [Fact]
    public void OnResistance_SpotValues_22nmLstp()
    {
        // NMOS 2F: 1.77 x 0.85 / (791.9 A/m x 44e-9 m) = 1.5045 / 3.48436e-5 = 43178.66 ohm.
        Assert.Equal(43178.66122, OnResistance.Ohm(Lstp22(), MosType.Nmos, 2 * F22), 1e-5);
        // PMOS 2F: 1.5045 / (600.2 x 44e-9) = 56969.65 ohm; at 400 K NMOS: 1.5045 / (501.7 x 44e-9) = 68154.64 ohm.
        Assert.Equal(56969.64648, OnResistance.Ohm(Lstp22(), MosType.Pmos, 2 * F22), 1e-5);
        Assert.Equal(68154.63787, OnResistance.Ohm(Lstp22(400), MosType.Nmos, 2 * F22), 1e-5);
        // Without the multiplier (CalculateOnResistance_normal): 0.85 / 3.48436e-5 = 24394.72 ohm.
        Assert.Equal(43178.66122 / 1.77, OnResistance.WithoutMultiplierOhm(Lstp22(), MosType.Nmos, 2 * F22), 1e-5);
    }

    [Theory]
    [InlineData(MosType.Nmos)]
    [InlineData(MosType.Pmos)]
    public void OnResistance_IsInverselyProportionalToWidth_AtPlanarNodes(MosType type)
    {
        var tech = Lstp22();
        double r100 = OnResistance.Ohm(tech, type, 100e-9);
        Assert.Equal(r100 / 2, OnResistance.Ohm(tech, type, 200e-9), 1e-12 * r100);
        Assert.Equal(r100 / 7.5, OnResistance.Ohm(tech, type, 750e-9), 1e-12 * r100);
    }

    [Theory]
    [InlineData(130, DeviceRoadmap.HighPerformance)]
    [InlineData(65, DeviceRoadmap.LowStandbyPower)]
    [InlineData(22, DeviceRoadmap.LowStandbyPower)]
    [InlineData(22, DeviceRoadmap.HighPerformance)]
    [InlineData(7, DeviceRoadmap.LowStandbyPower)]
    public void OnResistance_RisesWithTemperature(int node, DeviceRoadmap roadmap)
    {
        // From 310 K: below 22 nm NeuroSim's 300 K on-current is off its 310-400 K curve (docs/COST.md).
        foreach (var type in new[] { MosType.Nmos, MosType.Pmos })
        {
            double w = 4 * node * 1e-9;
            double r310 = OnResistance.Ohm(TechnologyCatalog.Get(node, 310, roadmap), type, w);
            double r350 = OnResistance.Ohm(TechnologyCatalog.Get(node, 350, roadmap), type, w);
            double r400 = OnResistance.Ohm(TechnologyCatalog.Get(node, 400, roadmap), type, w);
            Assert.True(r310 < r350 && r350 < r400, $"{node} nm {type}: {r310} {r350} {r400}");
        }
    }

    [Fact]
    public void OnResistance_BelowPlanar_DependsOnWholeFinsOnly()
    {
        var tech = TechnologyCatalog.Get(14);
        double twoF = 2 * tech.FeatureSizeM;
        Assert.Equal(OnResistance.Ohm(tech, MosType.Nmos, 0.3 * twoF), OnResistance.Ohm(tech, MosType.Nmos, twoF));
        Assert.Equal(OnResistance.Ohm(tech, MosType.Nmos, twoF) / 3, OnResistance.Ohm(tech, MosType.Nmos, 2.2 * twoF), 1e-9);
    }

    [Fact]
    public void Transconductance_SpotValues()
    {
        // 22 nm planar: 2 x 456 / (0.7 x 0.85 - 0.419915) = 912 / 0.175085 = 5208.8985 S/m; x 44 nm = 2.2919154e-4 S.
        Assert.Equal(2.2919153554e-4, Transconductance.Siemens(Lstp22(), MosType.Nmos, 2 * F22), 1e-14);
        // 14 nm FinFET: gm_oncurrent 1415.34 S/m x (2 x 42 nm + 8 nm) per fin = 1.3021128e-4 S; 2.5 x 2F -> 3 fins.
        var t14 = TechnologyCatalog.Get(14);
        Assert.Equal(3 * 1.3021128e-4, Transconductance.Siemens(t14, MosType.Pmos, 2.5 * 2 * t14.FeatureSizeM), 1e-14);
        Assert.Equal(0, Transconductance.Siemens(t14, MosType.Nmos, 0));
    }

    [Fact]
    public void Leakage_SpotValues_22nmLstp()
    {
        var tech = Lstp22();
        double wn = 2 * F22;
        double wp = wn * 791.9 / 600.2; // 44 nm x 1.3193935 = 58.053316 nm
        // INV: (44e-9 m x 100e-6 A/m + 58.053316e-9 x 100e-6) / 2 = 5.1026658e-12 A; x 0.85 V = 4.3372659e-12 W.
        Assert.Equal(5.102665778e-12, Leakage.GateCurrentA(tech, LogicGate.Inverter, wn, wp), 1e-21);
        Assert.Equal(4.337265911e-12, Leakage.GatePowerW(tech, LogicGate.Inverter, wn, wp), 1e-21);
        // NAND2: 2 x 58.053316e-9 x 100e-6 x 0.48 = 5.5731183e-12 A (only the parallel PMOS leak when the output is low).
        Assert.Equal(5.573118294e-12, Leakage.GateCurrentA(tech, LogicGate.Nand(2), wn, wp), 1e-21);
        // NOR3: 3 x 44e-9 x 100e-6 x 0.62 = 8.184e-12 A.
        Assert.Equal(8.184e-12, Leakage.GateCurrentA(tech, LogicGate.Nor(3), wn, wp), 1e-21);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void Leakage_RisesWithTemperature_AndWithWidth(int node)
    {
        double w = 4 * node * 1e-9;
        foreach (var gate in new[] { LogicGate.Inverter, LogicGate.Nand(2), LogicGate.Nor(2) })
        {
            double cold = Leakage.GateCurrentA(TechnologyCatalog.Get(node, 300), gate, w, w);
            double hot = Leakage.GateCurrentA(TechnologyCatalog.Get(node, 400), gate, w, w);
            double wide = Leakage.GateCurrentA(TechnologyCatalog.Get(node, 300), gate, 3 * w, 3 * w);
            Assert.True(hot > 5 * cold, $"{node} nm {gate}: {cold} A at 300 K, {hot} A at 400 K");
            Assert.Equal(3 * cold, wide, 1e-9 * wide);
        }
    }

    [Fact]
    public void Leakage_StackingFactor_FallsWithMoreSeriesDevices()
    {
        var tech = Lstp22();
        double perInput2 = Leakage.GateCurrentA(tech, LogicGate.Nand(2), 1e-7, 1e-7) / 2;
        double perInput3 = Leakage.GateCurrentA(tech, LogicGate.Nand(3), 1e-7, 1e-7) / 3;
        double perInput4 = Leakage.GateCurrentA(tech, LogicGate.Nand(4), 1e-7, 1e-7) / 4;
        Assert.Equal(0.31 / 0.48, perInput3 / perInput2, 12);
        Assert.Equal(perInput3, perInput4, 1e-25); // NeuroSim's 3-input factor for every n > 2
        Assert.True(Leakage.GateCurrentA(tech, LogicGate.Nor(2), 1e-7, 1e-7) > Leakage.GateCurrentA(tech, LogicGate.Nand(2), 1e-7, 1e-7));
    }

    [Fact]
    public void BadInput_IsAnArgumentExceptionNamingTheArgument()
    {
        var tech = Lstp22();
        AssertNames("widthM", () => GateCapacitance.TransistorF(tech, -1e-9));
        AssertNames("widthM", () => GateCapacitance.TransistorF(tech, double.NaN));
        AssertNames("widthM", () => OnResistance.Ohm(tech, MosType.Nmos, 0));
        AssertNames("widthM", () => OnResistance.Ohm(tech, MosType.Nmos, double.PositiveInfinity));
        AssertNames("widthM", () => Transconductance.Siemens(tech, MosType.Nmos, -1));
        AssertNames("nmosWidthM", () => Leakage.GateCurrentA(tech, LogicGate.Inverter, double.NaN, 1e-7));
        AssertNames("pmosWidthM", () => Leakage.GateCurrentA(tech, LogicGate.Inverter, 1e-7, -1e-7));
        AssertNames("inputs", () => LogicGate.Nand(1));
        Assert.Throws<ArgumentNullException>(() => GateCapacitance.TransistorF(null!, 1e-7));
    }

    internal static void AssertNames(string argument, Action act)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(argument, e.ParamName);
    }

    internal static void AssertNames(string argument, Func<object> act) => AssertNames(argument, () => { _ = act(); });
}
