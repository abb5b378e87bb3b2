using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// One standard-height logic gate with its widths, input and output capacitance, footprint and the Horowitz stages through it: the
/// per-gate quantities NeuroSim V1.4's components compute with formula.cpp CalculateGateArea, CalculateGateCapacitance and
/// CalculateGateLeakage (neurosim/DNN_NeuroSim_V1.4 @9e6742c). Widths are given in units of F.
/// </summary>
internal readonly record struct SizedGate(LogicGate Gate, double Wn, double Wp, double HeightM, double InputF, double OutputF, double AreaM2, double WidthM)
{
    /// <summary>A gate of NMOS <paramref name="nmosF"/> F and PMOS <paramref name="pmosF"/> F, enlarged to fill its cell (formula.cpp EnlargeSize).</summary>
    public static SizedGate Enlarged(TechnologyNode tech, LogicGate gate, double nmosF, double pmosF)
    {
        double f = tech.FeatureSizeM;
        double h = CellLayout.For(tech).StandardHeightM;
        var (wn, wp) = EnlargedWidths.Of(tech, nmosF * f, pmosF * f, h);
        // The enlarged widths fill the cell exactly; a rounding error of one ulp must not fold them into two fingers (as RowDecoder).
        return Of(tech, gate, wn * (1 - 1e-12), wp * (1 - 1e-12), h);
    }

    /// <summary>A gate of NMOS <paramref name="nmosF"/> F and PMOS <paramref name="pmosF"/> F as drawn, in a standard-height cell.</summary>
    public static SizedGate Drawn(TechnologyNode tech, LogicGate gate, double nmosF, double pmosF) =>
        Of(tech, gate, nmosF * tech.FeatureSizeM, pmosF * tech.FeatureSizeM, CellLayout.For(tech).StandardHeightM);

    /// <summary>Minimum NMOS width in F (constant.h MIN_NMOS_SIZE).</summary>
    public static double MinF => LayoutRules.MinimumNmosWidthF.Value;

    /// <summary>Minimum PMOS width in F: the minimum NMOS width times the node's P/N ratio.</summary>
    public static double MinPmosF(TechnologyNode tech) => tech.PmosToNmosWidthRatio.Value * MinF;

    /// <summary>Leakage power of one gate, W.</summary>
    public double LeakageW(TechnologyNode tech) => Leakage.GatePowerW(tech, Gate, Wn, Wp);

    /// <summary>(C_in + C_out) V_dd^2: one gate's input and output charged once, J.</summary>
    public double SwitchingEnergyJ(TechnologyNode tech) => (InputF + OutputF) * tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;

    /// <summary>On-resistance of one of the gate's NMOS, ohm.</summary>
    public double NmosOhm(TechnologyNode tech) => OnResistance.Ohm(tech, MosType.Nmos, Wn);

    /// <summary>On-resistance of one of the gate's PMOS, ohm.</summary>
    public double PmosOhm(TechnologyNode tech) => OnResistance.Ohm(tech, MosType.Pmos, Wp);

    private static SizedGate Of(TechnologyNode tech, LogicGate gate, double wn, double wp, double h)
    {
        var cell = StandardCellArea.Of(tech, gate, wn, wp, h);
        return new(gate, wn, wp, h, GateCapacitance.GateInputF(tech, wn, wp), DrainCapacitance.GateOutputF(tech, gate, wn, wp, h), cell.AreaM2, cell.WidthM);
    }
}

/// <summary>A chain of Horowitz stages, each driven by the previous stage's output ramp (the first by the given input ramp).</summary>
internal sealed class StageChain(double inputRampRatePerS)
{
    private double ramp = inputRampRatePerS;

    /// <summary>Total delay so far, s.</summary>
    public double DelayS { get; private set; }

    /// <summary>Adds a stage of time constant <paramref name="timeConstantS"/> (s); returns its delay, s.</summary>
    public double Add(double timeConstantS)
    {
        var d = Horowitz.Delay(timeConstantS, ramp);
        ramp = d.OutputRampRatePerS;
        DelayS += d.DelayS;
        return d.DelayS;
    }

    /// <summary>Adds a stage driven by a step input, whatever came before; returns its delay, s.</summary>
    public double AddFromStep(double timeConstantS)
    {
        ramp = double.PositiveInfinity;
        return Add(timeConstantS);
    }
}
