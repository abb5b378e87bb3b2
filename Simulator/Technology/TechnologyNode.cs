using System.Globalization;
using IMCSim.Simulator.Circuit;

namespace IMCSim.Simulator.Technology;

/// <summary>
/// The transistors and wires of one technology node, on one device roadmap, at one temperature, as DNN+NeuroSim V1.4 models
/// them (Technology.cpp Technology::Initialize for the data, formula.cpp for how widths and temperatures enter). Built by
/// <see cref="TechnologyCatalog.Get"/>; every number is a <see cref="SourcedValue"/> (<see cref="Parameters"/> lists them all).
/// Units are SI and in the names: V, m, F/m (per transistor width), F/m^2, A/m (per width; numerically uA/um), ohm m (per width:
/// divide by the width for ohm), S/m.
/// <para>
/// Widths: at planar nodes (22 nm and above) a transistor's electrical width is its drawn width; at FinFET and GAA nodes it is
/// ceil(drawn / 2F) fins or stacks times <see cref="FinGeometry.ElectricalWidthPerFinM"/> (<see cref="ElectricalWidthM"/>). Every
/// "per width" quantity here multiplies that electrical width.
/// </para>
/// </summary>
public sealed class TechnologyNode
{
    private const string Formula = "NeuroSim V1.4 formula.cpp";

    internal TechnologyNode(TechnologyData file, NodeData node, DeviceRoadmap roadmap, RoadmapData data, double temperatureK)
    {
        NodeNm = node.NodeNm;
        Roadmap = roadmap;
        Transistor = node.Transistor;
        TemperatureK = temperatureK;
        Model = data.Model;
        Geometry = node.Geometry;
        SupplyVoltageV = data.SupplyVoltageV;
        ThresholdVoltageV = data.ThresholdVoltageV;
        PhysicalGateLengthM = data.PhysicalGateLengthM;
        EffectiveResistanceMultiplier = data.EffectiveResistanceMultiplier;
        PolyWireCapacitancePerLengthFPerM = file.PolyWireCapacitancePerLengthFPerM;
        WireCapacitancePerLengthFPerM = file.WireCapacitancePerLengthFPerM;
        OnCurrentNmosTable = data.OnCurrentNmosAPerM;
        OnCurrentPmosTable = data.OnCurrentPmosAPerM;
        OffCurrentNmosTable = data.OffCurrentNmosAPerM;
        OffCurrentPmosTable = data.OffCurrentPmosAPerM;
        OnCurrentPerWidthNmosAPerM = AtTemperature(OnCurrentNmosTable);
        OnCurrentPerWidthPmosAPerM = AtTemperature(OnCurrentPmosTable);
        OffCurrentPerWidthNmosAPerM = AtTemperature(OffCurrentNmosTable);
        OffCurrentPerWidthPmosAPerM = AtTemperature(OffCurrentPmosTable);

        double vdd = SupplyVoltageV.Value;
        var j = file.Junction;
        double bias = 1 + (vdd / j.BuiltInPotentialV.Value);
        const string JunctionFormula = "derived: C0 / (1 + vdd / PB)^m with the junction constants (NeuroSim V1.4 Technology.cpp, Initialize, after the node branches)";
        JunctionSidewallCapacitanceFPerM = new(j.SidewallZeroBiasFPerM.Value / Math.Pow(bias, j.SidewallGrading.Value), $"{JunctionFormula}: capSidewall");
        DrainToChannelCapacitanceFPerM = new(j.GateEdgeSidewallZeroBiasFPerM.Value / Math.Pow(bias, j.GateEdgeSidewallGrading.Value), $"{JunctionFormula}: capDrainToChannel");

        if (Transistor == TransistorKind.Planar)
        {
            IdealGateCapacitancePerWidthFPerM = data.IdealGateCapacitanceFPerM!.Value;
            FringeCapacitancePerWidthFPerM = data.FringeCapacitanceFPerM!.Value;
            OverlapCapacitancePerWidthFPerM = new(
                file.PlanarOverlapFraction.Value * IdealGateCapacitancePerWidthFPerM.Value,
                "derived: planar_overlap_fraction x ideal gate capacitance (NeuroSim V1.4 Technology.cpp, Initialize: capOverlap = 0.2 capIdealGate at >= 22 nm)");
            JunctionBottomCapacitanceFPerM2 = new(j.BottomZeroBiasFPerM2.Value / Math.Pow(bias, j.BottomGrading.Value), $"{JunctionFormula}: capJunction");
            DrainCapacitancePerWidthFPerM = null;
            const string Gm = $"derived: 2 x gm reference current / (0.7 vdd - vth) ({Formula} CalculateTransconductance, >= 22 nm)";
            double overdrive = (0.7 * vdd) - ThresholdVoltageV.Value;
            TransconductancePerWidthNmosSPerM = new(2 * data.GmCurrentNmosAPerM!.Value.Value / overdrive, Gm);
            TransconductancePerWidthPmosSPerM = new(2 * data.GmCurrentPmosAPerM!.Value.Value / overdrive, Gm);
            PmosToNmosWidthRatio = new(
                OnCurrentNmosTable.Values[0] / OnCurrentPmosTable.Values[0],
                "derived: NMOS / PMOS on-current at the table's first temperature (NeuroSim V1.4 Technology.cpp, Initialize: pnSizeRatio = currentOnNmos[0] / currentOnPmos[0])");
        }
        else
        {
            var g = Geometry!;
            double sheets = g.SheetsPerStack?.Value ?? 1;
            IdealGateCapacitancePerWidthFPerM = new(
                data.GateCapacitancePerFinF!.Value.Value / (g.EffectiveWidthPerFinM.Value * sheets),
                "derived: gate_capacitance_per_fin_f / (effective_width_m x sheets_per_stack) (NeuroSim V1.4 Technology.cpp, Initialize: capIdealGate below 22 nm)");
            const string Included = "NeuroSim V1.4 Technology.cpp, Initialize: 0 below 22 nm (capFringe = capOverlap = 0: included in capIdealGate)";
            FringeCapacitancePerWidthFPerM = new(0, Included);
            OverlapCapacitancePerWidthFPerM = new(0, Included);
            JunctionBottomCapacitanceFPerM2 = data.JunctionBottomCapacitanceFPerM2!.Value;
            DrainCapacitancePerWidthFPerM = new(
                data.DrainCapacitancePerFinF!.Value.Value / g.EffectiveWidthPerFinM.Value,
                "derived: drain_capacitance_per_fin_f / effective_width_m (NeuroSim V1.4 Technology.cpp, Initialize: cap_draintotal; not multiplied by the sheets at GAA nodes)");
            var gm = data.TransconductanceSPerM!.Value;
            TransconductancePerWidthNmosSPerM = gm;
            TransconductancePerWidthPmosSPerM = gm;
            PmosToNmosWidthRatio = new(
                Math.Truncate(OnCurrentNmosTable.Values[0] / OnCurrentPmosTable.Values[0]),
                "derived: integer part of NMOS / PMOS on-current at the table's first temperature (NeuroSim V1.4 Technology.cpp, Initialize: pnSizeRatio = (int)(currentOnNmos[0] / currentOnPmos[0]) below 22 nm)");
        }

        GateCapacitancePerWidthFPerM = new(
            IdealGateCapacitancePerWidthFPerM.Value + OverlapCapacitancePerWidthFPerM.Value + FringeCapacitancePerWidthFPerM.Value,
            $"derived: ideal + overlap + fringe ({Formula} CalculateGateCap: (capIdealGate + capOverlap + capFringe) x width)");
        const string Reff = $"derived: effective_resistance_multiplier x vdd / on-current per width at the temperature ({Formula} CalculateOnResistance)";
        EffectiveResistanceNmosOhmM = new(EffectiveResistanceMultiplier.Value * vdd / OnCurrentPerWidthNmosAPerM.Value, Reff);
        EffectiveResistancePmosOhmM = new(EffectiveResistanceMultiplier.Value * vdd / OnCurrentPerWidthPmosAPerM.Value, Reff);
    }

