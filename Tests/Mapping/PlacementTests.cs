using IMCSim.Devices.Spec;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Mapping;
using IMCSim.Simulator.Common;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>A placement puts every (row, output, slice, cell) of every layer in exactly one cell of one array, inside the array's used rows and columns.</summary>
public sealed class PlacementTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Placement_CoversEveryWeightSliceAndCellExactlyOnce(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int k = rng.Next(1, 400), n = rng.Next(1, 90), bpc = rng.Next(1, 5), weightBits = rng.Next(2, 10);
            var encoding = rng.Next(2) == 0 ? WeightEncoding.Differential : WeightEncoding.Offset;
            var spec = new MappingSpec(arrayRows: rng.Next(1, 130), arrayCols: rng.Next(24, 130), weightBits: weightBits, bitsPerCell: bpc, encoding: encoding, colsPerAdc: 1);
            var layer = new MatrixLayer("l", 0, MatrixLayerKind.Gemm, new float[k * n], k, n, null, null, null);
            LayerPlacement p = NetworkPlacement.Create([layer], spec, DeviceAssignment.Uniform(DeviceSpec.Ideal)).Layers[0];
            int cells = spec.CellsPerSlice, slices = spec.Slices;
            Assert.Equal(slices, spec.Scheme.MagnitudeBits(weightBits) is var mb ? (mb + bpc - 1) / bpc : 0);
            var seen = new HashSet<(int, int, int)>();
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    for (int s = 0; s < slices; s++)
                    {
                        for (int c = 0; c < cells; c++)
                        {
                            var (array, row, col) = p.Locate(i, j, s, c);
                            ArrayPlacement a = p.Arrays[array];
                            Assert.InRange(row, 0, a.RowCount - 1);
                            Assert.InRange(col, 0, a.UsedColumns - 1);
                            Assert.True(a.UsedColumns <= spec.ArrayCols && a.RowCount <= spec.ArrayRows);
                            Assert.InRange(i, a.RowStart, a.RowStart + a.RowCount - 1);
                            Assert.InRange(j, a.WeightStart, a.WeightStart + a.WeightCount - 1);
                            Assert.True(seen.Add((array, row, col)), $"cell ({array}, {row}, {col}) holds two weight slices");
                        }
                    }
                }
            }

            // Exactly once and nothing else: the used cells of all arrays are exactly the placed ones.
            Assert.Equal((long)k * n * slices * cells, seen.Count);
            Assert.Equal(p.Arrays.Sum(a => (long)a.RowCount * a.UsedColumns), seen.Count);
            Assert.Equal(p.Arrays.Select(a => a.Id), Enumerable.Range(0, p.Arrays.Count));
        }
    }

    [Fact]
    public void PlacementJson_HasSchemaVersionAndEveryArray()
    {
        var layer = new MatrixLayer("fc", 0, MatrixLayerKind.Gemm, new float[300 * 20], 300, 20, null, null, null);
        var placement = NetworkPlacement.Create([layer], new MappingSpec(), DeviceAssignment.Uniform(DeviceSpec.Ideal));
        using var json = System.Text.Json.JsonDocument.Parse(placement.ToJson());
        Assert.Equal("imcsim-placement", json.RootElement.GetProperty("schema").GetString());
        Assert.Equal(NetworkPlacement.SchemaVersion, json.RootElement.GetProperty("version").GetInt32());
        var l = json.RootElement.GetProperty("layers")[0];
        Assert.Equal(placement.Layers[0].Arrays.Count, l.GetProperty("arrays").GetArrayLength());
        Assert.Equal(4, l.GetProperty("slices").GetArrayLength());
    }

    [Fact]
    public void AnArrayTooNarrowForOneWeight_IsASettingErrorOnArray()
    {
        var layer = new MatrixLayer("fc", 0, MatrixLayerKind.Gemm, new float[4], 2, 2, null, null, null);
        var e = Assert.Throws<SettingException>(() => NetworkPlacement.Create([layer], new MappingSpec(arrayCols: 4, colsPerAdc: 1), DeviceAssignment.Uniform(DeviceSpec.Ideal)));
        Assert.Equal("array", e.Key);
    }

    [Fact]
    public void AutomaticBitsPerCell_OnAHybridChip_EachLayerTakesItsOwnDevicesBits_AndASetValueAppliesToEveryLayer()
    {
        var layers = new[] { ("a", "sram"), ("b", "pcm"), ("c", "fefet") }
            .Select((l, i) => new MatrixLayer(l.Item1, i, MatrixLayerKind.Gemm, new float[40 * 10], 40, 10, null, null, null)).ToList();
        var perLayer = new Dictionary<string, DeviceSpec> { ["a"] = IMCSim.Devices.DeviceCatalog.Find("sram")!, ["c"] = IMCSim.Devices.DeviceCatalog.Find("fefet")! };
        var devices = new DeviceAssignment(IMCSim.Devices.DeviceCatalog.Find("pcm")!, perLayer);

        var auto = IMCSim.Mapping.Settings.SimulationSettings.Create(new Dictionary<string, string> { ["device"] = "pcm" }, ["a=sram", "c=fefet"]).Mapping;
        Assert.Equal(1, auto.BitsPerCell); // the fewest over the chip's devices, as reported
        int[] bits = [.. NetworkPlacement.Create(layers, auto, devices).Layers.Select(l => l.Slicing.BitsPerCell)];
        Assert.Equal([1, 2, Math.Min(2, perLayer["c"].MaxBits)], bits);

        var set = IMCSim.Mapping.Settings.SimulationSettings.Create(new Dictionary<string, string> { ["device"] = "pcm", ["bits-per-cell"] = "1" }, ["a=sram", "c=fefet"]).Mapping;
        Assert.All(NetworkPlacement.Create(layers, set, devices).Layers, l => Assert.Equal(1, l.Slicing.BitsPerCell));
    }
}
