using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A bank of max-pooling units, each a tree of N-bit magnitude comparators that finds the largest of a window of W activations,
/// after DNN+NeuroSim MaxPooling.cpp and Comparator.cpp (neurosim/DNN_NeuroSim_V1.3 @9bff361, Inference_pytorch/NeuroSIM/; V1.4's
/// Chip.cpp instantiates the same MaxPooling but stores only its object file). Formula family: gate-count area, switched capacitance,
/// Horowitz delay. All gates enlarged to fill a standard-height cell (formula.cpp EnlargeSize); widths in F with min = 2F and
/// r = the P/N ratio: INV (min, r min), NAND2 (2 min, r min), NAND3 (3 min, r min), NOR2 (4 min, r min), NOR_N (2 N min, r min).
/// <list type="bullet">
/// <item>Shape: W - 1 comparators in ceil(log2 W) stages per unit.</item>
/// <item>1-bit comparator cell (Comparator.cpp): 4 INV + 4 NAND2 + 3 NAND3; energy (4 (C_in + C_out)_INV + 4 (..)_NAND2 + 3 (..)_NAND3)
/// V_dd^2; delay a NAND2 pull-down 2 R_on,n (C_out,NAND2 + C_in,NAND3) from a step, then a NAND3 pull-up R_on,p (C_out,NAND3 + 2 C_out,INV).</item>
/// <item>Area per unit (CalculateUnitArea): (W - 1) [N (cell + 5 INV) + 7 INV + NAND2 + NOR2 + NOR_N] (per bit 4 transmission gates
/// and an enable inverter; per comparator 3 TG, 3 INV, AND, NOR, OR).</item>
/// <item>Energy of one pooling operation of all units (CalculatePower): units x (W - 1) x [((C_in,NAND2 + C_out,INV) + (C_in,NOR2 +
/// C_out,INV) + 2 (C_in + C_out)_INV + (C_in,NOR_N + C_out,INV)) V_dd^2 + E_cell N / 2] (the comparison is assumed to settle half way
/// down the bits).</item>
/// <item>Latency (CalculateLatency): stages x [T_cell N / 2 + NOR_N 2 R_on,n (2 C_in,INV + N C_out,INV) + INV 2 R_on,n (C_in,INV +
/// C_out,NOR_N) (both from a step) + TG 2 R_on,n(INV) (2 C_in,INV + C_load) driven by the INV's ramp].</item>
/// <item>Leakage: units x (W - 1) x (one INV + N comparator cells).</item>
/// </list>
/// Departs from NeuroSim: its shape loop gives W = 4 three stages and W = 6 four comparators; here W - 1 comparators in ceil(log2 W)
/// stages (the same comparator count for powers of two). NeuroSim's 1-bit comparator delay adds the first and last stage pairs and
/// subtracts the middle pair (it runs its (bits - 2) loop with bits = 1); here one NAND2-NAND3 pair. NeuroSim computes the comparator
/// cells' leakage but leaves it out of the unit's; here it is counted. A one-bit input uses a two-input NOR for NOR_N. The control
/// activity factor epsilon (0.05) applies only under NeuroSim's "validated" switch; not applied.
/// </summary>
public static class MaxPooling
{
    /// <summary>Comparators per unit for a window of <paramref name="window"/> inputs, W - 1.</summary>
    public static int Comparators(int window) => AccumulationArguments.Positive(window) - 1;

    /// <summary>Comparator stages per unit, ceil(log2 W).</summary>
    public static int Stages(int window)
    {
        int w = AccumulationArguments.Positive(window);
        int s = 0;
        while ((1L << s) < w)
        {
            s++;
        }

        return s;
    }

    /// <summary>Layout area of <paramref name="units"/> units pooling windows of <paramref name="window"/> inputs of <paramref name="bits"/> bits, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int units, int bits, int window)
    {
        var g = Gates.Of(tech, bits);
        AccumulationArguments.Positive(units);
        double comparator = (bits * (g.CellAreaM2 + (5 * g.Inv.AreaM2))) + (7 * g.Inv.AreaM2) + g.Nand2.AreaM2 + g.Nor2.AreaM2 + g.NorN.AreaM2;
        return comparator * Comparators(window) * units;
    }

