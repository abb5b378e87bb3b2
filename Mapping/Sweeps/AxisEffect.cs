using System.Globalization;

namespace IMCSim.Mapping.Sweeps;

/// <summary>One value of a sweep axis and what a metric took over the points with it: every finite value and their mean.</summary>
public sealed record AxisLevel(string Value, double Position, IReadOnlyList<double> Metric, double Mean);

/// <summary>
/// The effect of one sweep axis on a metric: the axis's values (levels) in order, each with the metric of every point that has it
/// (the other axes varying) and their mean. A numeric axis (every value a number) places a level at its value, in numeric order;
/// a categorical one (device: pcm, rram; drift-time: 1h, 1d, 1y) at 0, 1, ... in the order of the setting's own values when the
/// axis is a settings key whose values compare (drift-time by seconds, array by rows then columns), else in ordinal order of the
/// text. Points whose metric is NaN are left out;
/// a level with no finite value has a NaN mean.
/// </summary>
public sealed record AxisEffect(string Axis, bool Numeric, IReadOnlyList<AxisLevel> Levels)
{
    /// <summary>The effect of axis <paramref name="axis"/>, given each point's value of it and its metric.</summary>
    public static AxisEffect Of(string axis, IReadOnlyList<string> values, IReadOnlyList<double> metric)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(metric);
        if (values.Count != metric.Count)
        {
            throw new ArgumentException($"{values.Count} axis values and {metric.Count} metric values", nameof(metric));
        }

        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        bool numeric = distinct.Count > 0 && distinct.All(v => NumberOf(v) is not null);
        var ordered = numeric ? distinct.OrderBy(v => NumberOf(v)!.Value).ToList() : CategoryOrder(axis, distinct);
        var levels = ordered.Select((value, index) =>
        {
            double[] m = [.. Enumerable.Range(0, values.Count).Where(i => values[i] == value && double.IsFinite(metric[i])).Select(i => metric[i])];
            return new AxisLevel(value, numeric ? NumberOf(value)!.Value : index, m, m.Length > 0 ? m.Average() : double.NaN);
        }).ToList();
        return new AxisEffect(axis, numeric, levels);
    }

    /// <summary>The values in the order of what the setting <paramref name="axis"/> parses them to, if they all parse to one comparable type; else ordinal.</summary>
    private static List<string> CategoryOrder(string axis, List<string> values)
    {
        var ordinal = values.Order(StringComparer.Ordinal).ToList();
        if (Settings.SimulationSchema.Find(axis) is not { } setting)
        {
            return ordinal;
        }

        var parsed = new List<(string Text, IComparable Value)>();
        foreach (string v in ordinal)
        {
            try
            {
                if (setting.ParseText(v) is not IComparable c || (parsed.Count > 0 && c.GetType() != parsed[0].Value.GetType()))
                {
                    return ordinal;
                }

                parsed.Add((v, c));
            }
            catch (Simulator.Common.SettingException)
            {
                return ordinal;
            }
        }

        return [.. parsed.OrderBy(p => p.Value).Select(p => p.Text)];
    }

    private static double? NumberOf(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
}
