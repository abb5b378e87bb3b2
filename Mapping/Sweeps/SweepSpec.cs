using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Sweeps;

/// <summary>One axis of a sweep: a settings key and the values it takes (as text, parsed by the settings schema).</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values);

/// <summary>One design point: its index in the grid, its axis values and a stable key that identifies it across runs (resume).</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<(string Key, string Value)> Values)
{
    /// <summary>"key=value;key=value" in axis order: the point's identity in results.csv.</summary>
    public string Key => string.Join(";", Values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>
/// A design-space sweep (`imcsim sweep SWEEP.yaml`): base settings (the keys of a simulate config file), axes over any settings key
/// combined as a full grid, and the mode: simulate (accuracy and cost) or cost (the cost model alone, no dataset). Validated when
/// made: every point's settings are resolved up front, so a sweep that would fail on a bad value fails before anything runs, naming
/// the axis.
/// </summary>
public sealed class SweepSpec
{
    public SweepSpec(IReadOnlyDictionary<string, string> baseValues, IReadOnlyList<string> baseLayerDevices, IReadOnlyList<SweepAxis> axes, bool costOnly)
    {
        BaseValues = baseValues;
        BaseLayerDevices = baseLayerDevices;
        Axes = axes;
        CostOnly = costOnly;
        if (axes.Count == 0)
        {
            throw new SettingException("axes", "a sweep needs at least one axis, e.g. adc-bits: [4, 5, 6]");
        }

        foreach (SweepAxis axis in axes)
        {
            if (SimulationSchema.Find(axis.Key) is null)
            {
                throw new SettingException("axes", $"'{axis.Key}' is not a settings key; valid: {string.Join(", ", SimulationSchema.All.Select(s => s.Key).Order(StringComparer.Ordinal))}");
            }

            if (axis.Values.Count == 0)
            {
                throw new SettingException("axes", $"axis '{axis.Key}' has no values");
            }

            if (axes.Count(a => a.Key == axis.Key) > 1)
            {
                throw new SettingException("axes", $"axis '{axis.Key}' is given twice");
            }

            foreach (string value in axis.Values)
            {
                try
                {
                    SimulationSchema.Find(axis.Key)!.ParseText(value);
                }
                catch (SettingException e)
                {
                    throw new SettingException("axes", $"axis '{axis.Key}': {e.Problem}");
                }
            }
        }

        Base = SimulationSettings.Create(baseValues, baseLayerDevices);
        var points = new List<SweepPoint>();
        int total = axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));
        for (int i = 0; i < total; i++)
        {
            var values = new List<(string, string)>();
            int rest = i;
            for (int a = axes.Count - 1; a >= 0; a--)
            {
                values.Insert(0, (axes[a].Key, axes[a].Values[rest % axes[a].Values.Count]));
                rest /= axes[a].Values.Count;
            }

            points.Add(new SweepPoint(i, values));
        }

        Points = points;
    }

    public IReadOnlyDictionary<string, string> BaseValues { get; }

    public IReadOnlyList<string> BaseLayerDevices { get; }

    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>The cost model alone (mode: cost), else full simulations.</summary>
    public bool CostOnly { get; }

    public SimulationSettings Base { get; }

    /// <summary>Every point of the grid, the last axis varying fastest.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>The settings of <paramref name="point"/>: the base with its axis values.</summary>
    public SimulationSettings SettingsOf(SweepPoint point) => Base.With(point.Values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));
}
