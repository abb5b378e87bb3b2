using IMCSim.Simulator.Chip;
using Xunit;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>
/// `imcsim cost --model zoo:vgg8 --config configs/neurosim-v1.4.yaml` against NeuroSim V1.4's printed VGG8 run
/// (shared/references/neurosim-vgg8.md; the table in docs/COST.md): the tolerances, 30 % on the chip metrics and a factor of
/// 1.5 on the category breakdowns. The one category outside 1.5, the ADC area, is a NeuroSim slip IMCSim does not copy (its dummy
/// reference columns drawn at the 40 nm wire width of a 22 nm chip); it is pinned here to its explained range.
/// </summary>
public sealed class NeuroSimValidationTests
{
    private static ChipCostReport Report => CostFixtures.NeuroSimVgg8Base.Report;

    [Theory]
    [InlineData("area_mm2", 80.06)]
    [InlineData("energy_per_image_uj", 37.7707 + 0.2982)]
    [InlineData("latency_per_image_us", 132.974)]
    [InlineData("clock_period_ns", 1.6974)]
    [InlineData("tops", 9.264)]
    [InlineData("tops_per_w", 26.52)]
    [InlineData("tops_per_mm2", 0.1157)]
    public void ChipMetrics_WithinThirtyPercentOfNeuroSim(string metric, double neuroSim)
    {
        ChipCostReport r = Report;
        double value = metric switch
        {
            "area_mm2" => r.AreaMm2,
            "energy_per_image_uj" => r.EnergyPerImageUj,
            "latency_per_image_us" => r.LatencyPerImageUs,
            "clock_period_ns" => r.ClockPeriodNs,
            "tops" => r.Tops,
            "tops_per_w" => r.TopsPerW,
            _ => r.TopsPerMm2,
        };
        Assert.InRange(value / neuroSim, 0.7, 1.3);
    }

    [Fact]
    public void EnergyCategories_WithinAFactorOfOnePointFive()
    {
        ChipCostReport r = Report;
        double adc = r.EnergyPj(ComponentCategory.Adc) + r.EnergyPj(ComponentCategory.Array);
        double other = r.EnergyPj(ComponentCategory.Other) + r.EnergyPj(ComponentCategory.Buffer) + r.EnergyPj(ComponentCategory.Interconnect);
        Within(adc * 1e-6, 26.43);
        Within(r.EnergyPj(ComponentCategory.Accumulation) * 1e-6, 3.82);
        Within(other * 1e-6, 7.52);
    }

    [Fact]
    public void AreaCategories_WithinAFactorOfOnePointFive_ExceptTheExplainedAdc()
    {
        ChipCostReport r = Report;
        Within(r.AreaUm2Of(ComponentCategory.Array) * 1e-6, 21.03);
        Within(r.AreaUm2Of(ComponentCategory.Accumulation) * 1e-6, 16.18);
        Within(r.AreaUm2Of(ComponentCategory.Interconnect) * 1e-6, 12.14);
        Within((r.AreaUm2Of(ComponentCategory.Other) + r.AreaUm2Of(ComponentCategory.Buffer)) * 1e-6, 11.55);

        // NeuroSim 15.38 mm^2, about 6 mm^2 of it reference columns drawn at 40 nm instead of 22 nm: IMCSim's lies near 15.38 - 6.
        Assert.InRange(r.AreaUm2Of(ComponentCategory.Adc) * 1e-6, 15.38 - 8, 15.38 - 4);
    }

    [Fact]
    public void PerLayerLatency_WithinFifteenPercentOfNeuroSim()
    {
        double[] neuroSim = [132974, 65070.7, 27663.9, 31436.6, 9051.58, 16639.8, 740.493, 412.57];
        for (int i = 0; i < neuroSim.Length; i++)
        {
            Assert.InRange(Report.Layers[i].LatencyNs / neuroSim[i], 0.85, 1.15);
        }
    }

    private static void Within(double value, double neuroSim) => Assert.InRange(value / neuroSim, 1 / 1.5, 1.5);
}
