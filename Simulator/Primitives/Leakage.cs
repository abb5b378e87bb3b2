using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Subthreshold leakage of a static CMOS gate, after NeuroSim V1.4 formula.cpp CalculateGateLeakage (the only leakage NeuroSim
/// models; gate-oxide tunnelling is not). With I_off(T) the off-current per width at the node's temperature and W_e the
/// electrical widths: an inverter leaks (W_n I_off,n + W_p I_off,p) / 2 (averaged over its two input states); an n-input NOR
/// n W_n I_off,n x s, an n-input NAND n W_p I_off,p x s, where the stacking factor s (the average over input states of the
/// leakage through the stack relative to n parallel devices) is 0.95 / 0.62 for NOR2 / NOR3 and 0.48 / 0.31 for NAND2 / NAND3
/// (constant.h; NeuroSim uses the 3-input factor for every n above 2). Power = current x V_dd, as NeuroSim's callers take it.
/// </summary>
public static class Leakage
{
    private const string ConstantH = "NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4 @9e6742c) Inference_pytorch/NeuroSIM/constant.h";

    public static readonly SourcedValue Nand2StackFactor = new(0.48, $"{ConstantH}: AVG_RATIO_LEAK_2INPUT_NAND");

    public static readonly SourcedValue Nand3StackFactor = new(0.31, $"{ConstantH}: AVG_RATIO_LEAK_3INPUT_NAND (used for 3 and more inputs)");

    public static readonly SourcedValue Nor2StackFactor = new(0.95, $"{ConstantH}: AVG_RATIO_LEAK_2INPUT_NOR");

    public static readonly SourcedValue Nor3StackFactor = new(0.62, $"{ConstantH}: AVG_RATIO_LEAK_3INPUT_NOR (used for 3 and more inputs)");

    /// <summary>
    /// Average leakage current of <paramref name="gate"/> whose every input drives an NMOS of drawn width
    /// <paramref name="nmosWidthM"/> and a PMOS of <paramref name="pmosWidthM"/> (m; 0 = absent), A.
    /// </summary>
    public static double GateCurrentA(TechnologyNode tech, LogicGate gate, double nmosWidthM, double pmosWidthM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        ArgumentNullException.ThrowIfNull(gate);
        double n = Width(tech, Check.NonNegative(nmosWidthM)) * tech.OffCurrentPerWidthNmosAPerM.Value;
        double p = Width(tech, Check.NonNegative(pmosWidthM)) * tech.OffCurrentPerWidthPmosAPerM.Value;
        return gate.Kind switch
        {
            LogicGateKind.Inverter => (n + p) / 2,
            LogicGateKind.Nor => n * gate.Inputs * (gate.Inputs == 2 ? Nor2StackFactor : Nor3StackFactor).Value,
            _ => p * gate.Inputs * (gate.Inputs == 2 ? Nand2StackFactor : Nand3StackFactor).Value,
        };
    }

    /// <summary>Leakage power of the gate, <see cref="GateCurrentA"/> x V_dd, W.</summary>
    public static double GatePowerW(TechnologyNode tech, LogicGate gate, double nmosWidthM, double pmosWidthM) =>
        GateCurrentA(tech, gate, nmosWidthM, pmosWidthM) * tech.SupplyVoltageV.Value;

    private static double Width(TechnologyNode tech, double drawnM) => drawnM == 0 ? 0 : tech.ElectricalWidthM(drawnM);
}