    /// <summary>Technology node, nm; layouts are drawn at F = this node (NeuroSim's featureSize).</summary>
    public int NodeNm { get; }

    /// <summary>F, m.</summary>
    public double FeatureSizeM => NodeNm * 1e-9;

    public DeviceRoadmap Roadmap { get; }

    public TransistorKind Transistor { get; }

    /// <summary>Temperature the temperature-dependent values were read at, K.</summary>
    public double TemperatureK { get; }

    /// <summary>The device model NeuroSim cites for this node and roadmap (a PTM card or an IRDS edition).</summary>
    public string Model { get; }

    /// <summary>Fin or nanosheet geometry below 22 nm; null at planar nodes.</summary>
    public FinGeometry? Geometry { get; }

    public SourcedValue SupplyVoltageV { get; }

    /// <summary>
    /// Threshold voltage, V: one value for NMOS and PMOS, as NeuroSim has it. Below 22 nm NeuroSim carries a 0.1 V placeholder that
    /// it flags as unused: do not build a model on it there.
    /// </summary>
    public SourcedValue ThresholdVoltageV { get; }

    public SourcedValue PhysicalGateLengthM { get; }

    /// <summary>Intrinsic gate capacitance per width, F/m (below 22 nm it includes fringe and overlap).</summary>
    public SourcedValue IdealGateCapacitancePerWidthFPerM { get; }

