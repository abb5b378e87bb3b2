using IMCSim.Simulator.Chip;
using Xunit;
using static IMCSim.Tests.Simulator.Chip.CostFixtures;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>ChipFloorplan against DNN+NeuroSim V1.4's printed VGG8 floorplan (shared/references/neurosim-vgg8.md).</summary>
public sealed class ChipFloorplanTests
{
    // NeuroSim's printed run (shared/references/neurosim-vgg8.md): tiles per layer and weight duplication per layer.
    private static readonly int[] NeuroSimTiles = [2, 8, 4, 8, 8, 8, 64, 1];
    private static readonly int[] NeuroSimReplication = [16, 16, 4, 4, 2, 1, 1, 8];

    [Fact]
    public void Vgg8_ReproducesNeuroSimsTilesReplicationAndTileSizes()
    {
        ChipFloorplan plan = ChipFloorplan.Create(NeuroSimChip(), Vgg8());
        Assert.Equal(NeuroSimTiles, plan.Layers.Select(l => l.Tiles));
        Assert.Equal(103, plan.Tiles);
        Assert.Equal(NeuroSimReplication, plan.Layers.Select(l => l.Replication));

        // Printed: desired tile 1024 x 1024 conventional, 9 x 512 x 512 novel, PE 512 x 512.
        Assert.Equal(9, plan.NovelKernelArea);
        Assert.Equal(512, plan.NovelPeSize);
        Assert.Equal(1024, plan.ConventionalTileSize);
        Assert.Equal(512, plan.ConventionalPeSize);

        // conv1 (27 rows, fewer than an array's 128) and the dense layers are conventional; the other 3 x 3 convolutions novel.
        Assert.Equal([false, true, true, true, true, true, false, false], plan.Layers.Select(l => l.Novel));

        // Tiles are laid on a ceil(sqrt(103)) = 11-row grid of ceil(103 / 11) = 10 columns.
        Assert.Equal(11, plan.TileGridRows);
        Assert.Equal(10, plan.TileGridColumns);
        Assert.True(plan.TileGridRows * plan.TileGridColumns >= plan.Tiles);
    }

    [Fact]
    public void Vgg8_FromTheZooModel_GivesTheSameFloorplanAsNeuroSim()
    {
        // The same numbers through the whole path: zoo:vgg8 lowered, placed and costed with configs/neurosim-v1.4.yaml.
        var layers = NeuroSimVgg8Base.Report.Layers;
        Assert.Equal(NeuroSimTiles, layers.Select(l => l.Tiles));
        Assert.Equal(NeuroSimReplication, layers.Select(l => l.Replication));
    }

    [Fact]
    public void NovelMappingOff_GivesOnlyConventionalTiles()
    {
        ChipFloorplan plan = ChipFloorplan.Create(NeuroSimChip(novel: false), Vgg8());
        Assert.All(plan.Layers, l => Assert.False(l.Novel, l.Layer));
        Assert.Equal(0, plan.NovelKernelArea);

        // Conventional tiles of S x S cells hold the unrolled matrix: tile rows = ceil(rows / S), columns = ceil(8 x outputs / S).
        int s = plan.ConventionalTileSize;
        Assert.True(s >= 4 * 128 && (s & (s - 1)) == 0, $"tile side {s}");
        foreach (var (f, l) in plan.Layers.Zip(Vgg8()))
        {
            Assert.Equal((l.Rows + s - 1) / s, f.MatrixTileRows);
            Assert.Equal((int)((l.WeightColumns + s - 1) / s), f.MatrixTileColumns);
        }
    }

    [Fact]
    public void NoPipeline_NoReplicationBeyondFreeSpace_AndSpeedUpOneReplicatesNothingExtra()
    {
        // Without the pipeline no layer wants copies: every layer is one row of copies and replication only from free space in its own PE.
        ChipFloorplan off = ChipFloorplan.Create(NeuroSimChip(pipeline: false), Vgg8());
        Assert.All(off.Layers, l => Assert.Equal(1, l.TileRowCopies));
        ChipFloorplan on = ChipFloorplan.Create(NeuroSimChip(), Vgg8());
        Assert.True(off.Tiles < on.Tiles, $"{off.Tiles} tiles without the pipeline, {on.Tiles} with");
        foreach (var (a, b) in off.Layers.Zip(on.Layers))
        {
            Assert.True(a.Replication <= b.Replication, a.Layer);
            Assert.Equal(a.MatrixTileRows, b.MatrixTileRows);
            Assert.Equal(a.MatrixTileColumns, b.MatrixTileColumns);
        }
    }

    [Fact]
    public void Replication_ReachesTheFeatureMapTarget()
    {
        // Hand derivation from ChipFloorplan's rule: VGG8's first layer 32 x 32, smallest spatial layer 8 x 8, speed-up 8: degree min(8, 32 / 8) = 4,
        // each layer wants ceil((H / ceil(32 / 4))^2) copies: 16, 16, 4, 4, 1, 1 and 1 for the dense layers; the floorplan gives at least that.
        int[] wanted = [16, 16, 4, 4, 1, 1, 1, 1];
        ChipFloorplan plan = ChipFloorplan.Create(NeuroSimChip(), Vgg8());
        for (int i = 0; i < wanted.Length; i++)
        {
            Assert.True(plan.Layers[i].Replication >= wanted[i], $"{plan.Layers[i].Layer}: {plan.Layers[i].Replication} < {wanted[i]}");
        }
    }
}
