using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// An analog transmission gate sized for a target on-resistance, as NeuroSim V1.4 sizes the gates of Mux.cpp and SwitchMatrix.cpp
/// (Initialize) and lays them out with formula.cpp CalculatePassGateArea (neurosim/DNN_NeuroSim_V1.4 @9e6742c, unfolded).
/// <list type="bullet">
/// <item>Widths: W = R_0 x F x k / (2 R), R_0 the on-resistance without CACTI's multiplier of a reference transistor (F wide, 2F
/// at 14 nm and below), R the target, k a derating factor; then whole fin pairs, 2 ceil(W / F) F, at 14 nm and below, else at
/// least F. The gate's resistance is then R_0,n(W_n) parallel to R_0,p(W_p).</item>
/// <item>Footprint: 2 contacted poly pitches wide; W_p + W_n + P-N gap + edge margin high (planar), or, below 22 nm,
/// ((fins_p - 1) + (fins_n - 1)) fin pitches + 2 fin widths + P-N gap + edge margin.</item>
/// <item>Capacitances: gate C_g,n, C_g,p (<see cref="GateCapacitance"/>), drain that of an inverter of the same widths in the
/// gate's own height (<see cref="DrainCapacitance"/>).</item>
/// </list>
/// </summary>
internal readonly record struct PassGate(double Wn, double Wp, double ResistanceOhm, double WidthM, double HeightM, double GateN, double GateP, double Drain)
{
    public double AreaM2 => WidthM * HeightM;

    public static PassGate Sized(TechnologyNode tech, double targetOhm, double derating)
    {
        ArgumentNullException.ThrowIfNull(tech);
        double f = tech.FeatureSizeM;
        bool fins = tech.NodeNm <= 14;
        double reference = (fins ? 2 : 1) * f;
        double Width(MosType type)
        {
            double w = OnResistance.WithoutMultiplierOhm(tech, type, reference) * f * derating / (2 * targetOhm);
            return fins ? 2 * Math.Ceiling(w / f) * f : Math.Max(w, f);
        }

        double wn = Width(MosType.Nmos), wp = Width(MosType.Pmos);
        double r = 1 / ((1 / OnResistance.WithoutMultiplierOhm(tech, MosType.Nmos, wn)) + (1 / OnResistance.WithoutMultiplierOhm(tech, MosType.Pmos, wp)));
        var layout = CellLayout.For(tech);
        double height;
        if (tech.Transistor == TransistorKind.Planar)
        {
            height = wp + wn + layout.PnGapM + layout.EdgeMarginM;
        }
        else
        {
            double finsN = Math.Ceiling(wn / (2 * f)), finsP = Math.Ceiling(wp / (2 * f));
            height = ((finsP + finsN - 2) * layout.FinPitchM) + (2 * layout.FinWidthM) + layout.PnGapM + layout.EdgeMarginM;
        }

        return new(wn, wp, r, 2 * layout.ContactedPolyPitchM, height, GateCapacitance.TransistorF(tech, wn), GateCapacitance.TransistorF(tech, wp),
            DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, wn, wp, height));
    }
}