    /// <summary>Fringe capacitance per width, F/m (0 below 22 nm).</summary>
    public SourcedValue FringeCapacitancePerWidthFPerM { get; }

    /// <summary>Gate-drain/source overlap capacitance per width, F/m: 0.2 x ideal at planar nodes, 0 below 22 nm.</summary>
    public SourcedValue OverlapCapacitancePerWidthFPerM { get; }

    /// <summary>Gate capacitance per width, F/m: ideal + overlap + fringe (formula.cpp CalculateGateCap without the poly wire term).</summary>
    public SourcedValue GateCapacitancePerWidthFPerM { get; }

    /// <summary>Poly wire capacitance per gate length, F/m (NeuroSim: 0, not modelled).</summary>
    public SourcedValue PolyWireCapacitancePerLengthFPerM { get; }

    /// <summary>Junction bottom capacitance per drain area, F/m^2: planar C_j0 / (1 + vdd / PB)^m_j; tabulated below 22 nm.</summary>
    public SourcedValue JunctionBottomCapacitanceFPerM2 { get; }

    /// <summary>Isolation-edge junction sidewall capacitance per perimeter length, F/m (planar model; NeuroSim uses it at 22 nm and above).</summary>
    public SourcedValue JunctionSidewallCapacitanceFPerM { get; }

    /// <summary>Gate-edge (drain to channel) junction capacitance per width, F/m (planar model; NeuroSim uses it at 22 nm and above).</summary>
    public SourcedValue DrainToChannelCapacitanceFPerM { get; }

    /// <summary>Below 22 nm: total drain capacitance per fin effective width, F/m (NeuroSim's cap_draintotal); null at planar nodes.</summary>
    public SourcedValue? DrainCapacitancePerWidthFPerM { get; }

    /// <summary>CACTI's factor on vdd / I_on for the effective switching resistance (NeuroSim's effectiveResistanceMultiplier).</summary>
    public SourcedValue EffectiveResistanceMultiplier { get; }

    /// <summary>NMOS saturation current per width over temperature, A/m.</summary>
    public TemperatureTable OnCurrentNmosTable { get; }

    /// <summary>PMOS saturation current per width over temperature, A/m.</summary>
    public TemperatureTable OnCurrentPmosTable { get; }

    /// <summary>NMOS off (subthreshold) current per width over temperature, A/m.</summary>
    public TemperatureTable OffCurrentNmosTable { get; }

    /// <summary>PMOS off current per width over temperature, A/m.</summary>
    public TemperatureTable OffCurrentPmosTable { get; }

    /// <summary>NMOS on-current per width at <see cref="TemperatureK"/>, A/m.</summary>
    public SourcedValue OnCurrentPerWidthNmosAPerM { get; }

    /// <summary>PMOS on-current per width at <see cref="TemperatureK"/>, A/m.</summary>
    public SourcedValue OnCurrentPerWidthPmosAPerM { get; }

    /// <summary>NMOS off-current per width at <see cref="TemperatureK"/>, A/m (leakage = width x this x vdd, formula.cpp CalculateGateLeakage).</summary>
    public SourcedValue OffCurrentPerWidthNmosAPerM { get; }

    /// <summary>PMOS off-current per width at <see cref="TemperatureK"/>, A/m.</summary>
    public SourcedValue OffCurrentPerWidthPmosAPerM { get; }

    /// <summary>NMOS effective on-resistance times width, ohm m: multiplier x vdd / I_on(T); R = this / electrical width.</summary>
    public SourcedValue EffectiveResistanceNmosOhmM { get; }

    /// <summary>PMOS effective on-resistance times width, ohm m.</summary>
    public SourcedValue EffectiveResistancePmosOhmM { get; }

    /// <summary>NMOS transconductance per width, S/m: 2 I_gm / (0.7 vdd - vth) at planar nodes, NeuroSim's gm at on-current below 22 nm.</summary>
    public SourcedValue TransconductancePerWidthNmosSPerM { get; }

    /// <summary>PMOS transconductance per width, S/m.</summary>
    public SourcedValue TransconductancePerWidthPmosSPerM { get; }

    /// <summary>PMOS / NMOS width ratio of a balanced gate (NeuroSim's pnSizeRatio).</summary>
    public SourcedValue PmosToNmosWidthRatio { get; }

    /// <summary>Wire capacitance per length, F/m, for array and interconnect wires (NeuroSim: 0.2 fF/um at every node).</summary>
    public SourcedValue WireCapacitancePerLengthFPerM { get; }

    /// <summary>The row (word-line direction) wire of the node: <see cref="WireResistance.RowWire"/> (NeuroSim V1.4 Metal1).</summary>
    public MetalWire RowWire => WireResistance.RowWire(NodeNm);

