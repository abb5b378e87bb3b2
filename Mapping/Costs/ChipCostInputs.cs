using IMCSim.Devices.Spec;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Technology;
using IMCSim.Workloads.Graph;
using S = IMCSim.Mapping.Settings.SimulationSchema;

namespace IMCSim.Mapping.Costs;

/// <summary>
/// What the cost model (<see cref="ChipCostModel"/>) takes, made from the settings, the device cards and a mapped network: the chip
/// (<see cref="ChipSpec"/>, one per settings), each device's cell (<see cref="ArrayCell"/>) and each crossbar layer's workload
/// (<see cref="LayerWorkload"/>) from its placement and its measured or counted activity. Both `imcsim cost` and `imcsim simulate`
/// build their inputs here, so the two agree for the same configuration and activity.
/// </summary>
public static class ChipCostInputs
{
    /// <summary>The chip of <paramref name="settings"/>; a bad combination is a <see cref="SettingException"/> naming the setting.</summary>
    public static ChipSpec Chip(SimulationSettings settings)
    {
        MappingSpec m = settings.Mapping;
        TechnologyNode tech;
        try
        {
            tech = TechnologyCatalog.Get(settings.Get(S.Node), settings.Get(S.Temperature), settings.Get(S.Roadmap));
        }
        catch (InputException e)
        {
            string key = e.Source switch
            {
                "temperature" => S.Temperature.Key,
                "roadmap" => S.Roadmap.Key,
                _ => S.Node.Key,
            };
            throw new SettingException(key, e.Problem);
        }

        return new ChipSpec(
            tech, m.ArrayRows, m.ArrayCols, m.ReadRows, settings.Get(S.AdcType), m.AdcBits, m.ColsPerAdc, m.InputBits, m.DacBits,
            settings.Get(S.ClockMhz) * 1e6, settings.Get(S.Pipeline), settings.Get(S.NovelMapping), settings.Get(S.SpeedUpDegree),
            settings.Get(S.Interconnect), settings.Get(S.PostLayout), settings.Get(S.ChipTiles), settings.Get(S.TileBufferBits),
            settings.Get(S.PeSize), settings.Get(S.LayerReplication));
    }

    /// <summary>The cell of device <paramref name="device"/> as the cost model sees it.</summary>
    public static ArrayCell Cell(DeviceSpec device)
    {
        double gMax = device.GMaxUs.Value * 1e-6, gMin = device.GMinUs.Value * 1e-6;
        return new ArrayCell(
            device.Name, device.CellHeightF.Value, device.CellWidthF.Value,
            gMax > 0 ? 1 / gMax : double.PositiveInfinity, gMin > 0 ? 1 / gMin : double.PositiveInfinity, device.AccessResistanceOhm?.Value ?? 0,
            device.ReadVoltageV.Value, device.ReadTimeS, string.Equals(device.Technology, "SRAM", StringComparison.OrdinalIgnoreCase),
            device.ProgramEnergyPj.Value * 1e-12, device.ProgramLatencyNs.Value * 1e-9, device.WriteVoltageV?.Value ?? 0);
    }

    /// <summary>Every crossbar layer's workload: shapes from the lowered layers, columns from the placement, activity as given, pooling from the graph.</summary>
    public static IReadOnlyList<LayerWorkload> Layers(NetworkGraph graph, IReadOnlyList<MatrixLayer> layers, NetworkPlacement placement, IReadOnlyList<LayerActivity> activity, DeviceAssignment devices, bool validPositions)
    {
        var result = new List<LayerWorkload>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            MatrixLayer l = layers[i];
            LayerPlacement p = placement.Layers[i];
            LayerActivity a = activity[i];
            int[] kernel = l.KernelShape ?? [l.N, l.K, 1, 1];
            int kh = kernel.Length == 4 ? kernel[2] : 1, kw = kernel.Length == 4 ? kernel[3] : 1;
            int channels = l.Kind == MatrixLayerKind.Conv ? kernel[1] : l.K;
            double ops = 2.0 * l.K * l.N * a.InputVectorsPerImage;
            result.Add(new LayerWorkload(
                l.Name, l.K, l.N, p.ColumnsPerWeight, placement.Spec.WeightBits, channels, kh, kw, a.InputHeight,
                validPositions ? a.ValidVectorsPerImage : a.InputVectorsPerImage, a.RowActivity, a.Phases, Cell(devices.For(l.Name)), ops,
                NetworkLowering.PoolWindowAfter(graph, l)));
        }

        return result;
    }
}
