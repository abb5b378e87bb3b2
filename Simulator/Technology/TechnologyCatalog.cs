using IMCSim.Simulator.Common;

namespace IMCSim.Simulator.Technology;

/// <summary>
/// The built-in technology nodes (Simulator/Technology/technology-nodes.yaml, embedded): NeuroSim V1.4's 130, 90, 65, 45, 32 and
/// 22 nm planar nodes (HP and LSTP), 14, 10, 7, 5 and 3 nm FinFET and 2 and 1 nm GAA nodes (LSTP), with transistor currents
/// from 300 to 400 K. A request outside the data is an <see cref="InputException"/> naming the setting (node, temperature,
/// roadmap), the value and what is valid.
/// </summary>
public static class TechnologyCatalog
{
    /// <summary>NeuroSim V1.4's default temperature (Param.cpp: temp = 300).</summary>
    public const double DefaultTemperatureK = 300;

    /// <summary>NeuroSim V1.4's default roadmap (Param.cpp: deviceroadmap = 2, LSTP).</summary>
    public const DeviceRoadmap DefaultRoadmap = DeviceRoadmap.LowStandbyPower;

    private const string ResourceName = "IMCSim.Simulator.Technology.technology-nodes.yaml";

    private static readonly Lazy<TechnologyData> Data = new(Load);

    /// <summary>Supported nodes, nm, largest first.</summary>
    public static IReadOnlyList<int> Nodes => [.. Data.Value.Nodes.Select(n => n.NodeNm)];

    /// <summary>Lowest and highest temperature of the transistor tables, K.</summary>
    public static (double MinK, double MaxK) TemperatureRangeK => (Data.Value.TemperaturesK[0], Data.Value.TemperaturesK[^1]);

    /// <summary>The roadmaps with data at <paramref name="nodeNm"/>.</summary>
    public static IReadOnlyList<DeviceRoadmap> Roadmaps(int nodeNm)
    {
        var node = Node(nodeNm);
        var list = new List<DeviceRoadmap>();
        if (node.HighPerformance is not null)
        {
            list.Add(DeviceRoadmap.HighPerformance);
        }

        if (node.LowStandbyPower is not null)
        {
            list.Add(DeviceRoadmap.LowStandbyPower);
        }

        return list;
    }

    /// <summary>
    /// The node <paramref name="nodeNm"/> on <paramref name="roadmap"/> with its temperature-dependent values read at
    /// <paramref name="temperatureK"/> (linear between the tabulated temperatures, as NeuroSim does).
    /// </summary>
    public static TechnologyNode Get(int nodeNm, double temperatureK = DefaultTemperatureK, DeviceRoadmap roadmap = DefaultRoadmap)
    {
        var file = Data.Value;
        var node = Node(nodeNm);
        TemperatureTable.CheckTemperature(temperatureK, file.TemperaturesK[0], file.TemperaturesK[^1]);
        var data = (roadmap == DeviceRoadmap.HighPerformance ? node.HighPerformance : node.LowStandbyPower)
            ?? throw new InputException("roadmap", $"{Name(roadmap)} has no data at {nodeNm} nm; valid there: {string.Join(", ", Roadmaps(nodeNm).Select(Name))}");
        return new TechnologyNode(file, node, roadmap, data, temperatureK);
    }

    internal static TechnologyData Load()
    {
        var asm = typeof(TechnologyCatalog).Assembly;
        using var stream = asm.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {asm.GetName().Name}");
        using var reader = new StreamReader(stream);
        return TechnologyFileReader.Parse(reader.ReadToEnd(), "Simulator/Technology/technology-nodes.yaml");
    }

    private static NodeData Node(int nodeNm) =>
        Data.Value.Nodes.FirstOrDefault(n => n.NodeNm == nodeNm)
        ?? throw new InputException("node", $"{nodeNm} nm is not a supported technology node; valid (nm): {string.Join(", ", Nodes)}");

    private static string Name(DeviceRoadmap roadmap) =>
        roadmap == DeviceRoadmap.HighPerformance ? "HP (high performance)" : "LSTP (low standby power)";
}
