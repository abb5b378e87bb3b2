using System.Globalization;
using IMCSim.Devices;
using IMCSim.Devices.Spec;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>
/// The built-in cards of DNN+NeuroSim V1.4's default cells (neurosim-sram, neurosim-rram): NeuroSim's numbers, each with its
/// source, and no non-ideality NeuroSim's cost model lacks.
/// </summary>
public sealed class NeuroSimCardTests
{
    [Fact]
    public void RramCard_IsNeuroSimsDefault1T1RCell()
    {
        var d = DeviceCatalog.Find("neurosim-rram")!;
        Assert.Equal("RRAM", d.Technology);

        // R_on = 100 kOhm, R_off = 17 x R_on (Param.cpp resistanceOn, resistanceOff).
        Assert.Equal(10.0, d.GMaxUs.Value, 12);
        Assert.Equal(1e6 / 1.7e6, d.GMinUs.Value, 12);
        Assert.Equal(17.0, d.GMaxUs.Value / d.GMinUs.Value, 9);
        Assert.Equal(1, d.MaxBits);

        // 1T1R 4F x 12F, access transistor at R_on x IR_DROP_TOLERANCE (0.25).
        Assert.Equal(4, d.CellHeightF.Value);
        Assert.Equal(12, d.CellWidthF.Value);
        Assert.Equal(48, d.CellAreaF2.Value, 12);
        Assert.Equal(25_000, d.AccessResistanceOhm!.Value.Value);
        Assert.Contains("IR_DROP_TOLERANCE", d.AccessResistanceOhm!.Value.Source, StringComparison.Ordinal);

        Assert.Equal(0.55, d.ReadVoltageV.Value);
        Assert.Equal(10, d.ReadPulseNs.Value);
    }

    [Fact]
    public void SramCard_IsNeuroSimsDefaultSramCell_ReadThroughItsOneFAccessTransistorAt22nm()
    {
        var d = DeviceCatalog.Find("neurosim-sram")!;
        Assert.Equal("SRAM", d.Technology);
        Assert.Equal(1, d.MaxBits);
        Assert.Equal(10, d.CellHeightF.Value);
        Assert.Equal(28, d.CellWidthF.Value);
        Assert.Equal(280, d.CellAreaF2.Value, 12);
        Assert.Null(d.AccessResistanceOhm);
        Assert.Equal(0.0, d.GMinUs.Value);

        // G_on = 1 / R_on of a 1F-wide NMOS at 22 nm LSTP, 300 K (NeuroSim's resCellAccess), from IMCSim's copy of
        // NeuroSim's transistor data: R = multiplier x vdd / I_on per width, divided by the width.
        var node = TechnologyCatalog.Get(22);
        double resCellAccessOhm = node.EffectiveResistanceNmosOhmM.Value / 22e-9;
        Assert.Equal(86_357, resCellAccessOhm, 0.5);
        Assert.Equal(1e6 / resCellAccessOhm, d.GMaxUs.Value, 1e-4);

        Assert.Equal(0.55, d.ReadVoltageV.Value);
        Assert.Equal(10, d.ReadPulseNs.Value);
    }

    [Theory]
    [InlineData("neurosim-sram")]
    [InlineData("neurosim-rram")]
    public void Cards_HaveNoNonIdealityAndNoProgrammingCost_SayingNeuroSimHasNoSuchTerm(string name)
    {
        var d = DeviceCatalog.Find(name)!;
        Assert.False(d.ProgrammingNoise.Enabled);
        Assert.Equal(ReadNoiseKind.None, d.ReadNoise.Kind);
        Assert.Equal(DriftKind.None, d.Drift.Kind);
        foreach (Sourced zero in new[] { d.VariationRelativeSigma, d.StuckAtGMinRate, d.StuckAtGMaxRate, d.ProgramEnergyPj, d.ProgramLatencyNs })
        {
            Assert.Equal(0, zero.Value);
            Assert.Contains("cost model has no", zero.Source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("neurosim-sram")]
    [InlineData("neurosim-rram")]
    public void Cards_GiveEveryNumberASource_NamingNeuroSimAndTheCommitRead(string name)
    {
        var rows = DeviceCatalog.Find(name)!.Parameters().ToList();
        var numbers = rows.Where(r => double.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
        Assert.NotEmpty(numbers);
        foreach (var (field, _, source) in numbers)
        {
            Assert.False(string.IsNullOrWhiteSpace(source), field);
            Assert.DoesNotContain("|", source, StringComparison.Ordinal);
            if (field != "cell_area_f2")
            {
                // Derived area aside, every number is NeuroSim's, with the file and commit it was read from (or NeuroSim lacking the term).
                Assert.Contains("NeuroSim V1.4", source, StringComparison.Ordinal);
                Assert.True(source.Contains('@', StringComparison.Ordinal) || source.Contains("cost model has no", StringComparison.Ordinal), $"{field}: {source}");
            }
        }
    }

    [Fact]
    public void Cards_AreListedByTheCatalog()
    {
        Assert.Contains("neurosim-sram", DeviceCatalog.Names);
        Assert.Contains("neurosim-rram", DeviceCatalog.Names);
        Assert.Same(DeviceCatalog.Find("neurosim-rram"), DeviceCatalog.Resolve("neurosim-rram", "--device"));
    }
}
