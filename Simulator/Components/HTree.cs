using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The H-tree that links the tiles of a chip (or the PEs of a tile) to the root at the chip edge, after DNN+NeuroSim V1.4 HTree.cpp
/// (neurosim/DNN_NeuroSim_V1.4 @0e3bff1, Inference_pytorch/NeuroSIM/HTree.cpp; Initialize, CalculateArea, CalculateLatency,
/// CalculatePower, root-to-leaf case). Formula family: optimally repeated wires (<see cref="RepeatedWire"/>), energy and delay
/// linear in the wire length of one root-to-leaf path.
/// <para>
/// T tiles of height h and width w are placed on a square grid of 2^L x 2^L, L = ceil(log2 ceil(sqrt T)) (NeuroSim: numStage =
/// 2 L + 1 and the grid rounded up to a power of two). From the centre, level i = 1..L has a vertical branch of h 2^L / 2^(i+1)
/// and a horizontal branch of w 2^L / 2^(i+1); a main bus of w 2^(L-1) runs from the centre to the edge.
/// <list type="bullet">
/// <item>Path length P = (h + w)(2^L - 1) / 2 + w 2^(L-1) (the branches as CalculatePower sums them, plus the main bus).</item>
/// <item>Energy per bit moved from root to a leaf: P x the repeated wire's energy per transition and length (NeuroSim's 1/2 V_dd^2
/// toggle). Energy scales with the bits moved; no toggle rate is applied.</item>
/// <item>Latency of one transfer (asynchronous): P x the delay per length.</item>
/// <item>Area (CalculateArea, folding ratio 1): for levels i = 1..L-1, the bus of B wires widens by one repeater cell per level
/// (vertical: i B w_rep, horizontal: i B h_rep) over half the branch length, plus the main bus B h_rep x w 2^(L-1). The last level
/// is taken to overlap the tiles.</item>
/// <item>Leakage: B x the repeater leakage per length x the wire length counted by the area (levels 1..L-1 plus the main bus).</item>
/// </list>
/// Departures: NeuroSim's latency walk starts from twice the branch length its energy walk uses; IMCSim uses the one path for both.
/// For one tile (L = 0) NeuroSim's main-bus length goes negative; here the tree is empty and costs nothing. Not modelled: the
/// leaf-to-leaf route, the wider wires of long branches (HTree.cpp GetUnitLengthRes), the delay-tolerance trade-off and the clock
/// rounding of the synchronous mode.
/// </summary>
public static class HTree
{
    /// <summary>Tree levels L for <paramref name="tiles"/> tiles: the smallest L with 2^L x 2^L >= tiles.</summary>
    public static int Levels(int tiles)
    {
        AccumulationArguments.Positive(tiles);
        int levels = 0;
        while ((1L << levels) * (1L << levels) < tiles)
        {
            levels++;
        }

        return levels;
    }

    /// <summary>Wire length of one root-to-leaf path, m.</summary>
    public static double PathLengthM(int tiles, double tileHeightM, double tileWidthM)
    {
        int l = Levels(tiles);
        AccumulationArguments.Positive(tileHeightM);
        AccumulationArguments.Positive(tileWidthM);
        if (l == 0)
        {
            return 0;
        }

        double side = 1L << l;
        return ((tileHeightM + tileWidthM) * (side - 1) / 2) + MainBusM(l, tileWidthM);
    }

    /// <summary>Energy of moving one bit from the root to a tile, J.</summary>
    public static double EnergyPerBitJ(TechnologyNode tech, int tiles, double tileHeightM, double tileWidthM, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return new RepeatedWire(tech, null, delayTolerance).EnergyPerTransitionJ(PathLengthM(tiles, tileHeightM, tileWidthM));
    }

    /// <summary>Time of one root-to-tile transfer, s.</summary>
    public static double LatencyS(TechnologyNode tech, int tiles, double tileHeightM, double tileWidthM, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return new RepeatedWire(tech, null, delayTolerance).DelayS(PathLengthM(tiles, tileHeightM, tileWidthM));
    }

    /// <summary>Layout area of the tree of a <paramref name="busWidth"/>-bit bus, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int tiles, double tileHeightM, double tileWidthM, int busWidth, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(busWidth);
        int l = Levels(tiles);
        AccumulationArguments.Positive(tileHeightM);
        AccumulationArguments.Positive(tileWidthM);
        var rep = new RepeatedWire(tech, null, delayTolerance).RepeaterFootprint;
        double side = 1L << l;
        double area = 0;
        for (int i = 1; i < l; i++)
        {
            double scale = side / Math.Pow(2, i + 1);
            area += i * busWidth * rep.WidthM * tileHeightM * scale / 2;
            area += i * busWidth * rep.HeightM * tileWidthM * scale / 2;
        }

        return area + (busWidth * rep.HeightM * MainBusM(l, tileWidthM));
    }

    /// <summary>Leakage power of the repeaters of a <paramref name="busWidth"/>-bit tree, W.</summary>
    public static double LeakageW(TechnologyNode tech, int tiles, double tileHeightM, double tileWidthM, int busWidth, double delayTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(busWidth);
        int l = Levels(tiles);
        AccumulationArguments.Positive(tileHeightM);
        AccumulationArguments.Positive(tileWidthM);
        double side = 1L << l;
        double length = l == 0 ? 0 : ((tileHeightM + tileWidthM) * ((side / 2) - 1)) + MainBusM(l, tileWidthM);
        return busWidth * new RepeatedWire(tech, null, delayTolerance).LeakagePowerW(length);
    }

    /// <summary>
    /// All four costs: area and leakage of a <paramref name="busWidth"/>-bit tree, energy of moving one <paramref name="busWidth"/>-bit
    /// word to a tile, and the latency of that transfer.
    /// </summary>
    public static DigitalCost Cost(TechnologyNode tech, int tiles, double tileHeightM, double tileWidthM, int busWidth, double delayTolerance = 0) =>
        new(AreaM2(tech, tiles, tileHeightM, tileWidthM, busWidth, delayTolerance),
            AccumulationArguments.Positive(busWidth) * EnergyPerBitJ(tech, tiles, tileHeightM, tileWidthM, delayTolerance),
            LatencyS(tech, tiles, tileHeightM, tileWidthM, delayTolerance),
            LeakageW(tech, tiles, tileHeightM, tileWidthM, busWidth, delayTolerance));

    private static double MainBusM(int levels, double tileWidthM) => levels == 0 ? 0 : tileWidthM * (1L << (levels - 1));
}
