namespace IMCSim.Simulator.Technology;

/// <summary>The technology file as read: node-independent values and one entry per node.</summary>
internal sealed record TechnologyData(
    double[] TemperaturesK,
    SourcedValue WireCapacitancePerLengthFPerM,
    SourcedValue PlanarOverlapFraction,
    SourcedValue PolyWireCapacitancePerLengthFPerM,
    JunctionData Junction,
    IReadOnlyList<NodeData> Nodes);

/// <summary>NeuroSim's planar junction model: C = C0 / (1 + Vdd / PB)^m for the bottom, isolation-edge and gate-edge sidewalls.</summary>
internal sealed record JunctionData(
    SourcedValue BottomZeroBiasFPerM2,
    SourcedValue SidewallZeroBiasFPerM,
    SourcedValue GateEdgeSidewallZeroBiasFPerM,
    SourcedValue BottomGrading,
    SourcedValue SidewallGrading,
    SourcedValue GateEdgeSidewallGrading,
    SourcedValue BuiltInPotentialV);

internal sealed record NodeData(int NodeNm, TransistorKind Transistor, FinGeometry? Geometry, RoadmapData? HighPerformance, RoadmapData? LowStandbyPower);

/// <summary>
/// One roadmap of one node. Planar nodes carry the gate capacitance per width (ideal + fringe) and NeuroSim's gm reference
/// currents; FinFET/GAA nodes carry the gate and drain capacitance per fin (or stack), the junction bottom capacitance and gm per width.
/// </summary>
internal sealed record RoadmapData(
    string Model,
    SourcedValue SupplyVoltageV,
    SourcedValue ThresholdVoltageV,
    SourcedValue PhysicalGateLengthM,
    SourcedValue EffectiveResistanceMultiplier,
    SourcedValue? IdealGateCapacitanceFPerM,
    SourcedValue? FringeCapacitanceFPerM,
    SourcedValue? GmCurrentNmosAPerM,
    SourcedValue? GmCurrentPmosAPerM,
    SourcedValue? GateCapacitancePerFinF,
    SourcedValue? DrainCapacitancePerFinF,
    SourcedValue? JunctionBottomCapacitanceFPerM2,
    SourcedValue? TransconductanceSPerM,
    TemperatureTable OnCurrentNmosAPerM,
    TemperatureTable OnCurrentPmosAPerM,
    TemperatureTable OffCurrentNmosAPerM,
    TemperatureTable OffCurrentPmosAPerM);
