using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// Shift-and-add units accumulating bit-serial / bit-sliced partial sums, binary (non-spiking) mode, after DNN+NeuroSim V1.4
/// ShiftAdd.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c, Inference_pytorch/NeuroSIM/ShiftAdd.cpp). Formula family: composition of
/// <see cref="RippleCarryAdder"/> and <see cref="Dff"/>. For u units of N-bit adders over S shift steps (NeuroSim's numReadPulse):
/// <list type="bullet">
/// <item>Register (Initialize): (N + 1 + S - 1) = N + S flip-flops per unit (the adder's carry-out bit plus the shift extension).</item>
/// <item>Area (CalculateArea): u N-bit adders + u (N + S) flip-flops + one INV and one NAND2 (minimum size, not enlarged) per unit;
/// NeuroSim adds one INV + NAND2 strip spanning the given height or width of the block, here one pair per unit.</item>
/// <item>Energy of one step (CalculatePower, numRead = 1): u adds (<see cref="RippleCarryAdder.EnergyPerAddJ"/>) + one clock of all
/// u (N + S) flip-flops, each taking data (<see cref="Dff.EnergyPerClockJ(TechnologyNode, int)"/>).</item>
/// <item>Latency of one step (CalculateLatency): the N-bit add driving a flip-flop input (<see cref="Dff.InputCapacitanceF"/>) +
/// half a clock period; over S steps the step time once plus, for each further step, whatever exceeds the read pulse width
/// (the rest hides under the next read).</item>
/// <item>Leakage: adders + flip-flops (the INV and NAND2 are not counted, as in NeuroSim).</item>
/// </list>
/// </summary>
public static class ShiftAdd
{
    /// <summary>Flip-flops of <paramref name="units"/> units of <paramref name="bits"/>-bit adders over <paramref name="shiftSteps"/> steps.</summary>
    public static int FlipFlops(int units, int bits, int shiftSteps) =>
        checked((AccumulationArguments.Positive(bits) + AccumulationArguments.Positive(shiftSteps)) * AccumulationArguments.Positive(units));

    /// <summary>Layout area, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int units, int bits, int shiftSteps)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int dffs = FlipFlops(units, bits, shiftSteps);
        double wn = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
        double wp = tech.PmosToNmosWidthRatio.Value * wn;
        double h = CellLayout.For(tech).StandardHeightM;
        double glue = StandardCellArea.Of(tech, LogicGate.Inverter, wn, wp, h).AreaM2 + StandardCellArea.Of(tech, LogicGate.Nand(2), 2 * wn, wp, h).AreaM2;
        return RippleCarryAdder.AreaM2(tech, bits, units) + Dff.AreaM2(tech, dffs) + (glue * units);
    }

    /// <summary>Dynamic energy of one shift-and-add step of all units, J.</summary>
    public static double EnergyPerStepJ(TechnologyNode tech, int units, int bits, int shiftSteps)
    {
        ArgumentNullException.ThrowIfNull(tech);
        int dffs = FlipFlops(units, bits, shiftSteps);
        return (RippleCarryAdder.EnergyPerAddJ(tech, bits) * units) + Dff.EnergyPerClockJ(tech, dffs);
    }

    /// <summary>Time of one shift-and-add step at <paramref name="clockHz"/>, s.</summary>
    public static double StepLatencyS(TechnologyNode tech, int bits, double clockHz)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return RippleCarryAdder.LatencyS(tech, bits, Dff.InputCapacitanceF(tech)) + Dff.LatencyS(clockHz);
    }

    /// <summary>
    /// Time of <paramref name="shiftSteps"/> steps, each overlapping the next read of <paramref name="readPulseWidthS"/> (s, >= 0), s.
    /// </summary>
    public static double LatencyS(TechnologyNode tech, int bits, int shiftSteps, double clockHz, double readPulseWidthS)
    {
        AccumulationArguments.Positive(shiftSteps);
        AccumulationArguments.NonNegative(readPulseWidthS);
        double step = StepLatencyS(tech, bits, clockHz);
        return step + (Math.Max(0, step - readPulseWidthS) * (shiftSteps - 1));
    }

    /// <summary>Leakage power, W.</summary>
    public static double LeakageW(TechnologyNode tech, int units, int bits, int shiftSteps) =>
        RippleCarryAdder.LeakageW(tech, bits, units) + Dff.LeakageW(tech, FlipFlops(units, bits, shiftSteps));

    /// <summary>All four costs; energy and latency of one step.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int units, int bits, int shiftSteps, double clockHz) =>
        new(AreaM2(tech, units, bits, shiftSteps), EnergyPerStepJ(tech, units, bits, shiftSteps), StepLatencyS(tech, bits, clockHz), LeakageW(tech, units, bits, shiftSteps));
}
