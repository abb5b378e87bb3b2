using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using Xunit;
using static IMCSim.Tests.Simulator.Chip.CostFixtures;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>The circuit-level cost model (issue 9): its books balance, it moves the right way with each setting, and it is deterministic.</summary>
public sealed class ChipCostModelTests
{
    private static void AssertBooksBalance(ChipCostReport r)
    {
        Assert.NotEmpty(r.Components);
        Assert.All(r.Components, c => Assert.True(double.IsFinite(c.EnergyPj) && c.EnergyPj >= 0 && double.IsFinite(c.AreaUm2) && c.AreaUm2 >= 0
            && double.IsFinite(c.LatencyNs) && c.LatencyNs >= 0 && double.IsFinite(c.LeakageUw) && c.LeakageUw >= 0, $"{c.Layer} {c.Component}: {c}"));
        Close(r.Components.Sum(c => c.AreaUm2), r.AreaUm2, 1e-9, "sum of component areas vs chip area");
        Close(r.Components.Sum(c => c.EnergyPj) * 1e-6, r.EnergyPerImageUj, 1e-9, "sum of component energies (leakage line included) vs energy per image");
        Close(r.Components.Where(c => c.Category != ComponentCategory.Leakage).Sum(c => c.EnergyPj), r.DynamicEnergyPj, 1e-9, "dynamic energy");
        Close(r.Components.Sum(c => c.LeakageUw), r.LeakagePowerUw, 1e-9, "leakage power");
        var leakage = Assert.Single(r.Components, c => c.Category == ComponentCategory.Leakage);
        Close(r.LeakagePowerUw * r.LatencyPerImageNs * 1e-3, leakage.EnergyPj, 1e-9, "leakage line = leakage power x latency");
        Close(Enum.GetValues<ComponentCategory>().Sum(r.AreaUm2Of), r.AreaUm2, 1e-9, "categories cover the area");
        Close(r.AreaUm2Of(ComponentCategory.Whitespace), r.WhitespaceUm2, 1e-9, "whitespace");
        foreach (LayerChipCost l in r.Layers)
        {
            var rows = r.Components.Where(c => c.Layer == l.Layer).ToList();
            Assert.NotEmpty(rows);
            Close(rows.Sum(c => c.LatencyNs), l.LatencyNs, 1e-9, $"{l.Layer} latency");
            Close(rows.Sum(c => c.EnergyPj), l.EnergyPj, 1e-9, $"{l.Layer} energy");
            Close(rows.Sum(c => c.AreaUm2), l.AreaUm2, 1e-9, $"{l.Layer} area");
            Close(rows.Sum(c => c.LeakageUw), l.LeakageUw, 1e-9, $"{l.Layer} leakage");
            Assert.True(l.LatencyNs > 0 && l.EnergyPj > 0, $"{l.Layer} costs nothing");
        }

        // Every component line belongs to a layer or to the chip's shared hardware.
        Assert.All(r.Components, c => Assert.True(c.Layer == "chip" || r.Layers.Any(l => l.Layer == c.Layer), c.Layer));
        Close(r.Layers.Sum(l => l.OpsPerImage), r.OpsPerImage, 1e-12, "ops");
    }

    [Fact]
    public void Vgg8_ComponentsAddUpToTheChipAndEachLayer_LatencyIsTheSlowestLayerWhenPipelined()
    {
        ChipCostReport r = NeuroSimVgg8Base.Report;
        AssertBooksBalance(r);
        Assert.Equal(8, r.Layers.Count);
        Close(r.Layers.Max(l => l.LatencyNs), r.LatencyPerImageNs, 1e-12, "pipelined latency = slowest layer");
        Assert.True(r.Layers.Sum(l => l.LatencyNs) > r.LatencyPerImageNs * 1.01, "pipelined latency must be below the layers' sum");
    }

    [Fact]
    public void Vgg8_LayerByLayer_LatencyIsTheSumOfLayers()
    {
        ChipCostReport r = Cost(NeuroSimVgg8(("pipeline", "false"), ("adc-type", "sar"), ("post-layout", "false"))).Report;
        AssertBooksBalance(r);
        Close(r.Layers.Sum(l => l.LatencyNs), r.LatencyPerImageNs, 1e-9, "unpipelined latency = layers' sum");
        // Without the pipeline no layer wants copies: only free space inside its own PEs replicates it, so no layer has more tiles than pipelined.
        ChipCostReport pipelined = Cost(NeuroSimVgg8(("adc-type", "sar"), ("post-layout", "false"))).Report;
        Assert.True(r.Layers.Sum(l => l.Tiles) < pipelined.Layers.Sum(l => l.Tiles), "tiles");
        Assert.All(r.Layers.Zip(pipelined.Layers), p => Assert.True(p.First.Tiles <= p.Second.Tiles && p.First.Replication <= p.Second.Replication, p.First.Layer));
        Assert.True(r.LatencyPerImageNs > pipelined.LatencyPerImageNs, "layer by layer is slower");
    }

