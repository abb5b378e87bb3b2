using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Components;

/// <summary>
/// Function units and SRAM/eNVM periphery after NeuroSim (BitShifter.cpp, Chip.cpp's ReLU, MaxPooling.cpp + Comparator.cpp,
/// Precharger.cpp, SRAMWriteDriver.cpp, LevelShifter.cpp) and the one-time weight-programming cost.
/// </summary>
public sealed class FunctionUnitTests
{
    private static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    [Theory]
    [InlineData(22)]
    [InlineData(7)]
    public void BitShifterAndReLU_AreRegistersOfUnitsTimesBits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        Assert.Equal(Dff.Cost(t, 32, 1e9), BitShifter.Cost(t, 4, 8, 1e9));
        Assert.Equal(BitShifter.Cost(t, 16, 8, 1e9), ReLU.Cost(t, 16, 8, 1e9));
        // 22 nm: a DFF is 1.2359424e-12 m^2 (AccumulationTests), 4 x 8 of them 3.95501568e-11 m^2.
        if (nm == 22)
        {
            Assert.Equal(3.95501568e-11, BitShifter.Cost(t, 4, 8, 1e9).AreaM2, 1e-19);
        }

        Assert.Equal(0.5e-9, ReLU.Cost(t, 1, 8, 1e9).LatencyS, 1e-20);
    }

    [Fact]
    public void MaxPooling_Shape()
    {
        Assert.Equal(0, MaxPooling.Comparators(1));
        Assert.Equal(3, MaxPooling.Comparators(4));
        Assert.Equal(8, MaxPooling.Comparators(9));
        Assert.Equal(0, MaxPooling.Stages(1));
        Assert.Equal(1, MaxPooling.Stages(2));
        Assert.Equal(2, MaxPooling.Stages(4));
        Assert.Equal(3, MaxPooling.Stages(5));
        Assert.Equal(4, MaxPooling.Stages(9));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(65)]
    [InlineData(7)]
    public void MaxPooling_LinearInComparatorsAndUnits_LatencyPerStage_GrowsWithBits(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        Assert.Equal(3 * MaxPooling.AreaM2(t, 2, 8, 2), MaxPooling.AreaM2(t, 2, 8, 4), 1e-20);
        Assert.Equal(5 * MaxPooling.AreaM2(t, 1, 8, 4), MaxPooling.AreaM2(t, 5, 8, 4), 1e-20);
        Assert.Equal(8 * MaxPooling.EnergyPerOperationJ(t, 3, 8, 2), MaxPooling.EnergyPerOperationJ(t, 3, 8, 9), 1e-24);
        Assert.Equal(8 * MaxPooling.LeakageW(t, 3, 8, 2), MaxPooling.LeakageW(t, 3, 8, 9), 1e-18);
        double stage = MaxPooling.LatencyS(t, 8, 2, 1e-15);
        Assert.True(stage > 0);
        Assert.Equal(2 * stage, MaxPooling.LatencyS(t, 8, 4, 1e-15), stage * 1e-9);
        Assert.Equal(2 * stage, MaxPooling.LatencyS(t, 8, 3, 1e-15), stage * 1e-9);
        Assert.Equal(4 * stage, MaxPooling.LatencyS(t, 8, 9, 1e-15), stage * 1e-9);
        Assert.True(MaxPooling.LatencyS(t, 8, 2, 1e-14) > stage);
        for (int n = 2; n <= 16; n++)
        {
            Assert.True(MaxPooling.AreaM2(t, 1, n, 4) > MaxPooling.AreaM2(t, 1, n - 1, 4));
            Assert.True(MaxPooling.EnergyPerOperationJ(t, 1, n, 4) > MaxPooling.EnergyPerOperationJ(t, 1, n - 1, 4));
            Assert.True(MaxPooling.LeakageW(t, 1, n, 4) > MaxPooling.LeakageW(t, 1, n - 1, 4));
            Assert.True(MaxPooling.LatencyS(t, n + 1, 4, 0) > MaxPooling.LatencyS(t, n, 4, 0));
        }

        var none = MaxPooling.Cost(t, 4, 8, 1, 0);
        Assert.Equal(new DigitalCost(0, 0, 0, 0), none);
    }

    [Fact]
    public void Precharger_Spot_22nmLstp()
    {
        // Precharge (6F) and equaliser (2F) PMOS both enlarged to the cell's PMOS room, 28 F - 3.6 F = 24.4 F: each an unfolded
        // one-transistor cell 2 CPP = 7.6 F = 167.2 nm wide, 616 nm high; a column is 167.2 nm x 3 x 616 nm = 3.089856e-13 m^2.
        Assert.Equal(3.089856e-13 * 128, Precharger.AreaM2(T22, 128), 1e-20);
        // C_BL V_dd^2 per column: 100 fF x 0.7225 x 128 = 9.248e-12 J.
        Assert.Equal(9.248e-12, Precharger.EnergyPerOperationJ(T22, 1e-13, 128), 1e-24);
        Assert.Equal(9.248e-12, Precharger.Cost(T22, 128, 1e-13, 0).EnergyPerOperationJ, 1e-24);
        Assert.True(Precharger.LatencyS(T22, 2e-13, 0) > Precharger.LatencyS(T22, 1e-13, 0));
        // The wire adds R C / 2 to the time constant: ln 2 x (1 kOhm x 100 fF / 2) on a step input.
        double wire = Precharger.LatencyS(T22, 1e-13, 1000) - Precharger.LatencyS(T22, 1e-13, 0);
        Assert.Equal(Math.Log(2) * 1000 * 1e-13 / 2, wire, 1e-16);
        Assert.Equal(4 * Precharger.LeakageW(T22, 32), Precharger.LeakageW(T22, 128), 1e-18);
    }

    [Fact]
    public void SramWriteDriver_Spot_22nmLstp()
    {
        // Three enlarged minimum inverters per column, each unfolded 167.2 nm x 616 nm: 3.089856e-13 m^2 per column.
        Assert.Equal(3.089856e-13 * 64, SramWriteDriver.AreaM2(T22, 64), 1e-20);
        Assert.Equal(2 * SramWriteDriver.EnergyPerWriteJ(T22, 32), SramWriteDriver.EnergyPerWriteJ(T22, 64), 1e-24);
        Assert.Equal(0, SramWriteDriver.EnergyPerWriteJ(T22, 0));
        Assert.True(SramWriteDriver.LatencyS(T22, 2e-13, 1000) > SramWriteDriver.LatencyS(T22, 1e-13, 1000));
        Assert.True(SramWriteDriver.LatencyS(T22, 1e-13, 2000) > SramWriteDriver.LatencyS(T22, 1e-13, 1000));
        Assert.Equal(4 * SramWriteDriver.LeakageW(T22, 16), SramWriteDriver.LeakageW(T22, 64), 1e-18);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(130)]
    [InlineData(7)]
    public void LevelShifter_WriteChargesTheLoadAtTheWriteVoltage(int nm)
    {
        var t = TechnologyCatalog.Get(nm);
        // d E_write / d C_load = 2 V_write^2 (half SET, half RESET); the rest is the low side (one read) plus 2 C_high V_write^2.
        double e0 = LevelShifter.EnergyPerWriteJ(t, 0, 2.0);
        Assert.Equal(2 * 1e-13 * 4.0, LevelShifter.EnergyPerWriteJ(t, 1e-13, 2.0) - e0, 1e-22);
        Assert.True(e0 > LevelShifter.EnergyPerReadJ(t, 1));
        Assert.True(LevelShifter.EnergyPerWriteJ(t, 0, 3.0) > e0);
        Assert.Equal(8 * LevelShifter.EnergyPerReadJ(t, 1), LevelShifter.EnergyPerReadJ(t, 8), 1e-24);
        Assert.Equal(4 * LevelShifter.AreaM2(t, 32), LevelShifter.AreaM2(t, 128), LevelShifter.AreaM2(t, 1) * 1e-9);
        Assert.True(LevelShifter.LatencyS(t, 1e-13) > LevelShifter.LatencyS(t, 1e-14));
        Assert.Equal(0, LevelShifter.Cost(t, 8, 1e-13, 2.0).LeakageW);
    }

    [Fact]
    public void WeightProgramming_HandValues()
    {
        // 4 arrays of 128 x 128 cells at 10 pJ per cell: 65536 cells x 10 pJ = 655.36 nJ; rows in series at 1 us each, two arrays at a
        // time: 128 x 1 us x 2 rounds = 256 us.
        var c = WeightProgramming.Cost(128, 128, 4, 2, 10e-12, 1e-6);
        Assert.Equal(6.5536e-7, c.EnergyJ, 1e-18);
        Assert.Equal(2.56e-4, c.TimeS, 1e-15);
        // Linear in cells and pulses; time does not depend on the columns; 5 arrays 2 at a time take 3 rounds.
        Assert.Equal(10 * c.EnergyJ, WeightProgramming.EnergyJ(128, 128, 4, 10e-12, 10), 1e-17);
        Assert.Equal(2 * c.EnergyJ, WeightProgramming.EnergyJ(128, 256, 4, 10e-12), 1e-17);
        Assert.Equal(c.TimeS, WeightProgramming.Cost(128, 256, 4, 2, 10e-12, 1e-6).TimeS);
        Assert.Equal(3 * 128 * 1e-6, WeightProgramming.TimeS(128, 5, 2, 1e-6), 1e-15);
        Assert.Equal(128 * 1e-6, WeightProgramming.TimeS(128, 5, 5, 1e-6), 1e-15);
        Assert.Equal(new ProgrammingCost(0, 0), WeightProgramming.Cost(128, 128, 4, 4, 0, 0));
    }

    [Fact]
    public void BadArguments_Throw_NamingTheArgument()
    {
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => BitShifter.Cost(T22, 0, 8, 1e9)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => ReLU.Cost(T22, 4, -1, 1e9)).ParamName);
        Assert.Equal("clockHz", Assert.Throws<ArgumentOutOfRangeException>(() => ReLU.Cost(T22, 4, 8, 0)).ParamName);
        Assert.Equal("window", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.AreaM2(T22, 1, 8, 0)).ParamName);
        Assert.Equal("bits", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.EnergyPerOperationJ(T22, 1, 0, 4)).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.LeakageW(T22, 0, 8, 4)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPooling.LatencyS(T22, 8, 4, -1)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.AreaM2(T22, 0)).ParamName);
        Assert.Equal("bitlineCapacitanceF", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.LatencyS(T22, double.NaN, 0)).ParamName);
        Assert.Equal("bitlineResistanceOhm", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.LatencyS(T22, 1e-13, -1)).ParamName);
        Assert.Equal("columnsSwitched", Assert.Throws<ArgumentOutOfRangeException>(() => Precharger.EnergyPerOperationJ(T22, 1e-13, -1)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => SramWriteDriver.LeakageW(T22, 0)).ParamName);
        Assert.Equal("columnsWritten", Assert.Throws<ArgumentOutOfRangeException>(() => SramWriteDriver.EnergyPerWriteJ(T22, -1)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.AreaM2(T22, 0)).ParamName);
        Assert.Equal("writeVoltageV", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.EnergyPerWriteJ(T22, 1e-13, 0)).ParamName);
        Assert.Equal("loadF", Assert.Throws<ArgumentOutOfRangeException>(() => LevelShifter.LatencyS(T22, -1e-15)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(0, 128, 1, 1e-12)).ParamName);
        Assert.Equal("pulsesPerCell", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(128, 128, 1, 1e-12, 0)).ParamName);
        Assert.Equal("parallelArrays", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.TimeS(128, 4, 0, 1e-6)).ParamName);
        Assert.Equal("energyPerPulseJ", Assert.Throws<ArgumentOutOfRangeException>(() => WeightProgramming.EnergyJ(128, 128, 1, -1)).ParamName);
    }
}
