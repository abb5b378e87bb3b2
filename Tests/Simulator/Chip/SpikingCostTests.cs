using IMCSim.Simulator.Chip;
using Xunit;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>The cost model on spiking workloads: spike-driven energy, timesteps, neurons and membrane memory, the exit unit.</summary>
public sealed class SpikingCostTests
{
    private static readonly ChipSpec Chip = CostFixtures.NeuroSimChip(pipeline: false, novel: false);

    /// <summary>A small convolutional SNN: the first layer takes the 8-bit image, the others 1-bit spikes at the given row activity, every layer but the last feeding IF neurons.</summary>
    private static IReadOnlyList<LayerWorkload> Snn(double spikeActivity, double timesteps, int membraneBits = 8, double spikeRate = 0.1)
    {
        LayerWorkload[] ann =
        [
            CostFixtures.Conv("conv1", 16, 3, 32, 0.3), CostFixtures.Conv("conv2", 16, 32, 32), CostFixtures.Conv("conv3", 16, 32, 64), CostFixtures.Dense("fc", 1024, 10),
        ];
        return [.. ann.Select((l, i) => l with
        {
            InputBits = i == 0 ? 0 : 1,
            RowActivity = i == 0 ? l.RowActivity : spikeActivity,
            TimestepsPerImage = timesteps,
            Neurons = i == ann.Length - 1 ? null : Neurons(l, timesteps, membraneBits, spikeRate),
        })];
    }

    private static NeuronWorkload Neurons(LayerWorkload l, double timesteps, int bits, double rate)
    {
        long n = (long)l.Outputs * l.InputVectorsPerImage;
        return new NeuronWorkload(l.Name + "/if", n, n * timesteps, n * timesteps * rate, bits, n, Leaky: false);
    }

    private static double Dynamic(ChipCostReport r) => r.DynamicEnergyPj;

    [Fact]
    public void SpikeDrivenEnergy_NeverExceedsDense_AndEqualsItWhenEveryInputSpikes()
    {
        double dense = Dynamic(ChipCostModel.Evaluate(Chip, Snn(1.0, 8)));
        double previous = 0;
        foreach (double activity in new[] { 0.0, 0.05, 0.2, 0.6, 1.0 })
        {
            double e = Dynamic(ChipCostModel.Evaluate(Chip, Snn(activity, 8)));
            Assert.True(e <= dense * (1 + 1e-12), $"activity {activity}: {e} pJ above the dense {dense} pJ");
            Assert.True(e >= previous, $"activity {activity}: energy fell as more rows were driven");
            previous = e;
        }

        Assert.Equal(dense, previous, 9);
    }

    [Fact]
    public void SilentLayer_CostsNoRowDriveEnergy()
    {
        var layers = Snn(0.3, 8).Select(l => l.Name == "conv2" ? l with { RowActivity = 0 } : l).ToList();
        var r = ChipCostModel.Evaluate(Chip, layers);
        Assert.Equal(0, r.Components.Single(c => c.Layer == "conv2" && c.Component == "cell array").EnergyPj);
        Assert.True(r.Components.Single(c => c.Layer == "conv3" && c.Component == "cell array").EnergyPj > 0);
    }

    [Fact]
    public void StaticSnnEnergyAndLatency_AreLinearInTimesteps()
    {
        // Every per-image term scales with the reads and neuron updates, i.e. with T (row activity and spike rate held fixed);
        // only a few rounded-up unit counts are not exactly linear.
        var one = ChipCostModel.Evaluate(Chip, Snn(0.2, 1));
        foreach (int t in new[] { 2, 8, 32 })
        {
            var r = ChipCostModel.Evaluate(Chip, Snn(0.2, t));
            Assert.InRange(Dynamic(r) / (t * Dynamic(one)), 0.999, 1.001);
            Assert.InRange(r.LatencyPerImageNs / (t * one.LatencyPerImageNs), 0.99, 1.01);
        }
    }

    [Fact]
    public void SpikeFedLayers_ReadOneCyclePerTimestep_TheImageFedLayerItsInputBits()
    {
        var r = ChipCostModel.Evaluate(Chip, Snn(0.2, 4));
        LayerChipCost conv1 = r.Layers.Single(l => l.Layer == "conv1"), conv2 = r.Layers.Single(l => l.Layer == "conv2");
        LayerWorkload w1 = Snn(0.2, 4)[0], w2 = Snn(0.2, 4)[1];

        // Reads = input vectors x timesteps x input cycles x arrays; conv1 (27 rows, 256 columns) is 2 arrays, conv2 (288 rows) 3 x 2.
        Assert.Equal(w1.InputVectorsPerImage * 4.0 * 8 * 2, conv1.ReadCyclesPerImage);
        Assert.Equal(w2.InputVectorsPerImage * 4.0 * 1 * 6, conv2.ReadCyclesPerImage);
    }

    [Fact]
    public void Neurons_AndMembraneMemory_AreCharged_AndTheMemoryScalesWithMembraneBits()
    {
        var areas = new List<double>();
        var energies = new List<double>();
        foreach (int bits in new[] { 2, 4, 8, 16 })
        {
            var r = ChipCostModel.Evaluate(Chip, Snn(0.2, 4, bits));
            long neurons = Snn(0.2, 4, bits).Where(l => l.Neurons is not null).Sum(l => l.Neurons!.MembraneWords);
            ComponentCost memory = r.Components.Single(c => c.Component.StartsWith("membrane memory", StringComparison.Ordinal));
            Assert.Equal($"membrane memory ({neurons * bits} bits)", memory.Component);
            areas.Add(memory.AreaUm2);
            energies.Add(r.Components.Where(c => c.Component.StartsWith("neurons (IF", StringComparison.Ordinal)).Sum(c => c.EnergyPj));
            Assert.True(r.EnergyPj(ComponentCategory.Neuron) > 0);
        }

        for (int i = 1; i < areas.Count; i++)
        {
            Assert.True(areas[i] > 1.5 * areas[i - 1], $"membrane memory area {areas[i]} um^2 at twice the bits is not well above {areas[i - 1]} um^2");
            Assert.True(energies[i] > energies[i - 1]);
        }

        // A DNN (no neurons) has none of this hardware.
        var dnn = ChipCostModel.Evaluate(Chip, CostFixtures.Vgg8());
        Assert.Equal(0, dnn.AreaUm2Of(ComponentCategory.Neuron));
    }

    [Fact]
    public void ExitUnit_IsChargedPerCheck_AndAddsItsLatency()
    {
        var layers = Snn(0.2, 3.5);
        var without = ChipCostModel.Evaluate(Chip, layers);
        var with = ChipCostModel.Evaluate(Chip, layers, new ExitWorkload(10, 3.5));
        var twice = ChipCostModel.Evaluate(Chip, layers, new ExitWorkload(10, 7));
        ComponentCost unit = with.Components.Single(c => c.Component.StartsWith("exit unit", StringComparison.Ordinal));
        Assert.True(unit.EnergyPj > 0 && unit.AreaUm2 > 0);
        Assert.Equal(2 * unit.EnergyPj, twice.Components.Single(c => c.Component.StartsWith("exit unit", StringComparison.Ordinal)).EnergyPj, 9);
        Assert.True(with.LatencyPerImageNs > without.LatencyPerImageNs);
        Assert.Equal(without.DynamicEnergyPj + unit.EnergyPj, with.DynamicEnergyPj, 6);
    }
}
