using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// Level shifters that lift word-line or source-line drive from V_dd to an eNVM write voltage, one per output, after DNN+NeuroSim
/// V1.4 LevelShifter.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c, Inference_pytorch/NeuroSIM/LevelShifter.cpp; the default layout,
/// not the "validated" one). Formula family: transistor-count area, switched capacitance, Horowitz delay. Three inverter-shaped
/// stages with min = 2F and r = the P/N ratio, drawn (not enlarged) in standard-height cells: low-voltage input (NMOS 15 min, PMOS
/// 20 r min), cross-coupled latch (32 min, 10 r min) and high-voltage pull-up (64 min, 82 r min).
/// <list type="bullet">
/// <item>Area (CalculateArea): outputs x max(h_low, h_latch, h_high) x (w_low + 2 w_latch + w_high).</item>
/// <item>Latency (CalculateLatency, read and write): two Horowitz stages from a step, R_on,p(20 r min) (C_low + 2 C_mid), then
/// R_on,p(82 r min) (C_load + C_high); C_low / C_high the output drains of the low and high stages, C_mid the gate of the latch NMOS.</item>
/// <item>Energy of a read (CalculatePower; the high voltage is not switched): (C_low + 2 C_mid) V_dd^2 per output switched.</item>
/// <item>Energy of one write through one shifter (two-step write, half SET and half RESET): (C_low + 2 C_mid) V_dd^2 +
/// 2 (C_load + C_high) V_write^2.</item>
/// <item>Leakage: 0 (NeuroSim counts none).</item>
/// </list>
/// Not modelled: the "validated" layout (doubled widths, 2.5 x cell height, IO-device lengths and the wire factor alpha = 1.44).
/// </summary>
public static class LevelShifter
{
    /// <summary>Layout area of <paramref name="outputs"/> level shifters, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int outputs)
    {
        var s = Stages.Of(tech);
        AccumulationArguments.Positive(outputs);
        double h = Math.Max(Math.Max(s.Low.HeightM, s.Latch.HeightM), s.High.HeightM);
        return h * (s.Low.WidthM + (2 * s.Latch.WidthM) + s.High.WidthM) * outputs;
    }

    /// <summary>Time for one shifter to drive <paramref name="loadF"/> (F) to the high level, s.</summary>
    public static double LatencyS(TechnologyNode tech, double loadF)
    {
        var s = Stages.Of(tech);
        AccumulationArguments.NonNegative(loadF);
        var chain = new StageChain(double.PositiveInfinity);
        chain.AddFromStep(s.Low.PmosOhm(tech) * (s.Low.OutputF + (2 * s.MidGateF)));
        chain.AddFromStep(s.High.PmosOhm(tech) * (loadF + s.High.OutputF));
        return chain.DelayS;
    }

    /// <summary>Energy of a read with <paramref name="outputsSwitched"/> shifters switching at V_dd only, J.</summary>
    public static double EnergyPerReadJ(TechnologyNode tech, int outputsSwitched)
    {
        var s = Stages.Of(tech);
        AccumulationArguments.NonNegative(outputsSwitched);
        return s.LowSideEnergyJ(tech) * outputsSwitched;
    }

    /// <summary>Energy of one write through one shifter driving <paramref name="loadF"/> (F) at <paramref name="writeVoltageV"/> (V), J.</summary>
    public static double EnergyPerWriteJ(TechnologyNode tech, double loadF, double writeVoltageV)
    {
        var s = Stages.Of(tech);
        AccumulationArguments.NonNegative(loadF);
        AccumulationArguments.Positive(writeVoltageV);
        return s.LowSideEnergyJ(tech) + (2 * (loadF + s.High.OutputF) * writeVoltageV * writeVoltageV);
    }

    /// <summary>
    /// Costs of <paramref name="outputs"/> shifters: area, energy of one write through one shifter into <paramref name="loadF"/> at
    /// <paramref name="writeVoltageV"/>, latency, leakage 0.
    /// </summary>
    public static DigitalCost Cost(TechnologyNode tech, int outputs, double loadF, double writeVoltageV) =>
        new(AreaM2(tech, outputs), EnergyPerWriteJ(tech, loadF, writeVoltageV), LatencyS(tech, loadF), 0);

    private readonly record struct Stages(SizedGate Low, SizedGate Latch, SizedGate High, double MidGateF)
    {
        public double LowSideEnergyJ(TechnologyNode tech) => (Low.OutputF + (2 * MidGateF)) * tech.SupplyVoltageV.Value * tech.SupplyVoltageV.Value;

        public static Stages Of(TechnologyNode tech)
        {
            ArgumentNullException.ThrowIfNull(tech);
            double min = SizedGate.MinF, p = SizedGate.MinPmosF(tech);
            return new(
                SizedGate.Drawn(tech, LogicGate.Inverter, 15 * min, 20 * p),
                SizedGate.Drawn(tech, LogicGate.Inverter, 32 * min, 10 * p),
                SizedGate.Drawn(tech, LogicGate.Inverter, 64 * min, 82 * p),
                GateCapacitance.TransistorF(tech, 32 * min * tech.FeatureSizeM));
        }
    }
}
