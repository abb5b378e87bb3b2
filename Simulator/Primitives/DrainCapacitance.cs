using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Drain (junction) capacitance at the output of a static CMOS gate, after NeuroSim V1.4 formula.cpp CalculateGateCapacitance
/// (capOutput) and CalculateDrainCap, in F.
/// <para>
/// The transistors are folded as in <see cref="TransistorFolding"/>. A transistor of k fingers with finger diffusion height h has
/// ceil((k + 1) / 2) drain regions and floor((k + 1) / 2) source regions, each one source/drain region wide (d = 2.8 F planar,
/// CPP - poly width below 22 nm). Per transistor at the output node: bottom C_j x (drain width) x h, sidewall C_sw x (2 x drain
/// width + h x (1 if k is odd, 2 if even)), and gate edge C_dc x k x h. In a NAND (NOR) whose transistors are all unfolded the n
/// series NMOS (PMOS) share one output drain of n regions and the n parallel PMOS (NMOS) share floor((n + 1) / 2) drains; once
/// folded, nothing is shared and the series stack also adds its n - 1 internal source regions. Planar nodes sum all three terms;
/// below 22 nm NeuroSim keeps only the bottom term with the node's tabulated C_j and h = fins x fin width.
/// </para>
/// Differences from NeuroSim: an inverter's NMOS sidewall here counts the NMOS's own fingers (NeuroSim uses the PMOS's there, so
/// a folded NMOS alone gets the sidewall of an unfolded one), and a GAA NMOS drain is the node's source/drain region wide like
/// the PMOS's (NeuroSim uses the 3.9 F FinFET fallback for the NMOS).
/// </summary>
public static class DrainCapacitance
{
    /// <summary>
    /// Output capacitance of <paramref name="gate"/> whose every input drives an NMOS of drawn width <paramref name="nmosWidthM"/>
    /// and a PMOS of <paramref name="pmosWidthM"/> (m; 0 = absent), laid out in a cell of transistor-region height
    /// <paramref name="cellHeightM"/> (normally <see cref="CellLayout.StandardHeightM"/>), F.
    /// </summary>
    public static double GateOutputF(TechnologyNode tech, LogicGate gate, double nmosWidthM, double pmosWidthM, double cellHeightM)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var folding = TransistorFolding.Fold(tech, nmosWidthM, pmosWidthM, cellHeightM);
        double region = CellLayout.For(tech).DrainRegionWidthM;
        int n = gate.Inputs;
        bool shared = folding.NeitherFolded;
        var (nDrain, nSidewall) = gate.Kind switch
        {
            LogicGateKind.Inverter => Single(folding.Nmos, region),
            LogicGateKind.Nand => shared ? SharedSeries(folding.Nmos, region, n) : Series(folding.Nmos, region, n),
            _ => shared ? SharedParallel(folding.Nmos, region, n) : Parallel(folding.Nmos, region, n),
        };
        var (pDrain, pSidewall) = gate.Kind switch
        {
            LogicGateKind.Inverter => Single(folding.Pmos, region),
            LogicGateKind.Nor => shared ? SharedSeries(folding.Pmos, region, n) : Series(folding.Pmos, region, n),
            _ => shared ? SharedParallel(folding.Pmos, region, n) : Parallel(folding.Pmos, region, n),
        };

        double bottom = tech.JunctionBottomCapacitanceFPerM2.Value
            * ((nDrain * folding.Nmos.FingerHeightM) + (pDrain * folding.Pmos.FingerHeightM));
        if (tech.Transistor != TransistorKind.Planar)
        {
            return bottom;
        }

        double sidewall = tech.JunctionSidewallCapacitanceFPerM.Value * (nSidewall + pSidewall);
        double gateEdge = tech.DrainToChannelCapacitanceFPerM.Value
            * ((folding.Nmos.Fingers * folding.Nmos.FingerHeightM) + (folding.Pmos.Fingers * folding.Pmos.FingerHeightM));
        return bottom + sidewall + gateEdge;
    }

    /// <summary>
    /// Drain capacitance of one <paramref name="type"/> transistor of drawn width <paramref name="widthM"/> in a cell of
    /// transistor-region height <paramref name="cellHeightM"/> (an inverter with the other transistor absent; formula.cpp
    /// CalculateDrainCap), F.
    /// </summary>
    public static double TransistorF(TechnologyNode tech, MosType type, double widthM, double cellHeightM)
    {
        Check.NonNegative(widthM);
        return type == MosType.Nmos
            ? GateOutputF(tech, LogicGate.Inverter, widthM, 0, cellHeightM)
            : GateOutputF(tech, LogicGate.Inverter, 0, widthM, cellHeightM);
    }

    // (drain width at the output, sidewall perimeter length), m.
    private static (double Drain, double Sidewall) Single(FoldedTransistor t, double region)
    {
        if (!t.IsPresent)
        {
            return (0, 0);
        }

        double drain = Drains(t) * region;
        return (drain, (2 * drain) + (t.FingerHeightM * EdgeSides(t)));
    }

    // The output stack of unfolded series transistors: one drain region per transistor, one outer edge.
    private static (double Drain, double Sidewall) SharedSeries(FoldedTransistor t, double region, int inputs)
    {
        if (!t.IsPresent)
        {
            return (0, 0);
        }

        double drain = region * inputs;
        return (drain, (2 * drain) + t.FingerHeightM);
    }

    // Unfolded parallel transistors sharing drains: floor((n + 1) / 2) drain regions, an outer edge when n is even.
    private static (double Drain, double Sidewall) SharedParallel(FoldedTransistor t, double region, int inputs)
    {
        if (!t.IsPresent)
        {
            return (0, 0);
        }

        double drain = region * ((inputs + 1) / 2);
        return (drain, (2 * drain) + (t.FingerHeightM * (1 - ((inputs + 1) % 2))));
    }

    // Folded series stack: every transistor's drains plus the n - 1 internal source regions.
    private static (double Drain, double Sidewall) Series(FoldedTransistor t, double region, int inputs)
    {
        if (!t.IsPresent)
        {
            return (0, 0);
        }

        double drain = (Drains(t) * region * inputs) + ((inputs - 1) * Sources(t) * region);
        double sidewall = (2 * drain) + (t.FingerHeightM * EdgeSides(t) * inputs) + (t.FingerHeightM * (2 - EdgeSides(t)) * (inputs - 1));
        return (drain, sidewall);
    }

    // Folded parallel transistors: no sharing, n times one transistor's drains.
    private static (double Drain, double Sidewall) Parallel(FoldedTransistor t, double region, int inputs)
    {
        if (!t.IsPresent)
        {
            return (0, 0);
        }

        double drain = Drains(t) * region * inputs;
        return (drain, (2 * drain) + (t.FingerHeightM * EdgeSides(t) * inputs));
    }

    private static int Drains(FoldedTransistor t) => t.IsFolded ? (t.Fingers + 2) / 2 : 1;

    private static int Sources(FoldedTransistor t) => t.IsFolded ? (t.Fingers + 1) / 2 : 1;

    // Diffusion edges of the drain facing the field: 1 with an odd finger count (drain and source one side each), 2 with an even one.
    private static int EdgeSides(FoldedTransistor t) => 1 + ((t.Fingers + 1) % 2);
}
