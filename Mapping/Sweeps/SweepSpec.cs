using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Sweeps;

/// <summary>One axis of a sweep: a settings key and the values it takes (as text, parsed by the settings schema).</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values);

/// <summary>One design point: its index in the grid, its axis values and a stable key that identifies it across runs (resume).</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<(string Key, string Value)> Values)
{
    /// <summary>"key=value;key=value" in axis order: the point's identity in results.csv.</summary>
    public string Key { get; } = string.Join(";", Values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>
/// A design-space sweep (`imcsim sweep SWEEP.yaml`): base settings (the keys of a simulate config file), axes over any settings key
/// combined as a full grid (axes in a linked group vary together, value i with value i), optionally a seeded random sample of K
/// grid points, and the mode: simulate (accuracy and cost) or cost (the cost model alone, no dataset). Validated when made: every
/// axis value is parsed up front, so a sweep with a bad value fails before anything runs, naming the axis.
/// </summary>
public sealed class SweepSpec
{
    public SweepSpec(IReadOnlyDictionary<string, string> baseValues, IReadOnlyList<string> baseLayerDevices, IReadOnlyList<SweepAxis> axes, bool costOnly,
        IReadOnlyList<IReadOnlyList<string>>? linked = null, int sample = 0)
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

        // Groups: each linked group is one dimension of the grid (its axes advance together); every other axis is its own.
        var groups = new List<List<SweepAxis>>();
        foreach (IReadOnlyList<string> group in linked ?? [])
        {
            var members = new List<SweepAxis>();
            foreach (string key in group)
            {
                SweepAxis axis = axes.FirstOrDefault(a => a.Key == key) ?? throw new SettingException("linked", $"'{key}' is not an axis; axes: {string.Join(", ", axes.Select(a => a.Key))}");
                if (groups.Any(g => g.Contains(axis)) || members.Contains(axis))
                {
                    throw new SettingException("linked", $"axis '{key}' is in more than one linked group");
                }

                members.Add(axis);
            }

            if (members.Count < 2 || members.Any(m => m.Values.Count != members[0].Values.Count))
            {
                throw new SettingException("linked", $"a linked group needs two or more axes with as many values each: {string.Join(", ", members.Select(m => $"{m.Key} ({m.Values.Count})"))}");
            }

            groups.Add(members);
        }

        foreach (SweepAxis axis in axes.Where(a => !groups.Any(g => g.Contains(a))))
        {
            groups.Add([axis]);
        }

        groups.Sort((x, y) => axes.ToList().IndexOf(x[0]).CompareTo(axes.ToList().IndexOf(y[0])));
        int total = groups.Aggregate(1, (n, g) => checked(n * g[0].Values.Count));
        var points = new List<SweepPoint>();
        for (int i = 0; i < total; i++)
        {
            var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
            int rest = i;
            for (int g = groups.Count - 1; g >= 0; g--)
            {
                int v = rest % groups[g][0].Values.Count;
                rest /= groups[g][0].Values.Count;
                foreach (SweepAxis axis in groups[g])
                {
                    chosen[axis.Key] = axis.Values[v];
                }
            }

            points.Add(new SweepPoint(i, [.. axes.Select(a => (a.Key, chosen[a.Key]))]));
        }

        if (sample < 0 || sample > total)
        {
            throw new SettingException("sample", $"must be 1..{total} (the grid's points), or 0 for the whole grid; got {sample}");
        }

        if (sample > 0)
        {
            // A seeded partial Fisher-Yates over the grid indices; points keep their grid index (shards split samples the same way).
            var rng = Simulator.Random.CounterRng.For(Base.Mapping.Seed, "sweep-sample");
            int[] index = [.. Enumerable.Range(0, total)];
            for (int i = 0; i < sample; i++)
            {
                int j = i + (int)Math.Min(total - i - 1, Math.Floor(rng.Uniform((ulong)i) * (total - i)));
                (index[i], index[j]) = (index[j], index[i]);
            }

            points = [.. index.Take(sample).Order().Select(i => points[i])];
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