    /// <summary>The column (bit-line direction) wire of the node: <see cref="WireResistance.ColumnWire"/> (NeuroSim V1.4 Metal0).</summary>
    public MetalWire ColumnWire => WireResistance.ColumnWire(NodeNm);

    /// <summary>
    /// Electrical width, m, of a transistor drawn <paramref name="drawnWidthM"/> wide: the drawn width at planar nodes;
    /// ceil(drawn / 2F) fins or stacks x <see cref="FinGeometry.ElectricalWidthPerFinM"/> below 22 nm (formula.cpp CalculateGateCap,
    /// CalculateOnResistance, CalculateGateLeakage).
    /// </summary>
    public double ElectricalWidthM(double drawnWidthM)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drawnWidthM);
        return Geometry is not { } g ? drawnWidthM : Math.Ceiling(drawnWidthM / (2 * FeatureSizeM)) * g.ElectricalWidthPerFinM;
    }

    /// <summary>Every number of this node with its source: field (snake case with the unit), value, source.</summary>
    public IEnumerable<(string Field, double Value, string Source)> Parameters()
    {
        static (string, double, string) Row(string field, SourcedValue v) => (field, v.Value, v.Source);

        yield return Row("supply_voltage_v", SupplyVoltageV);
        yield return Row("threshold_voltage_v", ThresholdVoltageV);
        yield return Row("physical_gate_length_m", PhysicalGateLengthM);
        yield return Row("ideal_gate_capacitance_f_per_m", IdealGateCapacitancePerWidthFPerM);
        yield return Row("fringe_capacitance_f_per_m", FringeCapacitancePerWidthFPerM);
        yield return Row("overlap_capacitance_f_per_m", OverlapCapacitancePerWidthFPerM);
        yield return Row("gate_capacitance_f_per_m", GateCapacitancePerWidthFPerM);
        yield return Row("polywire_capacitance_per_length_f_per_m", PolyWireCapacitancePerLengthFPerM);
        yield return Row("junction_bottom_capacitance_f_per_m2", JunctionBottomCapacitanceFPerM2);
        yield return Row("junction_sidewall_capacitance_f_per_m", JunctionSidewallCapacitanceFPerM);
        yield return Row("drain_to_channel_capacitance_f_per_m", DrainToChannelCapacitanceFPerM);
        if (DrainCapacitancePerWidthFPerM is { } drain)
        {
            yield return Row("drain_capacitance_f_per_m", drain);
        }

        yield return Row("effective_resistance_multiplier", EffectiveResistanceMultiplier);
        yield return Row("on_current_nmos_a_per_m", OnCurrentPerWidthNmosAPerM);
        yield return Row("on_current_pmos_a_per_m", OnCurrentPerWidthPmosAPerM);
        yield return Row("off_current_nmos_a_per_m", OffCurrentPerWidthNmosAPerM);
        yield return Row("off_current_pmos_a_per_m", OffCurrentPerWidthPmosAPerM);
        yield return Row("effective_resistance_nmos_ohm_m", EffectiveResistanceNmosOhmM);
        yield return Row("effective_resistance_pmos_ohm_m", EffectiveResistancePmosOhmM);
        yield return Row("transconductance_nmos_s_per_m", TransconductancePerWidthNmosSPerM);
        yield return Row("transconductance_pmos_s_per_m", TransconductancePerWidthPmosSPerM);
        yield return Row("pmos_to_nmos_width_ratio", PmosToNmosWidthRatio);
        yield return Row("wire_capacitance_per_length_f_per_m", WireCapacitancePerLengthFPerM);
        if (Geometry is { } g)
        {
            yield return Row("fin_width_m", g.FinWidthM);
            yield return Row("fin_pitch_m", g.FinPitchM);
            yield return Row("effective_width_m", g.EffectiveWidthPerFinM);
            foreach (var (field, value) in new[]
            {
                ("fin_height_m", g.FinHeightM), ("max_fins_per_transistor", g.MaxFinsPerTransistor), ("sheets_per_stack", g.SheetsPerStack),
                ("sheet_thickness_m", g.SheetThicknessM), ("fins_per_stack", g.FinsPerStack),
            })
            {
                if (value is { } v)
                {
                    yield return Row(field, v);
                }
            }
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{NodeNm} nm {Transistor} {(Roadmap == DeviceRoadmap.HighPerformance ? "HP" : "LSTP")} at {TemperatureK} K");

    private SourcedValue AtTemperature(TemperatureTable table) =>
        new(table.At(TemperatureK), string.Create(CultureInfo.InvariantCulture, $"{table.Source}; read at {TemperatureK} K, linear between the tabulated temperatures"));
}
