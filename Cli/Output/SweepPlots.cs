using System.Globalization;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Chip;
using ScottPlot;

namespace IMCSim.Cli.Output;

/// <summary>
/// The plots of the sweep report (ScottPlot): a Pareto front of two metrics over the ok rows (front bold and joined, dominated
/// points faint), a metric against one axis's values (every point faint, the mean per value joined), and a stacked bar chart of
/// chosen points' energy or area by component category.
/// </summary>
internal static class SweepPlots
{
    private const string Font = "DejaVu Sans";
    private static readonly Color Dominated = new Color(120, 120, 120).WithAlpha(0.5);
    private static readonly Color Front = Colors.C1;

    /// <summary>The front of <paramref name="y"/> against <paramref name="x"/> (both maximised) over rows where both are numbers.</summary>
    public static (ReportFigure Figure, IReadOnlyList<SweepTableRow> Front) Pareto(string name, string title, IReadOnlyList<SweepTableRow> rows, ReportMetric x, ReportMetric y)
    {
        var plotted = rows.Where(r => double.IsFinite(r.Metric(x.Column)) && double.IsFinite(r.Metric(y.Column))).ToList();
        double[] xs = [.. plotted.Select(r => r.Metric(x.Column))];
        double[] ys = [.. plotted.Select(r => r.Metric(y.Column))];
        bool[] onFront = ParetoFront.Of(xs, ys);
        var front = Enumerable.Range(0, plotted.Count).Where(i => onFront[i]).OrderBy(i => xs[i]).ToList();
        var dominated = Enumerable.Range(0, plotted.Count).Where(i => !onFront[i]).ToList();

        Plot plot = NewPlot(title, x.Label, y.Label);
        if (dominated.Count > 0)
        {
            var faint = plot.Add.ScatterPoints(dominated.Select(i => xs[i]).ToArray(), dominated.Select(i => ys[i]).ToArray(), Dominated);
            faint.MarkerSize = 6;
            faint.LegendText = $"dominated ({dominated.Count})";
        }

        var line = plot.Add.Scatter(front.Select(i => xs[i]).ToArray(), front.Select(i => ys[i]).ToArray(), Front);
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.ConnectStyle = ConnectStyle.StepVertical;
        var bold = plot.Add.ScatterPoints(front.Select(i => xs[i]).ToArray(), front.Select(i => ys[i]).ToArray(), Front);
        bold.MarkerSize = 9;
        bold.LegendText = $"Pareto front ({front.Count})";
        plot.ShowLegend(Edge.Right);

        var table = new PlottedRows(["point", x.Column, y.Column, "on the front"],
            [.. plotted.Select((r, i) => (r.Key, (IReadOnlyList<string>)[r.Cells[x.Column], r.Cells[y.Column], onFront[i] ? "yes" : "no"]))]);
        return (new ReportFigure(name, title, plot, 820, 480, table), [.. front.Select(i => plotted[i])]);
    }

    /// <summary>A metric against one axis's values: every point with a number for it (faint) and the mean per value.</summary>
    public static ReportFigure Effect(string axis, IReadOnlyList<SweepTableRow> rows, ReportMetric metric)
    {
        var plotted = rows.Where(r => double.IsFinite(r.Metric(metric.Column))).ToList();
        AxisEffect effect = AxisEffect.Of(axis, [.. plotted.Select(r => r.Cells[axis])], [.. plotted.Select(r => r.Metric(metric.Column))]);
        var position = effect.Levels.ToDictionary(l => l.Value, l => l.Position, StringComparer.Ordinal);

        Plot plot = NewPlot($"{metric.Column} against {axis}", axis + (effect.Numeric ? "" : " (category)"), metric.Label);
        var points = plot.Add.ScatterPoints(plotted.Select(r => position[r.Cells[axis]]).ToArray(), plotted.Select(r => r.Metric(metric.Column)).ToArray(), Dominated);
        points.MarkerSize = 6;
        points.LegendText = "points";
        var levels = effect.Levels.Where(l => !double.IsNaN(l.Mean)).ToList();
        var mean = plot.Add.Scatter(levels.Select(l => l.Position).ToArray(), levels.Select(l => l.Mean).ToArray(), Colors.C0);
        mean.MarkerSize = 8;
        mean.LineWidth = effect.Numeric ? 2 : 0; // categories have no order to join
        mean.LegendText = "mean over the other axes";
        if (!effect.Numeric)
        {
            plot.Axes.Bottom.SetTicks([.. effect.Levels.Select(l => l.Position)], [.. effect.Levels.Select(l => l.Value)]);
            plot.Axes.SetLimitsX(-0.5, effect.Levels.Count - 0.5);
        }

        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        var table = new PlottedRows(["point", axis, metric.Column], [.. plotted.Select(r => (r.Key, (IReadOnlyList<string>)[r.Cells[axis], r.Cells[metric.Column]]))]);
        return new ReportFigure($"effect-{FileSafe(axis)}-{metric.FileName}", $"{metric.Label} against {axis}", plot, 460, 380, table);
    }

    /// <summary>Stacked horizontal bars, one per point, one segment per category with a non-zero value (value in the unit of the label).</summary>
    public static ReportFigure Breakdown(string name, string title, string valueLabel, IReadOnlyList<(string Key, ChipCostReport Report)> points,
        IReadOnlyList<ComponentCategory> categories, Func<ChipCostReport, ComponentCategory, double> value)
    {
        Plot plot = NewPlot(title, valueLabel, "");
        var shown = categories.Where(c => points.Any(p => value(p.Report, c) > 0)).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (int i = 0; i < points.Count; i++)
        {
            double start = 0;
            foreach (ComponentCategory c in shown)
            {
                double v = value(points[i].Report, c);
                bars.Add(new Bar { Position = points.Count - 1 - i, ValueBase = start, Value = start + v, FillColor = palette.GetColor((int)c), LineWidth = 0 });
                start += v;
            }
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        foreach (ComponentCategory c in shown)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = CategoryName(c), FillColor = palette.GetColor((int)c) });
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, points.Count).Select(i => (double)(points.Count - 1 - i))], [.. points.Select(p => p.Key)]);
        plot.Axes.Margins(left: 0);
        plot.ShowLegend(Edge.Right);
        return new ReportFigure(name, title, plot, 980, 140 + 50 * points.Count, null);
    }

    /// <summary>Energy per image and area by component category of <paramref name="points"/>: the two breakdown figures.</summary>
    public static IReadOnlyList<ReportFigure> Breakdowns(IReadOnlyList<(string Key, ChipCostReport Report)> points) =>
    [
        Breakdown("breakdown-energy", "Energy per image by component", "energy per image (µJ)", points, ChipCostReport.EnergyCategories, (r, c) => r.EnergyPj(c) * 1e-6),
        Breakdown("breakdown-area", "Area by component", "area (mm²)", points, ChipCostReport.AreaCategories, (r, c) => r.AreaUm2Of(c) * 1e-6),
    ];

    public static string CategoryName(ComponentCategory category) => category.ToString().ToLowerInvariant();

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        return plot;
    }

    private static string FileSafe(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
}
