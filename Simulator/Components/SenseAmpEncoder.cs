using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The thermometer-to-binary encoder behind each multi-level sense amplifier, after DNN+NeuroSim V1.4 MultilevelSAEncoder.cpp
/// (neurosim/DNN_NeuroSim_V1.4 @0e3bff1). Per encoder of L levels: L - 1 (INV + NAND2) pairs on the comparator outputs and
/// ceil(log2 L) large NANDs of ceil(L / 2) inputs forming the output bits; INV NMOS 2F, NAND NMOS 8F / PMOS 4F x P/N ratio, unenlarged,
/// in the standard 28 F cell.
/// <list type="bullet">
/// <item>Area: encoders x ((A_INV + A_NAND2)(L - 1) + A_NANDbig ceil(log2 L)).</item>
/// <item>Latency: two Horowitz stages from a step: INV into two NAND2 inputs, then the NAND2 (pull-down 2 R_n) into ceil(L / 2) large-NAND inputs.</item>
/// <item>Energy: 0 (NeuroSim neglects it: the encoder toggles rarely next to the comparators).</item>
/// <item>Leakage: encoders x (NAND2 (L - 1) + NANDbig ceil(log2 L) + 5 INV (L - 1)), as NeuroSim.</item>
/// </list>
/// </summary>
public static class SenseAmpEncoder
{
    public static AdcCost Cost(TechnologyNode tech, int bits, int encoders)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int levels = 1 << AdcArguments.Bits(bits);
        AdcArguments.Count(encoders);
        int inputs = (levels + 1) / 2, gates = bits;
        double f = tech.FeatureSizeM, ratio = tech.PmosToNmosWidthRatio.Value, min = LayoutRules.MinimumNmosWidthF.Value * f;
        double invN = min, invP = ratio * min, nandN = 4 * min, nandP = 2 * ratio * min;
        double h = CellLayout.For(tech).StandardHeightM;
        var inv = StandardCellArea.Of(tech, LogicGate.Inverter, invN, invP, h);
        var nand2 = StandardCellArea.Of(tech, LogicGate.Nand(2), nandN, nandP, h);
        var big = StandardCellArea.Of(tech, LogicGate.Nand(inputs), nandN, nandP, h);
        double area = encoders * (((inv.AreaM2 + nand2.AreaM2) * (levels - 1)) + (big.AreaM2 * gates));
        double t1 = OnResistance.Ohm(tech, MosType.Nmos, invN) * (DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, invN, invP, h) + (2 * GateCapacitance.GateInputF(tech, nandN, nandP)));
        double t2 = 2 * OnResistance.Ohm(tech, MosType.Nmos, nandN) * (DrainCapacitance.GateOutputF(tech, LogicGate.Nand(2), nandN, nandP, h) + (inputs * GateCapacitance.GateInputF(tech, nandN, nandP)));
        double latency = Horowitz.Delay(t1, double.PositiveInfinity).DelayS + Horowitz.Delay(t2, double.PositiveInfinity).DelayS;
        double leakage = encoders * ((Leakage.GatePowerW(tech, LogicGate.Nand(2), nandN, nandP) * (levels - 1)) + (Leakage.GatePowerW(tech, LogicGate.Nand(inputs), nandN, nandP) * gates)
            + (5 * (levels - 1) * Leakage.GatePowerW(tech, LogicGate.Inverter, invN, invP)));
        return new AdcCost(area, 0, latency, leakage);
    }
}
