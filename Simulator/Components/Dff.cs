using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A bank of D flip-flops (master-slave, transmission-gate), after DNN+NeuroSim V1.4 DFF.cpp (neurosim/DNN_NeuroSim_V1.4
/// @9e6742c, Inference_pytorch/NeuroSIM/DFF.cpp). Formula family: standard-cell count area, switched-capacitance energy. All
/// transistors are minimum size (NMOS 2F, PMOS 2F x P/N ratio; V1.4 no longer enlarges them), in a standard-height cell.
/// <list type="bullet">
/// <item>Area (CalculateArea, one row): n x 12 x the footprint of a minimum inverter (<see cref="StandardCellArea"/>).</item>
/// <item>Energy of one clock edge (CalculatePower, numRead = 1): V_dd^2 [n (4 (C_in + C_out) + 2 (C_g,n + C_g,p)) + d (2 C_in + 2 C_out
/// + 4 C_tg)], n flip-flops clocked, d &lt;= n of them taking a new data bit; C_in / C_out the inverter's input / output
/// capacitance (<see cref="GateCapacitance"/>, <see cref="DrainCapacitance"/>), C_g the clock transmission gate's gate capacitances,
/// C_tg its drain (an inverter-shaped output of the same widths). NeuroSim multiplies this by its activity factor gamma (0.5)
/// only when its "validated" switch is on; not applied here.</item>
/// <item>Latency (CalculateLatency, asynchronous): half a clock period, 1 / (2 f).</item>
/// <item>Leakage (CalculatePower): 8 minimum inverters per flip-flop, n x 8 x I_leak,inv x V_dd (<see cref="Leakage"/>).</item>
/// </list>
/// </summary>
public static class Dff
{
    /// <summary>Inverters of layout width per flip-flop (DFF.cpp CalculateArea).</summary>
    public const int InverterWidthsPerFlipFlop = 12;

    /// <summary>Leaking inverters per flip-flop (DFF.cpp CalculatePower).</summary>
    public const int LeakingInvertersPerFlipFlop = 8;

    /// <summary>Layout area of <paramref name="flipFlops"/> flip-flops in one row, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int flipFlops)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(flipFlops);
        var (wn, wp, h) = Widths(tech);
        return StandardCellArea.Of(tech, LogicGate.Inverter, wn, wp, h).AreaM2 * InverterWidthsPerFlipFlop * flipFlops;
    }

    /// <summary>
    /// Dynamic energy of one clock edge of <paramref name="flipFlops"/> flip-flops, <paramref name="dataBits"/> of which (at most
    /// all) take a new data bit, J.
    /// </summary>
    public static double EnergyPerClockJ(TechnologyNode tech, int flipFlops, int dataBits)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(flipFlops);
        AccumulationArguments.NonNegative(dataBits);
        var c = Capacitances.Of(tech);
        double vdd2 = tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;
        double clock = (4 * (c.Input + c.Output)) + (2 * (c.TgGateN + c.TgGateP));
        double data = (2 * c.Input) + (2 * c.Output) + (4 * c.TgDrain);
        return vdd2 * ((flipFlops * clock) + (Math.Min(dataBits, flipFlops) * data));
    }

    /// <summary>Energy of one clock edge with every flip-flop taking a new bit, J (as ShiftAdd.cpp charges its register).</summary>
    public static double EnergyPerClockJ(TechnologyNode tech, int flipFlops) => EnergyPerClockJ(tech, flipFlops, flipFlops);

    /// <summary>Half a clock period at <paramref name="clockHz"/>, s.</summary>
    public static double LatencyS(double clockHz) => 0.5 / AccumulationArguments.Positive(clockHz);

    /// <summary>Leakage power of <paramref name="flipFlops"/> flip-flops, W.</summary>
    public static double LeakageW(TechnologyNode tech, int flipFlops)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(flipFlops);
        var (wn, wp, _) = Widths(tech);
        return Leakage.GatePowerW(tech, LogicGate.Inverter, wn, wp) * LeakingInvertersPerFlipFlop * flipFlops;
    }

    /// <summary>All four costs of <paramref name="flipFlops"/> flip-flops, all clocked and taking new data, at <paramref name="clockHz"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int flipFlops, double clockHz) =>
        new(AreaM2(tech, flipFlops), EnergyPerClockJ(tech, flipFlops), LatencyS(clockHz), LeakageW(tech, flipFlops));

    /// <summary>Drain capacitance of the clock transmission gate, F: the load a flip-flop's D input presents to its driver.</summary>
    public static double InputCapacitanceF(TechnologyNode tech)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return Capacitances.Of(tech).TgDrain;
    }

    private static (double Wn, double Wp, double H) Widths(TechnologyNode tech)
    {
        double wn = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
        return (wn, tech.PmosToNmosWidthRatio.Value * wn, CellLayout.For(tech).StandardHeightM);
    }

    private readonly record struct Capacitances(double Input, double Output, double TgGateN, double TgGateP, double TgDrain)
    {
        public static Capacitances Of(TechnologyNode tech)
        {
            var (wn, wp, h) = Widths(tech);
            double output = DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, wn, wp, h);
            // The transmission gate has the inverter's widths, so its drain is the inverter's output (DFF.cpp CalculateArea).
            return new(GateCapacitance.GateInputF(tech, wn, wp), output, GateCapacitance.TransistorF(tech, wn), GateCapacitance.TransistorF(tech, wp), output);
        }
    }
}
