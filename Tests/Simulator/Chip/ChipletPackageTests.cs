using IMCSim.Simulator.Chip;
using Xunit;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>A 2.5D design: chiplets costed as chips of their own, the NoP's interface area, and the activations crossing chiplets.</summary>
public sealed class ChipletPackageTests
{
    private static readonly IReadOnlyList<LayerWorkload> Layers = CostFixtures.Vgg8();

    [Fact]
    public void OneChiplet_IsTheMonolithicChip_PlusOneNopInterface()
    {
        ChipSpec chip = CostFixtures.NeuroSimChip();
        ChipCostReport mono = ChipCostModel.Evaluate(chip, Layers);
        ChipletPackage p = ChipletPackage.Evaluate(chip, Layers, _ => "sram", NetworkOnPackage.Siam);

        Assert.Single(p.Chiplets);
        Assert.Empty(p.Transfers);
        Assert.Equal(mono.AreaMm2 + (((32 * 5304.5) + 10609) * 1e-6), p.AreaMm2, 9);
        Assert.Equal(mono.EnergyPerImageUj, p.EnergyPerImageUj, 12);
        Assert.Equal(mono.LatencyPerImageUs, p.LatencyPerImageUs, 12);
        Assert.Equal(mono.TopsPerW, p.TopsPerW, 9);
    }

    [Fact]
    public void EveryBoundaryBetweenChiplets_CarriesItsProducersPooledActivations_OverTheMeshHops()
    {
        ChipSpec chip = CostFixtures.NeuroSimChip();
        // Layers to groups a, b, c, d, a, c, b, d: on the 2 x 2 snake a (0,0), b (0,1), c (1,1), d (1,0).
        string[] groups = ["a", "b", "c", "d", "a", "c", "b", "d"];
        var map = Layers.Select((l, i) => (l.Name, groups[i])).ToDictionary(x => x.Name, x => x.Item2);
        ChipletPackage p = ChipletPackage.Evaluate(chip, Layers, l => map[l.Name], NetworkOnPackage.Siam);

        Assert.Equal(["a", "b", "c", "d"], p.Chiplets.Select(c => c.Name));
        Assert.Equal([(0, 0), (0, 1), (1, 1), (1, 0)], p.Chiplets.Select(c => (c.Row, c.Column)));
        Assert.Equal(7, p.Transfers.Count);
        Assert.Equal([1, 1, 1, 1, 2, 1, 2], p.Transfers.Select(t => t.Hops));
        for (int i = 0; i < 7; i++)
        {
            LayerWorkload l = Layers[i];
            double bits = (double)l.InputVectorsPerImage * l.Outputs / Math.Max(1, l.PoolWindow) * chip.InputBits;
            Assert.Equal(bits, p.Transfers[i].BitsPerImage, 6);
            Assert.Equal(bits * p.Transfers[i].Hops * 0.54, p.Transfers[i].EnergyPj, 6);
            Assert.Equal((p.Transfers[i].Hops * 20) + (bits / 640), p.Transfers[i].TimeNs, 6);
        }

        Assert.Equal(p.Chiplets.Sum(c => c.Cost.EnergyPerImageUj) + (p.Transfers.Sum(t => t.EnergyPj) * 1e-6), p.EnergyPerImageUj, 12);
        Assert.Equal(Math.Max(p.Chiplets.Max(c => c.Cost.LatencyPerImageUs), p.Transfers.Max(t => t.TimeNs) * 1e-3), p.LatencyPerImageUs, 12);
        Assert.Equal(Layers.Sum(l => l.OpsPerImage), p.OpsPerImage, 3);
    }

    [Fact]
    public void LayerByLayer_LatencyIsTheSumOfChipletsAndTransfers()
    {
        ChipSpec chip = CostFixtures.NeuroSimChip(pipeline: false);
        ChipletPackage p = ChipletPackage.Evaluate(chip, Layers, l => l.Name.EndsWith('1') ? "x" : "y", NetworkOnPackage.Siam);
        Assert.Equal(p.Chiplets.Sum(c => c.Cost.LatencyPerImageUs) + (p.Transfers.Sum(t => t.TimeNs) * 1e-3), p.LatencyPerImageUs, 12);
        Assert.NotEmpty(p.Transfers);
    }
}
