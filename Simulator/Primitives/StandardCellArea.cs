using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Layout footprint of a static CMOS gate in a cell of fixed height, after NeuroSim V1.4 formula.cpp CalculateGateArea.
/// <para>
/// The height is the transistor region (<see cref="TransistorFolding"/>: the given height, scaled to the node's cell height below
/// 22 nm). The width counts contacted poly pitches (CPP: 3.8 F planar, the node's CPP below 22 nm): a transistor of k fingers
/// needs (k + 1) CPP (an unfolded one 2 CPP: its gate and one diffusion on each side); an absent one none. An inverter is as wide
/// as the wider of its PMOS and NMOS; a NAND or NOR of n inputs places n such transistors side by side, n x (k + 1) CPP, and
/// when neither transistor is folded neighbours share a diffusion, saving (n - 1) CPP. Area = width x height.
/// </para>
/// </summary>
public static class StandardCellArea
{
    /// <summary>
    /// Footprint of <paramref name="gate"/> whose every input drives an NMOS of drawn width <paramref name="nmosWidthM"/> and a
    /// PMOS of <paramref name="pmosWidthM"/> (m; 0 = absent), in a cell whose transistor region is <paramref name="cellHeightM"/>
    /// high (NeuroSim's heightTransistorRegion; normally <see cref="CellLayout.StandardHeightM"/>, 28 F).
    /// </summary>
    public static CellFootprint Of(TechnologyNode tech, LogicGate gate, double nmosWidthM, double pmosWidthM, double cellHeightM)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var folding = TransistorFolding.Fold(tech, nmosWidthM, pmosWidthM, cellHeightM);
        double cpp = CellLayout.For(tech).ContactedPolyPitchM;
        double n = UnitWidth(folding.Nmos, cpp);
        double p = UnitWidth(folding.Pmos, cpp);
        if (gate.Kind != LogicGateKind.Inverter)
        {
            int inputs = gate.Inputs;
            double shared = folding.NeitherFolded ? (inputs - 1) * cpp : 0;
            n = n > 0 ? (n * inputs) - shared : 0;
            p = p > 0 ? (p * inputs) - shared : 0;
        }

        return new CellFootprint(Math.Max(n, p), folding.RegionHeightM);
    }

    private static double UnitWidth(FoldedTransistor t, double cpp) => t.IsPresent ? (t.Fingers + 1) * cpp : 0;
}