    [Fact]
    public void Vgg8_OpsPerImage_MatchesNeuroSimsCount()
    {
        // shared/references/neurosim-vgg8.md: 2 x H x W x C_in x K x K x C_out over the input size = 1,231,835,136 per image (printed by NeuroSim,
        // and by hand: 2 x 9 x (1024 x (3 + 128) x 128 + 256 x (128 + 256) x 256 + 64 x (256 + 512) x 512) + 2 x (8192 x 1024 + 1024 x 10)).
        Assert.Equal(1_231_835_136, NeuroSimVgg8Base.Report.OpsPerImage);
        Assert.Equal(1_231_835_136, Vgg8().Sum(l => l.OpsPerImage));
    }

    [Theory]
    [InlineData("sar")]
    [InlineData("sense-amp")]
    public void AdcBits_MoreBitsCostMoreEnergyAndArea_AndChangeTopsPerWatt(string adc)
    {
        // The layers' workloads do not depend on the ADC: evaluate the same workloads on chips that differ only in it.
        CostResult baseRun = NeuroSimVgg8Base;
        ChipCostReport Eval(int bits) => ChipCostModel.Evaluate(ChipCostInputs.Chip(baseRun.Settings.With(new Dictionary<string, string> { ["adc-type"] = adc, ["adc-bits"] = bits.ToString(System.Globalization.CultureInfo.InvariantCulture) })), baseRun.Workloads);
        ChipCostReport b4 = Eval(4), b5 = Eval(5), b6 = Eval(6);
        Assert.True(b4.EnergyPerImageUj < b5.EnergyPerImageUj && b5.EnergyPerImageUj < b6.EnergyPerImageUj, $"energy {b4.EnergyPerImageUj} {b5.EnergyPerImageUj} {b6.EnergyPerImageUj}");
        Assert.True(b4.AreaUm2 < b5.AreaUm2 && b5.AreaUm2 < b6.AreaUm2, $"area {b4.AreaUm2} {b5.AreaUm2} {b6.AreaUm2}");
        Assert.True(b4.EnergyPj(ComponentCategory.Adc) < b5.EnergyPj(ComponentCategory.Adc) && b5.EnergyPj(ComponentCategory.Adc) < b6.EnergyPj(ComponentCategory.Adc), "ADC energy");
        Assert.True(b4.AreaUm2Of(ComponentCategory.Adc) < b5.AreaUm2Of(ComponentCategory.Adc) && b5.AreaUm2Of(ComponentCategory.Adc) < b6.AreaUm2Of(ComponentCategory.Adc), "ADC area");
        Assert.True(b4.TopsPerW > b5.TopsPerW * 1.01 && b5.TopsPerW > b6.TopsPerW * 1.01, $"TOPS/W {b4.TopsPerW} {b5.TopsPerW} {b6.TopsPerW}");

        // The cell arrays do not care about the ADC.
        Close(b4.AreaUm2Of(ComponentCategory.Array), b6.AreaUm2Of(ComponentCategory.Array), 1e-12, "cell-array area");
    }

    [Fact]
    public void MoreArrays_MoreArea_WiderNetworkAndSmallerArrays()
    {
        // A wider network: every layer's outputs doubled needs more arrays and more area.
        var narrow = Vgg8();
        var wide = narrow.Select(l => l with { Outputs = l.Outputs * 2, OpsPerImage = l.OpsPerImage * 2 }).ToList();
        ChipCostReport n = ChipCostModel.Evaluate(NeuroSimChip(), narrow), w = ChipCostModel.Evaluate(NeuroSimChip(), wide);
        Assert.True(w.Layers.Sum(l => l.Arrays) > n.Layers.Sum(l => l.Arrays), "arrays");
        Assert.True(w.AreaUm2 > n.AreaUm2, $"area {n.AreaUm2} -> {w.AreaUm2}");
        Assert.True(w.AreaUm2Of(ComponentCategory.Array) > n.AreaUm2Of(ComponentCategory.Array), "cell-array area");
        Assert.True(w.EnergyPerImageUj > n.EnergyPerImageUj, "energy");

        // Smaller arrays for the same network: more arrays (each needs its own periphery), more area.
        CostResult big = NeuroSimVgg8Base;
        CostResult small = Cost(NeuroSimVgg8(("array", "64x64"), ("parallel-rows", "64")));
        Assert.True(small.Report.Layers.Sum(l => l.Arrays) > 2 * big.Report.Layers.Sum(l => l.Arrays), "64 x 64 arrays: more arrays");
        Assert.True(small.Report.AreaUm2 > big.Report.AreaUm2, $"64 x 64 arrays: area {big.Report.AreaUm2} -> {small.Report.AreaUm2}");
        Assert.True(small.Report.AreaUm2Of(ComponentCategory.Adc) > big.Report.AreaUm2Of(ComponentCategory.Adc), "64 x 64 arrays: more ADCs");
    }

