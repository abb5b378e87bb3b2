using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// A bank of voltage-mode latch sense amplifiers (cross-coupled PMOS/NMOS pairs, an isolation PMOS and an enable NMOS), one per
/// column, after DNN+NeuroSim V1.4 SenseAmp.cpp (neurosim/DNN_NeuroSim_V1.4 @0e3bff1, Inference_pytorch/NeuroSIM/SenseAmp.cpp;
/// voltage sensing, the only mode it implements). Formula family: transistor-count area, switched capacitance, small-signal
/// regeneration time. Widths from constant.h: W_SENSE_P 7.5 F, W_SENSE_N 3.75 F, W_SENSE_ISO 12.5 F, W_SENSE_EN 5 F, W_SENSE_MUX
/// 9 F, doubled at 14 nm and below (k = 2, else 1).
/// <list type="bullet">
/// <item>Area per column (CalculateArea): 2 A(P) + 2 A(N) + A(ISO) + A(EN), each a one-transistor cell of that width in a cell as
/// high as the column pitch (<see cref="StandardCellArea"/>); times the columns.</item>
/// <item>Load (CalculateArea): C_L = C_g(k (W_P + W_N)) + C_d,n(k W_N) + C_d,p(k W_P) + C_d,p(k W_ISO) + C_d,n(k W_MUX), drains in
/// the pitch height (<see cref="GateCapacitance"/>, <see cref="DrainCapacitance"/>).</item>
/// <item>Latency of one decision (CalculateLatency): τ ln(V_dd / V_sense), τ = C_L / (g_m,n(k W_N) + g_m,p(k W_P))
/// (<see cref="Transconductance"/>): regeneration from the input difference V_sense to the full swing.</item>
/// <item>Energy of one decision of one column (CalculatePower): C_L V_dd^2; a bank operation is that times the columns sensed.</item>
/// <item>Leakage (CalculatePower): the enable NMOS as an NMOS-only inverter, x V_dd x columns (<see cref="Leakage"/>).</item>
/// </list>
/// </summary>
public static class LatchSenseAmp
{
    /// <summary>Layout area of <paramref name="columns"/> sense amplifiers at column pitch <paramref name="pitchM"/> (m), m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int columns, double pitchM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(columns);
        var w = Widths.Of(tech, pitchM);
        double Cell(double wn, double wp) => StandardCellArea.Of(tech, LogicGate.Inverter, wn, wp, pitchM).AreaM2;
        double unit = (2 * Cell(0, w.P)) + (2 * Cell(w.N, 0)) + Cell(0, w.Iso) + Cell(w.En, 0);
        return unit * columns;
    }

    /// <summary>Capacitance the latch switches in one decision, F.</summary>
    public static double LoadCapacitanceF(TechnologyNode tech, double pitchM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        var w = Widths.Of(tech, pitchM);
        return GateCapacitance.TransistorF(tech, w.P + w.N)
            + DrainCapacitance.TransistorF(tech, MosType.Nmos, w.N, pitchM)
            + DrainCapacitance.TransistorF(tech, MosType.Pmos, w.P, pitchM)
            + DrainCapacitance.TransistorF(tech, MosType.Pmos, w.Iso, pitchM)
            + DrainCapacitance.TransistorF(tech, MosType.Nmos, w.Mux, pitchM);
    }

    /// <summary>Time of one decision from an input difference of <paramref name="senseVoltageV"/> (0 &lt; V &lt; V_dd), s.</summary>
    public static double LatencyS(TechnologyNode tech, double senseVoltageV, double pitchM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double vdd = tech.SupplyVoltageV.Value;
        if (!(senseVoltageV > 0 && senseVoltageV < vdd))
        {
            throw new ArgumentOutOfRangeException(nameof(senseVoltageV), senseVoltageV, $"must be > 0 and below the supply voltage {vdd} V");
        }

        var w = Widths.Of(tech, pitchM);
        double gm = Transconductance.Siemens(tech, MosType.Nmos, w.N) + Transconductance.Siemens(tech, MosType.Pmos, w.P);
        return LoadCapacitanceF(tech, pitchM) / gm * Math.Log(vdd / senseVoltageV);
    }

    /// <summary>Energy of one decision of one column, C_L V_dd^2, J.</summary>
    public static double EnergyPerDecisionJ(TechnologyNode tech, double pitchM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double vdd = tech.SupplyVoltageV.Value;
        return LoadCapacitanceF(tech, pitchM) * vdd * vdd;
    }

    /// <summary>Leakage power of <paramref name="columns"/> sense amplifiers, W.</summary>
    public static double LeakageW(TechnologyNode tech, int columns, double pitchM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        AccumulationArguments.Positive(columns);
        return Leakage.GatePowerW(tech, LogicGate.Inverter, Widths.Of(tech, pitchM).En, 0) * columns;
    }

    /// <summary>All four costs of <paramref name="columns"/> sense amplifiers, all deciding at once.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int columns, double senseVoltageV, double pitchM) =>
        new(AreaM2(tech, columns, pitchM), EnergyPerDecisionJ(tech, pitchM) * AccumulationArguments.Positive(columns), LatencyS(tech, senseVoltageV, pitchM), LeakageW(tech, columns, pitchM));

    private readonly record struct Widths(double P, double N, double Iso, double En, double Mux)
    {
        public static Widths Of(TechnologyNode tech, double pitchM)
        {
            // SenseAmp.cpp refuses a pitch of 6 F or less: the widest transistor could not be laid out across it.
            if (!(double.IsFinite(pitchM) && pitchM > 6 * tech.FeatureSizeM))
            {
                throw new ArgumentOutOfRangeException(nameof(pitchM), pitchM, $"must be a finite number > 6 F ({6 * tech.FeatureSizeM} m)");
            }

            // constant.h W_SENSE_P, W_SENSE_N, W_SENSE_ISO, W_SENSE_EN, W_SENSE_MUX (F), doubled at 14 nm and below (SenseAmp.cpp).
            double k = (tech.NodeNm <= 14 ? 2 : 1) * tech.FeatureSizeM;
            return new(k * 7.5, k * 3.75, k * 12.5, k * 5.0, k * 9.0);
        }
    }
}
