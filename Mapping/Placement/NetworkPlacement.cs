using System.Text.Json.Nodes;
using System.Text.Json;
using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Placement;

/// <summary>
/// The placement of a whole network: every crossbar layer's arrays, numbered across the network.
/// Both the accuracy path (programming, reads) and the cost path read it. Saved as JSON
/// (<see cref="ToJson"/>, schema "imcsim-placement" version <see cref="SchemaVersion"/>, documented in docs/SIMULATION.md).
/// </summary>
public sealed class NetworkPlacement
{
    public const int SchemaVersion = 1;

    private NetworkPlacement(MappingSpec spec, IReadOnlyList<LayerPlacement> layers)
    {
        Spec = spec;
        Layers = layers;
    }

    public MappingSpec Spec { get; }

    public IReadOnlyList<LayerPlacement> Layers { get; }

    public int Arrays => Layers.Sum(l => l.Arrays.Count);

    /// <summary>Places every layer on arrays of <paramref name="spec"/>'s geometry; a layer one weight of which does not fit an array's columns is an error on setting "array".</summary>
    public static NetworkPlacement Create(IReadOnlyList<MatrixLayer> layers, MappingSpec spec, DeviceAssignment devices)
    {
        var placed = new List<LayerPlacement>();
        int nextId = 0;
        foreach (MatrixLayer layer in layers)
        {
            var device = devices.For(layer.Name);
            var p = Place(layer, spec.ForDevice(device), device.Name, nextId);
            placed.Add(p);
            nextId += p.Arrays.Count;
        }

        return new NetworkPlacement(spec, placed);
    }

    public static LayerPlacement Place(MatrixLayer layer, MappingSpec spec, string device, int firstArrayId = 0)
    {
        var p = new LayerPlacement(layer.Name, device, layer.K, layer.N, spec.ArrayRows, spec.ArrayCols, spec.ColsPerAdc, spec.Slicing, spec.Scheme, firstArrayId);
        if (p.WeightsPerArray == 0)
        {
            throw new SettingException("array", $"a {spec.ArrayCols}-column array cannot hold one weight of layer {layer.Name}: it needs {p.ColumnsPerWeight} columns ({spec.Slicing.Slices} slices x {spec.Scheme.CellsPerSlice} cells)");
        }

        return p;
    }

    public LayerPlacement For(string layer) => Layers.First(l => l.Layer == layer);

    /// <summary>The placement as JSON: schema, version, array geometry, and per layer its slices and arrays.</summary>
    public string ToJson()
    {
        var layers = new JsonArray();
        foreach (LayerPlacement l in Layers)
        {
            var slices = new JsonArray();
            for (int s = 0; s < l.Slicing.Slices; s++)
            {
                slices.Add(new JsonObject { ["index"] = s, ["bits"] = l.Slicing.SliceBits[s], ["shift"] = s * l.Slicing.BitsPerCell });
            }

            var arrays = new JsonArray();
            foreach (ArrayPlacement a in l.Arrays)
            {
                arrays.Add(new JsonObject
                {
                    ["id"] = a.Id,
                    ["row_tile"] = a.RowTile,
                    ["column_tile"] = a.ColumnTile,
                    ["weight_rows"] = new JsonArray(a.RowStart, a.RowCount),
                    ["weight_columns"] = new JsonArray(a.WeightStart, a.WeightCount),
                    ["used_rows"] = a.RowCount,
                    ["used_columns"] = a.UsedColumns,
                    ["adcs"] = a.Adcs,
                });
            }

            layers.Add(new JsonObject
            {
                ["name"] = l.Layer,
                ["device"] = l.Device,
                ["k"] = l.K,
                ["n"] = l.N,
                ["encoding"] = l.Encoding.Name,
                ["cells_per_slice"] = l.Encoding.CellsPerSlice,
                ["bits_per_cell"] = l.Slicing.BitsPerCell,
                ["slices"] = slices,
                ["columns_per_weight"] = l.ColumnsPerWeight,
                ["weights_per_array"] = l.WeightsPerArray,
                ["row_tiles"] = l.RowTiles,
                ["column_tiles"] = l.ColumnTiles,
                ["column_of"] = "weight_local * columns_per_weight + slice * cells_per_slice + cell",
                ["arrays"] = arrays,
            });
        }

        var root = new JsonObject
        {
            ["schema"] = "imcsim-placement",
            ["version"] = SchemaVersion,
            ["array_rows"] = Spec.ArrayRows,
            ["array_columns"] = Spec.ArrayCols,
            ["cols_per_adc"] = Spec.ColsPerAdc,
            ["read_rows"] = Spec.ReadRows,
            ["layers"] = layers,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