    [Theory]
    [InlineData("sar")]
    [InlineData("sense-amp")]
    public void ZeroInput_DrivesNoRows_NoCellArrayEnergy_LessSwitchEnergy(string adcName)
    {
        AdcDesign adc = AdcDesign.All.Single(a => a.Name == adcName);
        ChipSpec chip = NeuroSimChip(adc: adc);
        ChipCostReport Run(double activity) => ChipCostModel.Evaluate(chip, [Conv("conv", 16, 128, 128, activity), Dense("fc", 512, 64, activity)]);
        ChipCostReport zero = Run(0), half = Run(0.5);
        AssertBooksBalance(zero);
        foreach (string layer in new[] { "conv", "fc" })
        {
            ComponentCost Line(ChipCostReport r, string component) => Assert.Single(r.Components, c => c.Layer == layer && c.Component == component);
            Assert.Equal(0, Line(zero, "cell array").EnergyPj);
            Assert.True(Line(half, "cell array").EnergyPj > 0, "a driven row charges its word line");
            Assert.True(Line(zero, "word-line switch matrix").EnergyPj < Line(half, "word-line switch matrix").EnergyPj, "switch matrix");
            Assert.Equal(0, Assert.Single(zero.Layers, l => l.Layer == layer).DrivenRowsPerImage);

            // The hardware is the same whatever the input.
            Assert.Equal(Line(half, "cell array").AreaUm2, Line(zero, "cell array").AreaUm2);
        }

        Assert.Equal(half.AreaUm2, zero.AreaUm2);
        Assert.True(zero.DynamicEnergyPj < half.DynamicEnergyPj, "dynamic energy");
    }

    [Fact]
    public void DrivenRows_AreReadsTimesActivityTimesRows()
    {
        // Hand derivation: conv on 16 x 16 x 128, valid positions 14^2 = 196 vectors, 8 bit-serial input cycles, 1 phase, 1152 rows, activity 0.3:
        // driven rows = 196 x 8 x 0.3 x 1152; reads per image = 196 x 8 x arrays (9 x 1 novel row tiles x 8 column tiles of 128 x 128 for 1024 columns).
        var layer = Conv("conv", 16, 128, 128, 0.3);
        ChipCostReport r = ChipCostModel.Evaluate(NeuroSimChip(), [layer, Dense("fc", 512, 10)]);
        LayerChipCost l = r.Layers[0];
        Close(196 * 8 * 0.3 * 1152, l.DrivenRowsPerImage, 1e-12, "driven rows");
        Close(196.0 * 8 * 9 * 8, l.ReadCyclesPerImage, 1e-12, "array reads");
        // Conversions: every used column of every row tile, once per read: 196 x 8 x 9 x 1024.
        Close(196.0 * 8 * 9 * 1024, l.ConversionsPerImage, 1e-12, "conversions");
    }

    [Fact]
    public void Vgg8_ReferenceDirections_Adc4BitsVs5_LessAdcEnergyLessAreaMoreTopsPerWatt()
    {
        // NeuroSim's direction (docs/COST.md; manual Table VII runs its 4-bit ADC below the default 5-bit one's energy).
        ChipCostReport b5 = NeuroSimVgg8Base.Report, b4 = Cost(NeuroSimVgg8(("adc-bits", "4"))).Report;
        Assert.True(b4.EnergyPj(ComponentCategory.Adc) < b5.EnergyPj(ComponentCategory.Adc), "ADC energy");
        Assert.True(b4.AreaUm2 < b5.AreaUm2, "area");
        Assert.True(b4.TopsPerW > b5.TopsPerW, "TOPS/W");
    }

    [Fact]
    public void Vgg8_ReferenceDirections_FewerParallelRows_MoreConversionsMoreEnergyFewerTops()
    {
        // NeuroSim V1.4 manual Table VII (shared/references/neurosim-vgg8.md): SRAM 4-bit, 32 rows in parallel 6.06 TOPS and 8.76 TOPS/W
        // against 8.01 and 17.13 at 64 rows: fewer rows per read, more conversions, lower throughput and efficiency.
        ChipCostReport r128 = NeuroSimVgg8Base.Report;
        ChipCostReport r64 = Cost(NeuroSimVgg8(("parallel-rows", "64"))).Report;
        ChipCostReport r32 = Cost(NeuroSimVgg8(("parallel-rows", "32"))).Report;
        double Conversions(ChipCostReport r) => r.Layers.Sum(l => l.ConversionsPerImage);
        Close(2 * Conversions(r128), Conversions(r64), 1e-12, "64 rows: twice the conversions of 128 (every array has 128 rows)");
        Close(2 * Conversions(r64), Conversions(r32), 1e-12, "32 rows: twice the conversions of 64");
        Assert.True(r128.EnergyPerImageUj < r64.EnergyPerImageUj && r64.EnergyPerImageUj < r32.EnergyPerImageUj, "energy per image");
        Assert.True(r128.Tops > r64.Tops && r64.Tops > r32.Tops, "TOPS");
        Assert.True(r128.TopsPerW > r64.TopsPerW && r64.TopsPerW > r32.TopsPerW, "TOPS/W");
    }

