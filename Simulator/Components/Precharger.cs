using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// Bit-line prechargers of an SRAM sub-array, one per column (two precharge PMOS for BL and BL_bar and an equaliser PMOS), after
/// DNN+NeuroSim V1.4 Precharger.cpp (neurosim/DNN_NeuroSim_V1.4 @0e3bff1, Inference_pytorch/NeuroSIM/Precharger.cpp). Formula family:
/// transistor-count area, switched bit-line capacitance, Horowitz RC charging. Precharge PMOS 6F and equaliser 2F, each enlarged
/// to fill a standard-height cell as a PMOS-only gate (formula.cpp EnlargeSize).
/// <list type="bullet">
/// <item>Area (CalculateArea, one row): columns x max(w_pre, w_eq) x (2 h_pre + h_eq), w / h the footprint of each PMOS-only cell.</item>
/// <item>Latency (CalculateLatency): Horowitz from a step with τ = R_on,p(W_pre) (C_BL + C_out) + R_BL C_BL / 2, C_out the drains of the
/// precharge and equaliser PMOS; the same for a read and a write.</item>
/// <item>Energy of one operation (CalculatePower): C_BL V_dd^2 per column precharged (BL and BL_bar together), for the columns read or
/// written.</item>
/// <item>Leakage (CalculatePower): 2 x the precharge PMOS as a PMOS-only inverter, x V_dd x columns.</item>
/// </list>
/// </summary>
public static class Precharger
{
    /// <summary>Drawn width of the precharge PMOS before enlargement, F (Precharger.cpp Initialize).</summary>
    public const double PrechargeWidthF = 6;

    /// <summary>Layout area of <paramref name="columns"/> column prechargers, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int columns)
    {
        var p = Parts.Of(tech);
        AccumulationArguments.Positive(columns);
        return columns * Math.Max(p.Precharge.WidthM, p.Equalizer.WidthM) * ((2 * p.Precharge.HeightM) + p.Equalizer.HeightM);
    }

    /// <summary>
    /// Time to precharge a bit line of <paramref name="bitlineCapacitanceF"/> (F) and <paramref name="bitlineResistanceOhm"/> (ohm), s.
    /// </summary>
    public static double LatencyS(TechnologyNode tech, double bitlineCapacitanceF, double bitlineResistanceOhm)
    {
        var p = Parts.Of(tech);
        AccumulationArguments.NonNegative(bitlineCapacitanceF);
        AccumulationArguments.NonNegative(bitlineResistanceOhm);
        double r = OnResistance.Ohm(tech, MosType.Pmos, p.Precharge.Wp);
        double tau = (r * (bitlineCapacitanceF + p.OutputF)) + (bitlineResistanceOhm * bitlineCapacitanceF / 2);
        return Horowitz.Delay(tau, double.PositiveInfinity).DelayS;
    }

    /// <summary>Energy of precharging <paramref name="columnsSwitched"/> bit-line pairs of <paramref name="bitlineCapacitanceF"/> (F), J.</summary>
    public static double EnergyPerOperationJ(TechnologyNode tech, double bitlineCapacitanceF, int columnsSwitched)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.NonNegative(bitlineCapacitanceF);
        AccumulationArguments.NonNegative(columnsSwitched);
        double vdd = tech.SupplyVoltageV.Value;
        return bitlineCapacitanceF * vdd * vdd * columnsSwitched;
    }

    /// <summary>Leakage power of <paramref name="columns"/> column prechargers, W.</summary>
    public static double LeakageW(TechnologyNode tech, int columns)
    {
        var p = Parts.Of(tech);
        AccumulationArguments.Positive(columns);
        return 2 * p.Precharge.LeakageW(tech) * columns;
    }

    /// <summary>All four costs of <paramref name="columns"/> prechargers, every column precharged in one operation.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int columns, double bitlineCapacitanceF, double bitlineResistanceOhm) =>
        new(AreaM2(tech, columns), EnergyPerOperationJ(tech, bitlineCapacitanceF, columns), LatencyS(tech, bitlineCapacitanceF, bitlineResistanceOhm), LeakageW(tech, columns));

    private readonly record struct Parts(SizedGate Precharge, SizedGate Equalizer, double OutputF)
    {
        public static Parts Of(TechnologyNode tech)
        {
            ArgumentNullException.ThrowIfNull(tech);
            var pre = SizedGate.Enlarged(tech, LogicGate.Inverter, 0, PrechargeWidthF);
            var eq = SizedGate.Enlarged(tech, LogicGate.Inverter, 0, SizedGate.MinF);
            double output = DrainCapacitance.TransistorF(tech, MosType.Pmos, pre.Wp, pre.HeightM) + DrainCapacitance.TransistorF(tech, MosType.Pmos, eq.Wp, eq.HeightM);
            return new(pre, eq, output);
        }
    }
}
