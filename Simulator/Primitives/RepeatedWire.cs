using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// A long wire of one technology node broken by equally spaced inverting repeaters sized for least delay (H. B. Bakoglu and
/// J. D. Meindl, "Optimal interconnection circuits for VLSI", IEEE Trans. Electron Devices 32(5), 1985), as NeuroSim V1.4 sizes
/// the repeaters of its H-tree and X-Y bus (HTree.cpp and XYBus.cpp @0e3bff1, Initialize / CalculateLatency / CalculatePower).
/// <para>
/// With r, c the wire resistance and capacitance per length (<see cref="WireResistance"/> and
/// <see cref="TechnologyNode.WireCapacitancePerLengthFPerM"/>) and the minimum inverter (NMOS 2F, PMOS 2F x the P/N ratio, in a
/// 28 F cell) of on-resistance R_0 = (R_n + R_p) / 2, input capacitance C_0 and output (drain) capacitance C_p:
/// repeater size k = max(1, floor(sqrt(R_0 c / (C_0 r)))) minimum inverters, spacing h = sqrt(2 R_0 (C_0 + C_p) / (r c)) (the
/// optimum spacing does not depend on k). With the sized repeater's R, C_in, C_out: delay per length
/// 0.7 (R (C_in + C_out + c h) + 0.54 r c h^2 + r h C_in) / h (50 % delays of the driver and of the distributed segment, as
/// NeuroSim writes them), energy per bit transition and length (C_in + C_out + c h) V_dd^2 / (2 h) (NeuroSim V1.4's 1/2:
/// one charge or discharge of the line), leakage per length the repeater's <see cref="Leakage"/> power / h.
/// </para>
/// A wire of length L costs L x those per-length values in delay, energy and leakage (linear in L, as NeuroSim charges it) and
/// ceil(L / h) repeaters of area (<see cref="StandardCellArea"/>).
/// <para>
/// With a delay tolerance t > 0 (NeuroSim's globalBusDelayTolerance / localBusDelayTolerance, 0.1 by default) the repeaters are
/// traded for energy as NeuroSim's Initialize loops do: of the repeater sizes k' = k, k - 1, ..., 1, each at the longest spacing
/// whose delay per length stays within (1 + t) x the optimum (the larger root of 0.54 r c h^2 + (R c + r C_in - d_max / 0.7) h
/// + R (C_in + C_out) = 0), the one with the least energy per length is kept (IMCSim's search; NeuroSim shrinks size and spacing in
/// fixed steps). Not modelled: NeuroSim's wider wires for long H-tree branches and its wire resistivity temperature factor.
/// </para>
/// </summary>
public sealed class RepeatedWire
{
    /// <summary>
    /// Repeaters for a wire of <paramref name="tech"/>'s node of resistance given by <paramref name="wire"/> (default
    /// <see cref="TechnologyNode.ColumnWire"/>: Metal0, whose resistance NeuroSim's param->unitLengthWireResistance holds).
    /// </summary>
    public RepeatedWire(TechnologyNode tech, MetalWire? wire = null, double delayTolerance = 0)
    {
        Check.NonNegative(delayTolerance);
        ArgumentNullException.ThrowIfNull(tech);
        Technology = tech;
        Wire = wire ?? tech.ColumnWire;
        ResistancePerLengthOhmPerM = Wire.OhmPerUm * 1e6;
        CapacitancePerLengthFPerM = tech.WireCapacitancePerLengthFPerM.Value;
        double r = ResistancePerLengthOhmPerM;
        double c = CapacitancePerLengthFPerM;
        CellHeightM = CellLayout.For(tech).StandardHeightM;

        double minN = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM;
        double minP = tech.PmosToNmosWidthRatio.Value * minN;
        double r0 = InverterResistanceOhm(tech, minN, minP);
        double c0 = GateCapacitance.GateInputF(tech, minN, minP);
        double cp = DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, minN, minP, CellHeightM);
        RepeaterSize = Math.Max(1, Math.Floor(Math.Sqrt(r0 * c / (c0 * r))));
        SpacingM = Math.Sqrt(2 * r0 * (c0 + cp) / (r * c));
        DelayTolerance = delayTolerance;
        if (delayTolerance > 0)
        {
            (RepeaterSize, SpacingM) = Relaxed(tech, minN, minP, RepeaterSize, SpacingM, r, c, delayTolerance, CellHeightM);
        }