    [Fact]
    public void Vgg8_ReferenceDirections_RramCellsTakeLessArrayAreaThanSram()
    {
        // NeuroSim Param.cpp (device cards): RRAM 1T1R cell 4F x 12F = 48 F^2, SRAM 10F x 28F = 280 F^2; same arrays (1 bit per cell both).
        ChipCostReport sram = NeuroSimVgg8Base.Report, rram = Cost(NeuroSimVgg8(("device", "neurosim-rram"))).Report;
        Assert.Equal(sram.Layers.Sum(l => l.Arrays), rram.Layers.Sum(l => l.Arrays));
        Close(sram.AreaUm2Of(ComponentCategory.Array) * 48 / 280, rram.AreaUm2Of(ComponentCategory.Array), 1e-9, "cell-array area scales with the cell footprint");
    }

    [Theory]
    [InlineData("32")]
    [InlineData("64")]
    public void Vgg8_ReferenceDirections_RramChipIsLargerWithItsWriteLevelShifters_AndMoreEfficient(string parallelRows)
    {
        // NeuroSim manual Table VII (neurosim-vgg8.md), 4-bit ADC: RRAM (write voltage 2 V, so word-, bit- and source-line level
        // shifters) 4.4x SRAM's area, TOPS/W +28 % (32 rows) / +16 % (64 rows). IMCSim: larger (without NeuroSim's calibrated
        // shifter layout and its 14x word-line switch matrix, 1.6x), and more efficient (smaller row capacitance, no SRAM reference column).
        ChipCostReport sram = Cost(NeuroSimVgg8(("adc-bits", "4"), ("parallel-rows", parallelRows))).Report;
        ChipCostReport rram = Cost(NeuroSimVgg8(("adc-bits", "4"), ("parallel-rows", parallelRows), ("device", "neurosim-rram"))).Report;
        Assert.True(rram.AreaMm2 > 1.3 * sram.AreaMm2, $"RRAM {rram.AreaMm2} mm^2 vs SRAM {sram.AreaMm2}");
        Assert.InRange(rram.TopsPerW / sram.TopsPerW, 1.05, 1.5);
        Assert.Contains(rram.Components, c => c.Component == "write level shifters" && c.AreaUm2 > 0);
        Assert.DoesNotContain(sram.Components, c => c.Component == "write level shifters");
    }

    [Fact]
    public void Vgg8_NeuroSimsPrintedUtilisation()
    {
        // shared/references/neurosim-vgg8.md: utilisation per layer 0.211, 1, 1, 1, 1, 1, 1, 0.625 (NeuroSim's print).
        double[] expected = [0.211, 1, 1, 1, 1, 1, 1, 0.625];
        var layers = NeuroSimVgg8Base.Report.Layers;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], layers[i].Utilisation, 3);
        }
    }

    [Fact]
    public void CostEstimate_TwoRuns_GiveBitIdenticalReports()
    {
        ChipCostReport a = NeuroSimVgg8Base.Report, b = Cost(NeuroSimVgg8()).Report;
        Assert.Equal(a.Components.Count, b.Components.Count);
        for (int i = 0; i < a.Components.Count; i++)
        {
            ComponentCost x = a.Components[i], y = b.Components[i];
            Assert.Equal((x.Layer, x.Level, x.Component, x.Category, x.Count), (y.Layer, y.Level, y.Component, y.Category, y.Count));
            Assert.Equal(Bits(x.EnergyPj, x.AreaUm2, x.LatencyNs, x.LeakageUw), Bits(y.EnergyPj, y.AreaUm2, y.LatencyNs, y.LeakageUw));
        }

        Assert.Equal(a.Layers, b.Layers);
        Assert.Equal(
            Bits(a.AreaUm2, a.DynamicEnergyPj, a.LeakagePowerUw, a.LatencyPerImageNs, a.ClockPeriodNs, a.EnergyPerImageUj, a.TopsPerW, a.Tops),
            Bits(b.AreaUm2, b.DynamicEnergyPj, b.LeakagePowerUw, b.LatencyPerImageNs, b.ClockPeriodNs, b.EnergyPerImageUj, b.TopsPerW, b.Tops));
    }

    private static long[] Bits(params double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
