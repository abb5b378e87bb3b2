using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>`imcsim simulate` and `imcsim cost` build the same chip and, on the same images, count the same row activity.</summary>
public sealed class CostAgreementTests
{
    private static void Close(double expected, double actual, string what)
    {
        double scale = Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * scale, $"{what}: simulate {expected:R}, cost {actual:R} (relative {Math.Abs(expected - actual) / scale:G3})");
    }

    /// <summary>The embedded LeNet on the sram card, no noise or wires, 8 images run, calibrated on and measured on the same 8 images.</summary>
    private static (SimulationResult Run, CostResult Cost) Both(string dacBits)
    {
        var settings = SimulationSettings.Create(new Dictionary<string, string>
        {
            ["device"] = "sram",
            ["noise"] = "none",
            ["parasitics"] = "none",
            ["samples"] = "8",
            ["calibration-images"] = "8",
            ["activity-images"] = "8",
            ["dac-bits"] = dacBits,
            ["batch"] = "8",
        });
        return (Simulation.Run(SimulationRequest.Load(settings)), CostEstimate.Run(settings, new CpuKernels(settings.Threads)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    public void SimulateAndCost_SameChip_SameFirstLayerActivity_AndTheRunsActivityGivesTheRunsReport(string dacBits)
    {
        var (run, cost) = Both(dacBits);
        ChipCostReport sim = run.Summary.Cost ?? throw new InvalidOperationException("simulate gave no cost report: " + run.Summary.CostNote);
        ChipCostReport est = cost.Report;

        // Same placement and chip: every layer's arrays, tiles, reads and conversions; area and latency do not depend on activity.
        Assert.Equal(sim.Layers.Count, est.Layers.Count);
        for (int i = 0; i < sim.Layers.Count; i++)
        {
            LayerChipCost a = sim.Layers[i], b = est.Layers[i];
            Assert.Equal((a.Layer, a.Arrays, a.Tiles, a.Replication), (b.Layer, b.Arrays, b.Tiles, b.Replication));
            Close(a.ReadCyclesPerImage, b.ReadCyclesPerImage, $"{a.Layer} reads per image");
            Close(a.ConversionsPerImage, b.ConversionsPerImage, $"{a.Layer} conversions per image");
        }

        Close(sim.AreaUm2, est.AreaUm2, "area");
        Close(sim.LatencyPerImageNs, est.LatencyPerImageNs, "latency per image");
        Close(sim.ClockPeriodNs, est.ClockPeriodNs, "clock period");

        // The first crossbar layer reads the images themselves in both: the probe quantises its inputs as the crossbar runtime does
        // (scale from the calibration images' max |x|, round half to even, clip, DAC digits), so the driven rows agree.
        Assert.True(sim.Layers[0].DrivenRowsPerImage > 0, "the first layer drove no rows");
        Close(sim.Layers[0].DrivenRowsPerImage, est.Layers[0].DrivenRowsPerImage, $"{sim.Layers[0].Layer} driven rows per image");

        // The model is the same: the cost run's workloads with the activity the run counted give the run's report.
        var counted = cost.Workloads.Select((w, i) => w with { RowActivity = w.RowActivity * sim.Layers[i].DrivenRowsPerImage / est.Layers[i].DrivenRowsPerImage }).ToList();
        ChipCostReport again = ChipCostModel.Evaluate(cost.Chip, counted);
        Close(sim.EnergyPerImageUj, again.EnergyPerImageUj, "energy per image from the counted activity");
        Assert.Equal(sim.Components.Count, again.Components.Count);
        for (int i = 0; i < sim.Components.Count; i++)
        {
            Assert.Equal(sim.Components[i].Component, again.Components[i].Component);
            Close(sim.Components[i].EnergyPj, again.Components[i].EnergyPj, $"{sim.Components[i].Layer} {sim.Components[i].Component} energy");
        }
    }

    /// <summary>
    /// Layers after the first: simulate counts the rows the hardware run drove, whose inputs are the crossbar outputs above them
    /// (quantised weights, ADC quantisation and clipping at the calibrated full scale), while cost quantises the float reference
    /// run's activations. The two are the same physics on slightly different inputs: every layer within 5 % (0.1-1 % here), and
    /// the energy per image within 2 %. A counting error (rows, phases, cycles, row groups) would be off by a factor.
    /// </summary>
    [Fact]
    public void SimulateAndCost_SameImages_LaterLayersActivityAgreesWithinTheHardwareError()
    {
        var (run, cost) = Both("1");
        ChipCostReport sim = run.Summary.Cost!, est = cost.Report;
        for (int i = 0; i < sim.Layers.Count; i++)
        {
            double ratio = sim.Layers[i].DrivenRowsPerImage / est.Layers[i].DrivenRowsPerImage;
            Assert.InRange(ratio, 0.95, 1.05);
        }

        Assert.InRange(sim.EnergyPerImageUj / est.EnergyPerImageUj, 0.98, 1.02);
    }
}