        NmosWidthM = RepeaterSize * minN;
        PmosWidthM = RepeaterSize * minP;
        RepeaterResistanceOhm = InverterResistanceOhm(tech, NmosWidthM, PmosWidthM);
        RepeaterInputCapacitanceF = GateCapacitance.GateInputF(tech, NmosWidthM, PmosWidthM);
        RepeaterOutputCapacitanceF = DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, NmosWidthM, PmosWidthM, CellHeightM);
        RepeaterFootprint = StandardCellArea.Of(tech, LogicGate.Inverter, NmosWidthM, PmosWidthM, CellHeightM);
        DelayPerLengthSPerM = SegmentDelayS(SpacingM) / SpacingM;
        double vdd = tech.SupplyVoltageV.Value;
        EnergyPerTransitionPerLengthJPerM = 0.5 * (RepeaterInputCapacitanceF + RepeaterOutputCapacitanceF + (c * SpacingM)) * vdd * vdd / SpacingM;
        LeakagePerLengthWPerM = Leakage.GatePowerW(tech, LogicGate.Inverter, NmosWidthM, PmosWidthM) / SpacingM;
    }

    public TechnologyNode Technology { get; }

    /// <summary>The delay the repeaters may give up for energy, as a fraction of the least delay (0 = least delay).</summary>
    public double DelayTolerance { get; }

    public MetalWire Wire { get; }

    /// <summary>Wire resistance per length r, ohm/m.</summary>
    public double ResistancePerLengthOhmPerM { get; }

    /// <summary>Wire capacitance per length c, F/m.</summary>
    public double CapacitancePerLengthFPerM { get; }

    /// <summary>Transistor-region height of the repeater cells, m (the standard 28 F).</summary>
    public double CellHeightM { get; }

    /// <summary>Repeater size k, in minimum inverters (whole, >= 1).</summary>
    public double RepeaterSize { get; }

    /// <summary>Distance between repeaters h, m.</summary>
    public double SpacingM { get; }

    /// <summary>Repeater NMOS drawn width, m (k x 2F).</summary>
    public double NmosWidthM { get; }

    /// <summary>Repeater PMOS drawn width, m (k x 2F x the P/N ratio).</summary>
    public double PmosWidthM { get; }

    /// <summary>Repeater on-resistance, mean of NMOS and PMOS, ohm.</summary>
    public double RepeaterResistanceOhm { get; }

    public double RepeaterInputCapacitanceF { get; }

    public double RepeaterOutputCapacitanceF { get; }

    public CellFootprint RepeaterFootprint { get; }

    /// <summary>Delay per length of the repeated wire, s/m.</summary>
    public double DelayPerLengthSPerM { get; }

    /// <summary>Energy of one bit transition per length (one charge or discharge of the wire and its repeaters), J/m.</summary>
    public double EnergyPerTransitionPerLengthJPerM { get; }

    /// <summary>Repeater leakage power per length, W/m.</summary>
    public double LeakagePerLengthWPerM { get; }

    /// <summary>Delay of a repeated wire of length <paramref name="lengthM"/> (m, >= 0), s: linear in the length.</summary>
    public double DelayS(double lengthM) => Check.NonNegative(lengthM) * DelayPerLengthSPerM;

    /// <summary>Energy of one bit transition on a repeated wire of length <paramref name="lengthM"/>, J.</summary>
    public double EnergyPerTransitionJ(double lengthM) => Check.NonNegative(lengthM) * EnergyPerTransitionPerLengthJPerM;

    /// <summary>Leakage power of the repeaters of a wire of length <paramref name="lengthM"/>, W.</summary>
    public double LeakagePowerW(double lengthM) => Check.NonNegative(lengthM) * LeakagePerLengthWPerM;

    /// <summary>Repeaters on a wire of length <paramref name="lengthM"/>: ceil(L / h) (NeuroSim: numRepeater).</summary>
    public int RepeaterCount(double lengthM) => (int)Math.Ceiling(Check.NonNegative(lengthM) / SpacingM);

    /// <summary>Area of the repeaters of a wire of length <paramref name="lengthM"/>, m^2 (count x the repeater cell).</summary>
    public double RepeaterAreaM2(double lengthM) => RepeaterCount(lengthM) * RepeaterFootprint.AreaM2;

    /// <summary>
    /// Delay of the same wire without intermediate repeaters, s: one repeater-sized driver into the whole line and one repeater
    /// input, 0.7 (R (C_in + C_out + c L) + 0.54 r c L^2 + r L C_in): quadratic in L, equal to <see cref="DelayS"/> at L = h.
    /// </summary>
    public double UnrepeatedDelayS(double lengthM) => SegmentDelayS(Check.NonNegative(lengthM));

    private double SegmentDelayS(double lengthM)
    {
        double r = ResistancePerLengthOhmPerM;
        double c = CapacitancePerLengthFPerM;
        double cin = RepeaterInputCapacitanceF;
        return 0.7 * ((RepeaterResistanceOhm * (cin + RepeaterOutputCapacitanceF + (c * lengthM))) + (0.54 * r * c * lengthM * lengthM) + (r * lengthM * cin));
    }

    /// <summary>The repeater size and spacing of least energy per length whose delay per length is within (1 + tolerance) of the optimum's.</summary>
    private static (double Size, double SpacingM) Relaxed(TechnologyNode tech, double minN, double minP, double kOpt, double hOpt, double r, double c, double tolerance, double cellHeightM)
    {
        (double R, double Cin, double Cout) Inverter(double k) =>
            (InverterResistanceOhm(tech, k * minN, k * minP), GateCapacitance.GateInputF(tech, k * minN, k * minP), DrainCapacitance.GateOutputF(tech, LogicGate.Inverter, k * minN, k * minP, cellHeightM));
        double DelayPerLength(double k, double h)
        {
            var (rr, cin, cout) = Inverter(k);
            return 0.7 * ((rr * (cin + cout + (c * h))) + (0.54 * r * c * h * h) + (r * h * cin)) / h;
        }

        double maxDelay = (1 + tolerance) * DelayPerLength(kOpt, hOpt);
        double bestK = kOpt, bestH = hOpt, bestEnergy = double.PositiveInfinity;
        for (double k = kOpt; k >= 1; k--)
        {
            var (rr, cin, cout) = Inverter(k);
            double a = 0.54 * r * c, b = (rr * c) + (r * cin) - (maxDelay / 0.7), c0 = rr * (cin + cout);
            double disc = (b * b) - (4 * a * c0);
            if (disc < 0)
            {
                continue;
            }

            double h = (-b + Math.Sqrt(disc)) / (2 * a);
            double energy = (cin + cout + (c * h)) / h;
            if (h > 0 && energy < bestEnergy)
            {
                (bestK, bestH, bestEnergy) = (k, h, energy);
            }
        }

        return (bestK, bestH);
    }

    private static double InverterResistanceOhm(TechnologyNode tech, double nmosWidthM, double pmosWidthM) =>
        (OnResistance.Ohm(tech, MosType.Nmos, nmosWidthM) + OnResistance.Ohm(tech, MosType.Pmos, pmosWidthM)) / 2;
}