    /// <summary>Dynamic energy of one pooling operation of all <paramref name="units"/> units, J.</summary>
    public static double EnergyPerOperationJ(TechnologyNode tech, int units, int bits, int window)
    {
        var g = Gates.Of(tech, bits);
        AccumulationArguments.Positive(units);
        double vdd2 = tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;
        double control = ((g.Nand2.InputF + g.Inv.OutputF) + (g.Nor2.InputF + g.Inv.OutputF) + (g.NorN.InputF + g.Inv.OutputF)) * vdd2
            + (2 * g.Inv.SwitchingEnergyJ(tech));
        return (control + (g.CellEnergyJ * bits / 2.0)) * Comparators(window) * units;
    }

    /// <summary>Time of one pooling operation, the result driving <paramref name="loadF"/> (F), s (0 for a window of one).</summary>
    public static double LatencyS(TechnologyNode tech, int bits, int window, double loadF)
    {
        var g = Gates.Of(tech, bits);
        AccumulationArguments.NonNegative(loadF);
        var chain = new StageChain(double.PositiveInfinity);
        chain.Add(2 * g.Nand2.NmosOhm(tech) * (g.Nand2.OutputF + g.Nand3.InputF));
        chain.Add(g.Nand3.PmosOhm(tech) * (g.Nand3.OutputF + (2 * g.Inv.OutputF)));
        double stage = chain.DelayS * bits / 2.0;
        stage += chain.AddFromStep(2 * g.NorN.NmosOhm(tech) * ((2 * g.Inv.InputF) + (bits * g.Inv.OutputF)));
        stage += chain.AddFromStep(2 * g.Inv.NmosOhm(tech) * (g.Inv.InputF + g.NorN.OutputF));
        stage += chain.Add(2 * g.Inv.NmosOhm(tech) * ((2 * g.Inv.InputF) + loadF));
        return stage * Stages(window);
    }

    /// <summary>Leakage power of <paramref name="units"/> units, W.</summary>
    public static double LeakageW(TechnologyNode tech, int units, int bits, int window)
    {
        var g = Gates.Of(tech, bits);
        AccumulationArguments.Positive(units);
        return (g.Inv.LeakageW(tech) + (bits * g.CellLeakageW)) * Comparators(window) * units;
    }

    /// <summary>All four costs of <paramref name="units"/> units all pooling at once, the result driving <paramref name="loadF"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, int bits, int window, double loadF) =>
        new(AreaM2(tech, units, bits, window), EnergyPerOperationJ(tech, units, bits, window), LatencyS(tech, bits, window, loadF), LeakageW(tech, units, bits, window));

    private readonly record struct Gates(SizedGate Inv, SizedGate Nand2, SizedGate Nand3, SizedGate Nor2, SizedGate NorN, double CellAreaM2, double CellEnergyJ, double CellLeakageW)
    {
        public static Gates Of(TechnologyNode tech, int bits)
        {
            ArgumentNullException.ThrowIfNull(tech);
            AccumulationArguments.Positive(bits);
            double min = SizedGate.MinF, p = SizedGate.MinPmosF(tech);
            var inv = SizedGate.Enlarged(tech, LogicGate.Inverter, min, p);
            var nand2 = SizedGate.Enlarged(tech, LogicGate.Nand(2), 2 * min, p);
            var nand3 = SizedGate.Enlarged(tech, LogicGate.Nand(3), 3 * min, p);
            var nor2 = SizedGate.Enlarged(tech, LogicGate.Nor(2), 4 * min, p);
            var norN = SizedGate.Enlarged(tech, LogicGate.Nor(Math.Max(2, bits)), 2 * bits * min, p);
            return new(
                inv, nand2, nand3, nor2, norN,
                (4 * inv.AreaM2) + (4 * nand2.AreaM2) + (3 * nand3.AreaM2),
                (4 * inv.SwitchingEnergyJ(tech)) + (4 * nand2.SwitchingEnergyJ(tech)) + (3 * nand3.SwitchingEnergyJ(tech)),
                (4 * inv.LeakageW(tech)) + (4 * nand2.LeakageW(tech)) + (3 * nand3.LeakageW(tech)));
        }
    }
}
