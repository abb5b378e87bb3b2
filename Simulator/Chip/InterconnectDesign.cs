using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// The chip's global interconnect between tiles (the setting interconnect) on the floorplan's grid of tiles: an X-Y bus
/// (<see cref="Bus"/>, NeuroSim's default: a bus along the rows and one along the columns of tiles, XYBus.cpp) or an H-tree
/// (<see cref="HTree"/>). Each gives its area and leakage for the chip, and per bit the energy and time of bringing a layer's
/// inputs to its tiles and its outputs back. Wire area counts 1/4 of the strips (NeuroSim's treeFoldedRatio 4 for the global bus).
/// </summary>
public abstract class InterconnectDesign
{
    /// <summary>NeuroSim Param.cpp treeFoldedRatio for the global bus.</summary>
    public const double FoldedRatio = 4;

    private protected InterconnectDesign(string name) => Name = name;

    public static InterconnectDesign XyBus { get; } = new BusDesign();

    public static InterconnectDesign HTree { get; } = new HTreeDesign();

    public static IReadOnlyList<InterconnectDesign> All { get; } = [XyBus, HTree];

    /// <summary>The setting's name: bus, htree.</summary>
    public string Name { get; }

    /// <summary>Area, leakage (and the latency of the longest route) of the interconnect of the floorplan's tiles of side <paramref name="tileSideM"/>; energy per bit of the longest route.</summary>
    public abstract DigitalCost Cost(TechnologyNode tech, ChipFloorplan plan, double tileSideM, int busWidth);

    /// <summary>Energy per bit and time per transfer of inputs (toggle rate 0.18) to a tile of side <paramref name="tileSideM"/> and of outputs (0.5) back.</summary>
    public abstract (double InputJPerBit, double OutputJPerBit, double InputS, double OutputS) Transfer(TechnologyNode tech, ChipFloorplan plan, double tileSideM);

    public override string ToString() => Name;

    private sealed class BusDesign() : InterconnectDesign("bus")
    {
        public override DigitalCost Cost(TechnologyNode tech, ChipFloorplan plan, double tileSideM, int busWidth)
        {
            // One bus along the grid's rows of tiles, one along its columns (XYBus::CalculateArea).
            double area = (Bus.AreaM2(tech, plan.TileGridRows + 1, tileSideM, busWidth) + Bus.AreaM2(tech, plan.TileGridColumns + 1, tileSideM, busWidth)) / FoldedRatio;
            double leak = Bus.LeakageW(tech, plan.TileGridRows + 1, tileSideM, busWidth) + Bus.LeakageW(tech, plan.TileGridColumns + 1, tileSideM, busWidth);
            return new DigitalCost(area, Bus.EnergyPerBitJ(tech, plan.TileGridColumns + 1, tileSideM), Bus.LatencyS(tech, plan.TileGridColumns + 1, tileSideM), leak);
        }

        public override (double InputJPerBit, double OutputJPerBit, double InputS, double OutputS) Transfer(TechnologyNode tech, ChipFloorplan plan, double tileSideM)
        {
            // NeuroSim XYBus::CalculateLatency / CalculatePower: inputs travel ceil(columns / 2) tiles along X, outputs
            // (rows - ceil(rows / 2) - 1) tiles along Y, from the middle of the grid.
            int hopX = (int)Math.Ceiling(plan.TileGridColumns / 2.0), hopY = Math.Max(1, plan.TileGridRows - (int)Math.Ceiling(plan.TileGridRows / 2.0) - 1);
            return (Bus.EnergyPerBitJ(tech, hopX + 1, tileSideM, InterconnectToggle.Input), Bus.EnergyPerBitJ(tech, hopY + 1, tileSideM, InterconnectToggle.Output),
                Bus.LatencyS(tech, hopX + 1, tileSideM), Bus.LatencyS(tech, hopY + 1, tileSideM));
        }
    }

    private sealed class HTreeDesign() : InterconnectDesign("htree")
    {
        public override DigitalCost Cost(TechnologyNode tech, ChipFloorplan plan, double tileSideM, int busWidth)
        {
            DigitalCost c = Components.HTree.Cost(tech, Math.Max(2, plan.Tiles), tileSideM, tileSideM, busWidth);
            return c with { AreaM2 = c.AreaM2 / FoldedRatio };
        }

        public override (double InputJPerBit, double OutputJPerBit, double InputS, double OutputS) Transfer(TechnologyNode tech, ChipFloorplan plan, double tileSideM)
        {
            int tiles = Math.Max(2, plan.Tiles);
            double perBit = Components.HTree.EnergyPerBitJ(tech, tiles, tileSideM, tileSideM);
            double t = Components.HTree.LatencyS(tech, tiles, tileSideM, tileSideM);
            return (perBit * InterconnectToggle.Input, perBit * InterconnectToggle.Output, t, t);
        }
    }
}
