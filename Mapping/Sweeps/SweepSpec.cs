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
                throw new SettingException("axes", $"'{axis.Key}' is not a settings key; valid: {string.Join(", ", SimulationSchema.All.Select(s => s.Key).Where(CanBeAxis).Order(StringComparer.Ordinal))}");
            }

            if (axis.Values.Count == 0)
            {
                throw new SettingException("axes", $"axis '{axis.Key}' has no values");
            }

            if (axes.Count(a => a.Key == axis.Key) > 1)
            {
                throw new SettingException("axes", $"axis '{axis.Key}' is given twice");
            }

            if (!CanBeAxis(axis.Key))
            {
                throw new SettingException("axes", $"'{axis.Key}' cannot be an axis: the sweep writes its points' results to its own --out folder");
            }

            // Each value parsed once: a value the schema rejects names the axis; two that mean the same would be the same point.
            Setting setting = SimulationSchema.Find(axis.Key)!;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string value in axis.Values)
            {
                string canonical;
                try
                {
                    canonical = setting.Format(setting.ParseText(value));
                }
                catch (SettingException e)
                {
                    throw new SettingException("axes", $"axis '{axis.Key}': {e.Problem}");
                }

                if (!seen.Add(canonical))
                {
                    throw new SettingException("axes", $"axis '{axis.Key}' lists the value {canonical} more than once: two points would be the same");
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
        long total = 1;
        foreach (List<SweepAxis> group in groups)
        {
            total = total > MaxGridPoints ? total : total * group[0].Values.Count;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (total > MaxGridPoints)
        {
            throw new SettingException("axes", string.Create(inv, $"the grid has more than {MaxGridPoints:N0} points, more than a sweep runs or samples from; use fewer axis values"));
        }

        if (sample < 0 || sample > Math.Min(total, MaxPoints))
        {
            throw new SettingException("sample", total > MaxPoints
                ? string.Create(inv, $"must be 1..{MaxPoints:N0} (the most points a sweep runs) for this grid of {total:N0} points; got {sample}")
                : $"must be 1..{total} (the grid's points), or 0 for the whole grid; got {sample}");
        }

        if (sample == 0 && total > MaxPoints)
        {
            throw new SettingException("axes", string.Create(inv, $"the grid has {total:N0} points, more than the {MaxPoints:N0} a sweep runs; give sample: K for a seeded random subset of them"));
        }

        IEnumerable<int> chosenIndices = Enumerable.Range(0, (int)total);
        if (sample > 0)
        {
            // A seeded partial Fisher-Yates over the grid indices (the swapped ones kept sparsely, so a huge grid costs only the
            // sample); points keep their grid index (shards split samples the same way).
            var rng = Simulator.Random.CounterRng.For(Base.Mapping.Seed, "sweep-sample");
            var swapped = new Dictionary<int, int>();
            int At(int i) => swapped.TryGetValue(i, out int v) ? v : i;
            var taken = new int[sample];
            for (int i = 0; i < sample; i++)
            {
                int j = i + (int)Math.Min(total - i - 1, Math.Floor(rng.Uniform((ulong)i) * (total - i)));
                int atJ = At(j);
                swapped[j] = At(i);
                taken[i] = atJ;
            }

            chosenIndices = taken.Order();
        }

        Points = [.. chosenIndices.Select(i => PointAt(groups, axes, i))];
        CheckAxisValues(axes);
        Identity =
        [
            $"mode: {(costOnly ? "cost" : "simulate")}",
            .. Base.ToDictionary().Where(kv => !NoResultKeys.Contains(kv.Key) && !axes.Any(a => a.Key == kv.Key)).Select(kv => $"base.{kv.Key}: {kv.Value}"),
        ];
    }

    /// <summary>Whether a settings key may be an axis: not the output paths (a sweep writes every point's results to its own folder).</summary>
    private static bool CanBeAxis(string key) => key != SimulationSchema.Out.Key && key != SimulationSchema.PlacementOut.Key;

    /// <summary>Settings that change no result (threads, backend: the same bits; output paths), left out of <see cref="Identity"/>.</summary>
    private static readonly HashSet<string> NoResultKeys = new(StringComparer.Ordinal)
    {
        SimulationSchema.Threads.Key, SimulationSchema.Backend.Key, SimulationSchema.Out.Key, SimulationSchema.PlacementOut.Key,
    };

    /// <summary>
    /// What every point's result depends on besides its axis values, a line each ("key: value"): the mode and every base setting as
    /// resolved (defaults included; not the swept keys, the thread count, backend or output paths). Written beside results.csv, so
    /// that --resume and merge refuse the results of another sweep; the axes themselves are checked by results.csv's header and its
    /// rows' point keys (a sweep may be resumed with more values on an axis: only the new points run).
    /// </summary>
    public IReadOnlyList<string> Identity { get; }

    /// <summary>The most points a sweep runs (its list of points and results are held in memory).</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>The largest grid a sweep samples from (sample: K).</summary>
    public const int MaxGridPoints = int.MaxValue;

    /// <summary>Grid point <paramref name="index"/>: the last group varying fastest.</summary>
    private static SweepPoint PointAt(List<List<SweepAxis>> groups, IReadOnlyList<SweepAxis> axes, int index)
    {
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        int rest = index;
        for (int g = groups.Count - 1; g >= 0; g--)
        {
            int v = rest % groups[g][0].Values.Count;
            rest /= groups[g][0].Values.Count;
            foreach (SweepAxis axis in groups[g])
            {
                chosen[axis.Key] = axis.Values[v];
            }
        }

        return new SweepPoint(index, [.. axes.Select(a => (a.Key, chosen[a.Key]))]);
    }

    /// <summary>
    /// Every axis value is a valid setting on its own (every other setting at its default), with the base, or with at least one
    /// point's other values; a value that only some combinations reject (1 ADC bit with a sense-amp ADC in the base) makes those
    /// points failed rows. A value that is valid nowhere (adc-bits 99, an unknown device) rejects the sweep before anything runs,
    /// naming the axis.
    /// </summary>
    private void CheckAxisValues(IReadOnlyList<SweepAxis> axes)
    {
        foreach (SweepAxis axis in axes)
        {
            foreach (string value in axis.Values)
            {
                var change = new Dictionary<string, string>(StringComparer.Ordinal) { [axis.Key] = value };
                Exception? problem = Attempt(() => Base.With(change));
                if (problem is null || Attempt(() => SimulationSettings.Defaults.With(change)) is null)
                {
                    // Valid with the base, or on its own (with every other setting at its default): points that reject it are failed rows.
                    continue;
                }

                foreach (SweepPoint point in Points.Where(p => p.Values.Contains((axis.Key, value))))
                {
                    if (Attempt(() => SettingsOf(point)) is null)
                    {
                        problem = null;
                        break;
                    }
                }

                if (problem is not null)
                {
                    string why = problem is SettingException e ? (e.Key == axis.Key ? e.Problem : $"{e.Key}: {e.Problem}") : problem.Message;
                    throw new SettingException("axes", $"axis '{axis.Key}' value '{value}' is valid in no point: {why}");
                }
            }
        }

        static Exception? Attempt(Func<SimulationSettings> make)
        {
            try
            {
                make();
                return null;
            }
            catch (Exception e) when (e is SettingException or InputException)
            {
                return e;
            }
        }
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
