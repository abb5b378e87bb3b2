using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;

namespace IMCSim.Mapping.Hyde;

/// <summary>
/// The designs of one network on one chip, a device per crossbar layer: the settings of a design (the chip's other settings
/// unchanged; the device most layers take as the chip's device, the others as per-layer devices), its cost from the cost model
/// (one loaded <see cref="CostWorkload"/> for every design, costs kept per design) and its accuracy from a function of its settings
/// (a simulation on the search split, <see cref="HydeRun"/>; or a test's oracle).
/// </summary>
public sealed class HydeEvaluator : IHydeEvaluator
{
    private readonly SimulationSettings _base;
    private readonly CostWorkload _costs;
    private readonly Func<SimulationSettings, double> _accuracy;
    private readonly Dictionary<string, ChipCostReport> _costed = new(StringComparer.Ordinal);

    public HydeEvaluator(SimulationSettings baseSettings, IReadOnlyList<string> devices, CostWorkload costs, Func<SimulationSettings, double> accuracy, double floatAccuracy)
    {
        ArgumentNullException.ThrowIfNull(baseSettings);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(accuracy);
        _base = baseSettings;
        _costs = costs;
        _accuracy = accuracy;
        Devices = devices;
        Layers = [.. costs.Layers.Select(l => l.Name)];
        FloatAccuracy = floatAccuracy;
    }

    public IReadOnlyList<string> Layers { get; }

    public IReadOnlyList<string> Devices { get; }

    public double FloatAccuracy { get; }

    /// <summary>Designs costed so far.</summary>
    public int CostEvaluations => _costed.Count;

    /// <summary>The settings of design <paramref name="choice"/>: the chip's settings with the device of most layers (the earlier in <see cref="Devices"/> on a tie) and the others per layer.</summary>
    public SimulationSettings SettingsOf(int[] choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        int main = choice.GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var perLayer = choice.Select((d, l) => (Layer: Layers[l], Device: d)).Where(x => x.Device != main).Select(x => $"{x.Layer}={Devices[x.Device]}").ToList();
        return _base.With(new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Device.Key] = Devices[main] }, perLayer);
    }

    public double Accuracy(int[] choice) => _accuracy(SettingsOf(choice));

    public ChipCostReport Cost(int[] choice)
    {
        string key = HydeSearch.KeyOf(Layers, Devices, choice);
        if (!_costed.TryGetValue(key, out ChipCostReport? report))
        {
            report = _costs.Evaluate(SettingsOf(choice)).Report;
            _costed[key] = report;
        }

        return report;
    }
}
