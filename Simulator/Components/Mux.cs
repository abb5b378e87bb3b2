using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The analog column multiplexer of a crossbar, after DNN+NeuroSim V1.4 Mux.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c,
/// Inference_pytorch/NeuroSIM/Mux.cpp; the analog, not the FPGA, variant, one row of unfolded gates): C columns share
/// O = C / m readout circuits, each through an m-to-1 tree of transmission gates, one gate per column. Formula family:
/// gate-count area, switched capacitance, RC charging. The gates are sized for the target resistance R x IR_DROP_TOLERANCE (0.25,
/// NeuroSim constant.h) (<see cref="PassGate"/>); the select lines come from a mux decoder (<see cref="DecoderCost"/>, a
/// <see cref="RowDecoder"/> of m outputs with the NAND enable and sizing factor Param.cpp sizingfactor_MUX).
/// <list type="bullet">
/// <item>Area (CalculateArea): C x footprint of one gate.</item>
/// <item>Energy of one selection (CalculatePower): O (C_g,n V_dd^2 + 2 C_drain V_read^2), the selected gates turning on and
/// their two drains charged to the read voltage.</item>
/// <item>Latency (CalculateLatency): 2.3 R_tg (C_drain + C_g,n / 2 + C_g,p / 2 + C_L), charging to 90 %.</item>
/// <item>Leakage: none (NeuroSim counts none for pass gates).</item>
/// </list>
/// </summary>
public static class Mux
{
    /// <summary>Factor on the target resistance (NeuroSim constant.h IR_DROP_TOLERANCE).</summary>
    public const double IrDropTolerance = 0.25;

    /// <summary>Charging time to 90 % in RC time constants, ln 10 rounded as Mux.cpp writes it.</summary>
    public const double NinetyPercentTimeConstants = 2.3;

    /// <summary>
    /// Layout area of the pass gates for <paramref name="columns"/> columns, <paramref name="columnsPerOutput"/> to each output,
    /// each gate at most <paramref name="targetOhm"/> x 0.25 on, m^2.
    /// </summary>
    public static double AreaM2(TechnologyNode tech, int columns, int columnsPerOutput, double targetOhm)
    {
        Check(columns, columnsPerOutput);
        return Gate(tech, targetOhm).AreaM2 * columns;
    }

    /// <summary>Dynamic energy of one selection (one gate per output turning on), read voltage <paramref name="readVoltageV"/>, J.</summary>
    public static double EnergyPerSelectJ(TechnologyNode tech, int columns, int columnsPerOutput, double targetOhm, double readVoltageV)
    {
        Check(columns, columnsPerOutput);
        AccumulationArguments.NonNegative(readVoltageV);
        var g = Gate(tech, targetOhm);
        double vdd = tech.SupplyVoltageV.Value;
        return Outputs(columns, columnsPerOutput) * ((g.GateN * vdd * vdd) + (2 * g.Drain * readVoltageV * readVoltageV));
    }

    /// <summary>Time for a selected gate to charge <paramref name="loadF"/> (F) to 90 %, s.</summary>
    public static double LatencyS(TechnologyNode tech, double targetOhm, double loadF)
    {
        AccumulationArguments.NonNegative(loadF);
        var g = Gate(tech, targetOhm);
        return NinetyPercentTimeConstants * g.ResistanceOhm * (g.Drain + (0.5 * g.GateN) + (0.5 * g.GateP) + loadF);
    }

    /// <summary>On-resistance of one sized gate, ohm.</summary>
    public static double GateResistanceOhm(TechnologyNode tech, double targetOhm) => Gate(tech, targetOhm).ResistanceOhm;

    /// <summary>Costs of the pass gates: area, energy of one selection, latency into <paramref name="loadF"/>, no leakage.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int columns, int columnsPerOutput, double targetOhm, double readVoltageV, double loadF) =>
        new(AreaM2(tech, columns, columnsPerOutput, targetOhm), EnergyPerSelectJ(tech, columns, columnsPerOutput, targetOhm, readVoltageV), LatencyS(tech, targetOhm, loadF), 0);

    /// <summary>
    /// Costs of the mux decoder: a <see cref="RowDecoder"/> of <paramref name="columnsPerOutput"/> select lines in mux mode with
    /// driver sizing <paramref name="driverSizing"/>, each select line driving one gate per output (NMOS and PMOS lines).
    /// </summary>
    public static DigitalCost DecoderCost(TechnologyNode tech, int columns, int columnsPerOutput, double targetOhm, double driverSizing)
    {
        Check(columns, columnsPerOutput);
        var g = Gate(tech, targetOhm);
        int outputs = Outputs(columns, columnsPerOutput);
        return new(
            RowDecoder.AreaM2(tech, columnsPerOutput, driverSizing, mux: true),
            RowDecoder.EnergyPerDecodeJ(tech, columnsPerOutput, driverSizing, mux: true),
            RowDecoder.Latency(tech, columnsPerOutput, driverSizing, true, outputs * g.GateN, outputs * g.GateP, 0, 1),
            RowDecoder.LeakageW(tech, columnsPerOutput, driverSizing, mux: true));
    }

    private static PassGate Gate(TechnologyNode tech, double targetOhm) =>
        PassGate.Sized(tech, AccumulationArguments.Positive(targetOhm) * IrDropTolerance, 1);

    private static int Outputs(int columns, int columnsPerOutput) => (columns + columnsPerOutput - 1) / columnsPerOutput;

    private static void Check(int columns, int columnsPerOutput)
    {
        AccumulationArguments.Positive(columns);
        AccumulationArguments.Positive(columnsPerOutput);
    }
}
