using System.Globalization;

namespace IMCSim.Mapping.Sweeps;

/// <summary>One value of a sweep axis and what a metric took over the points with it: every finite value and their mean.</summary>
public sealed record AxisLevel(string Value, double Position, IReadOnlyList<double> Metric, double Mean);

/// <summary>
/// The effect of one sweep axis on a metric: the axis's values (levels) in order, each with the metric of every point that has it
/// (the other axes varying) and their mean. A numeric axis (every value a number) places a level at its value, in numeric order;
/// a categorical one (device: pcm, rram) at 0, 1, ... in ordinal order of the values. Points whose metric is NaN are left out;
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
        var ordered = numeric ? distinct.OrderBy(v => NumberOf(v)!.Value).ToList() : distinct.Order(StringComparer.Ordinal).ToList();
        var levels = ordered.Select((value, index) =>
        {
            double[] m = [.. Enumerable.Range(0, values.Count).Where(i => values[i] == value && double.IsFinite(metric[i])).Select(i => metric[i])];
            return new AxisLevel(value, numeric ? NumberOf(value)!.Value : index, m, m.Length > 0 ? m.Average() : double.NaN);
        }).ToList();
        return new AxisEffect(axis, numeric, levels);
    }

    private static double? NumberOf(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
}
