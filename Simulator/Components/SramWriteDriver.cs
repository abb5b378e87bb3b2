using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// SRAM write drivers, one per column (three minimum inverters: two driving BL, one BL_bar), after DNN+NeuroSim V1.4 SRAMWriteDriver.cpp
/// (neurosim/DNN_NeuroSim_V1.4 @9e6742c, Inference_pytorch/NeuroSIM/SRAMWriteDriver.cpp). Formula family: gate-count area, switched
/// capacitance, Horowitz delay. The inverter is NMOS 2F, PMOS 2F x P/N ratio, enlarged to fill a standard-height cell.
/// <list type="bullet">
/// <item>Area (CalculateArea, one row): columns x 3 inverter footprints.</item>
/// <item>Latency of one write (CalculateLatency, step input): a pull-up stage R_on,p (C_out + C_in), then a pull-down into the bit
/// line, R_on,n (C_BL + C_out) + R_BL C_BL / 2.</item>
/// <item>Energy of one write (CalculatePower): (C_out + C_in) V_dd^2 per column written (the first inverter's output and the second's
/// input); the bit lines' own charging is the <see cref="Precharger"/>'s.</item>
/// <item>Leakage (CalculatePower): 3 inverters x V_dd x columns.</item>
/// </list>
/// </summary>
public static class SramWriteDriver
{
    /// <summary>Inverters per column (SRAMWriteDriver.cpp CalculateArea).</summary>
    public const int InvertersPerColumn = 3;

    /// <summary>Layout area of <paramref name="columns"/> write drivers, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int columns) => Inverter(tech).AreaM2 * InvertersPerColumn * AccumulationArguments.Positive(columns);

    /// <summary>Time of one write into a bit line of <paramref name="bitlineCapacitanceF"/> (F) and <paramref name="bitlineResistanceOhm"/> (ohm), s.</summary>
    public static double LatencyS(TechnologyNode tech, double bitlineCapacitanceF, double bitlineResistanceOhm)
    {
        var g = Inverter(tech);
        AccumulationArguments.NonNegative(bitlineCapacitanceF);
        AccumulationArguments.NonNegative(bitlineResistanceOhm);
        var chain = new StageChain(double.PositiveInfinity);
        chain.Add(g.PmosOhm(tech) * (g.OutputF + g.InputF));
        chain.Add((g.NmosOhm(tech) * (bitlineCapacitanceF + g.OutputF)) + (bitlineResistanceOhm * bitlineCapacitanceF / 2));
        return chain.DelayS;
    }

    /// <summary>Energy of writing <paramref name="columnsWritten"/> columns, J.</summary>
    public static double EnergyPerWriteJ(TechnologyNode tech, int columnsWritten) =>
        Inverter(tech).SwitchingEnergyJ(tech) * AccumulationArguments.NonNegative(columnsWritten);

    /// <summary>Leakage power of <paramref name="columns"/> write drivers, W.</summary>
    public static double LeakageW(TechnologyNode tech, int columns) => Inverter(tech).LeakageW(tech) * InvertersPerColumn * AccumulationArguments.Positive(columns);

    /// <summary>All four costs of <paramref name="columns"/> write drivers, every column written in one operation.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int columns, double bitlineCapacitanceF, double bitlineResistanceOhm) =>
        new(AreaM2(tech, columns), EnergyPerWriteJ(tech, columns), LatencyS(tech, bitlineCapacitanceF, bitlineResistanceOhm), LeakageW(tech, columns));

    private static SizedGate Inverter(TechnologyNode tech)
    {
        ArgumentNullException.ThrowIfNull(tech);
        return SizedGate.Enlarged(tech, Primitives.LogicGate.Inverter, SizedGate.MinF, SizedGate.MinPmosF(tech));
    }
}
