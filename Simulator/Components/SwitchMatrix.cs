using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The switch matrix that connects each row (or column) of a crossbar to its read or write voltage, after DNN+NeuroSim V1.4
/// SwitchMatrix.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c, Inference_pytorch/NeuroSIM/SwitchMatrix.cpp; neuro mode, read path,
/// default layout without a height or width to fit, no repeaters: Param.cpp buffernumber = 0): per line a pair of transmission
/// gates and a D flip-flop that holds the line's input bit. Formula family: gate-count area, switched capacitance, Elmore delay of
/// the gate driving a distributed RC line. Each gate is sized (<see cref="PassGate"/>) for the target resistance R, NeuroSim's
/// resTg x Param.cpp switchmatrixsizeratio, derated by LINEAR_REGION_RATIO (0.20, NeuroSim constant.h).
/// <list type="bullet">
/// <item>Area (CalculateArea): n lines x 2 gate footprints + the area of n flip-flops (<see cref="Dff"/>). NeuroSim stacks the
/// flip-flops in a column the matrix's height; here their area is counted, not their packing.</item>
/// <item>Energy of one read (CalculatePower, neuro mode): row mode n a (3 C_drain V_read^2 + (C_g,n + C_g,p) V_dd^2), a the
/// fraction of rows activated; column mode none; both plus the n flip-flops clocked (<see cref="Dff.EnergyPerClockJ(TechnologyNode, int)"/>).</item>
/// <item>Latency (CalculateLatency, read): 0.69 R_tg C_out + c s (0.69 R_tg + 0.38 r s), C_out = 2 C_drain + C_g,n / 2 + C_g,p / 2,
/// for a line of s cells of wire capacitance c and resistance r each (Param.cpp unitcap, unitres).</item>
/// <item>Leakage (CalculatePower): the flip-flops' only (<see cref="Dff.LeakageW"/>).</item>
/// </list>
/// </summary>
public static class SwitchMatrix
{
    /// <summary>Derating of the gate widths (NeuroSim constant.h LINEAR_REGION_RATIO).</summary>
    public const double LinearRegionRatio = 0.20;

    /// <summary>Layout area of a switch matrix for <paramref name="lines"/> lines, gates sized for <paramref name="targetOhm"/>, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int lines, double targetOhm)
    {
        AccumulationArguments.Positive(lines);
        return (Gate(tech, targetOhm).AreaM2 * 2 * lines) + Dff.AreaM2(tech, lines);
    }

    /// <summary>
    /// Dynamic energy of one read, J: in row mode (<paramref name="rowMode"/>) the fraction <paramref name="activity"/> of the lines
    /// switched to <paramref name="readVoltageV"/>; in column mode only the flip-flops.
    /// </summary>
    public static double EnergyPerReadJ(TechnologyNode tech, int lines, double targetOhm, bool rowMode, double activity, double readVoltageV)
    {
        AccumulationArguments.Positive(lines);
        AccumulationArguments.NonNegative(readVoltageV);
        if (AccumulationArguments.NonNegative(activity) > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(activity), activity, "a fraction of the lines, at most 1");
        }

        var g = Gate(tech, targetOhm);
        double vdd = tech.SupplyVoltageV.Value;
        double switching = rowMode ? lines * activity * ((3 * g.Drain * readVoltageV * readVoltageV) + ((g.GateN + g.GateP) * vdd * vdd)) : 0;
        return switching + Dff.EnergyPerClockJ(tech, lines);
    }

    /// <summary>
    /// Time for a gate to drive a line of <paramref name="cellsOnLine"/> cells, each adding <paramref name="wireCapPerCellF"/> (F)
    /// and <paramref name="wireOhmPerCell"/> (ohm), s.
    /// </summary>
    public static double LatencyS(TechnologyNode tech, double targetOhm, int cellsOnLine, double wireCapPerCellF, double wireOhmPerCell)
    {
        AccumulationArguments.Positive(cellsOnLine);
        AccumulationArguments.NonNegative(wireCapPerCellF);
        AccumulationArguments.NonNegative(wireOhmPerCell);
        var g = Gate(tech, targetOhm);
        double output = (2 * g.Drain) + (0.5 * g.GateN) + (0.5 * g.GateP);
        double s = cellsOnLine;
        return (0.69 * g.ResistanceOhm * output) + (wireCapPerCellF * s * ((0.69 * g.ResistanceOhm) + (0.38 * wireOhmPerCell * s)));
    }

    /// <summary>Leakage power of the matrix (its flip-flops), W.</summary>
    public static double LeakageW(TechnologyNode tech, int lines) => Dff.LeakageW(tech, AccumulationArguments.Positive(lines));

    /// <summary>On-resistance of one sized gate, ohm.</summary>
    public static double GateResistanceOhm(TechnologyNode tech, double targetOhm) => Gate(tech, targetOhm).ResistanceOhm;

    /// <summary>All four costs of a row switch matrix reading with every line active.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int lines, double targetOhm, double readVoltageV, int cellsOnLine, double wireCapPerCellF, double wireOhmPerCell) =>
        new(AreaM2(tech, lines, targetOhm), EnergyPerReadJ(tech, lines, targetOhm, true, 1, readVoltageV),
            LatencyS(tech, targetOhm, cellsOnLine, wireCapPerCellF, wireOhmPerCell), LeakageW(tech, lines));

    private static PassGate Gate(TechnologyNode tech, double targetOhm) =>
        PassGate.Sized(tech, AccumulationArguments.Positive(targetOhm), LinearRegionRatio);
}
