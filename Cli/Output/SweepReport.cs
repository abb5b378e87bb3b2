using System.Globalization;
using IMCSim.Simulator.Chip;

namespace IMCSim.Cli.Output;

/// <summary>
/// The page of `imcsim report` from a sweep's results (<see cref="SweepTable"/>): the Pareto fronts (hardware accuracy against TOPS/W
/// and against TOPS/mm^2; for a cost-only sweep, which has no accuracy, TOPS/W against TOPS/mm^2), every axis's effect on TOPS/W,
/// TOPS/mm^2 and accuracy, the energy and area breakdowns of chosen points (when their cost reports are given), and the failed rows.
/// </summary>
internal static class SweepReport
{
    /// <summary>At most this many front points are chosen for the breakdowns when none are named.</summary>
    public const int DefaultChosenPoints = 5;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Whether any ok row has a hardware accuracy (a simulate sweep); else the sweep is cost-only.</summary>
    public static bool HasAccuracy(SweepTable table) => table.Rows.Any(r => r.Ok && double.IsFinite(r.Metric(ReportMetric.Accuracy.Column)));

    /// <summary>The Pareto plots of the table: the first one's front is where the breakdowns' points are chosen by default.</summary>
    public static IReadOnlyList<(ReportFigure Figure, IReadOnlyList<SweepTableRow> Front)> Fronts(SweepTable table)
    {
        var ok = table.Rows.Where(r => r.Ok).ToList();
        return HasAccuracy(table)
            ?
            [
                SweepPlots.Pareto("pareto-tops-per-w", "Pareto front: accuracy against TOPS/W", ok, ReportMetric.TopsPerW, ReportMetric.Accuracy),
                SweepPlots.Pareto("pareto-tops-per-mm2", "Pareto front: accuracy against TOPS/mm²", ok, ReportMetric.TopsPerMm2, ReportMetric.Accuracy),
            ]
            : [SweepPlots.Pareto("pareto-efficiency", "Pareto front: TOPS/W against TOPS/mm² (cost only)", ok, ReportMetric.TopsPerMm2, ReportMetric.TopsPerW)];
    }

    /// <summary>Up to <paramref name="count"/> points spread evenly along a front (sorted by its x metric), both ends included.</summary>
    public static IReadOnlyList<string> Spread(IReadOnlyList<SweepTableRow> front, int count) =>
        front.Count <= count ? [.. front.Select(r => r.Key)] : [.. Enumerable.Range(0, count).Select(i => front[(int)Math.Round(i * (front.Count - 1) / (double)(count - 1))].Key).Distinct()];

    /// <summary>
    /// The page. <paramref name="breakdowns"/> are the chosen points' cost reports, or null when there are none to show, with
    /// <paramref name="breakdownNote"/> saying why or how they were made.
    /// </summary>
    public static ReportPage Build(SweepTable table, string pngFolderName, IReadOnlyList<(ReportFigure Figure, IReadOnlyList<SweepTableRow> Front)> fronts,
        IReadOnlyList<(string Key, ChipCostReport Report)>? breakdowns, string breakdownNote)
    {
        var ok = table.Rows.Where(r => r.Ok).ToList();
        var failed = table.Rows.Where(r => !r.Ok).ToList();
        bool accuracy = HasAccuracy(table);
        var page = new ReportPage($"Sweep report: {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(table.Path)))}");
        page.Note(string.Create(Inv, $"{table.Path}: {table.Rows.Count} points, {ok.Count} ok, {failed.Count} failed; axes: {string.Join(", ", table.Axes)}; {(accuracy ? "simulate sweep (accuracy and cost)" : "cost-only sweep (no accuracy)")}."));

        page.Heading("Pareto fronts");
        page.Note(accuracy
            ? "A point is on the front when no other point has at least its hardware accuracy and at least its TOPS/W (or TOPS/mm²), and more of one. Front points are bold and joined; dominated points are faint."
            : "This sweep ran the cost model alone, so it has no accuracy: the front is of the two efficiencies, TOPS/W (energy) against TOPS/mm² (area), both higher is better. Front points are bold and joined; dominated points are faint.");
        page.Figures(fronts.Select(f => f.Figure), pngFolderName);
        int unplotted = ok.Count - fronts[0].Figure.Rows!.Rows.Count;
        if (unplotted > 0)
        {
            page.Note(string.Create(Inv, $"{unplotted} ok points have no value for a plotted metric (no cost model for their configuration, see their reason column) and are not plotted."));
        }

        page.Heading("Effect of each axis");
        page.Note("Each metric against each axis's values: every point (faint; the other axes vary) and the mean over the points with that value.");
        ReportMetric[] metrics = accuracy ? [ReportMetric.TopsPerW, ReportMetric.TopsPerMm2, ReportMetric.Accuracy] : [ReportMetric.TopsPerW, ReportMetric.TopsPerMm2];
        foreach (string axis in table.Axes)
        {
            page.Heading(axis, 3);
            page.Figures(metrics.Select(m => SweepPlots.Effect(axis, ok, m)), pngFolderName);
        }

        page.Heading("Energy and area of chosen points");
        page.Note(breakdownNote);
        if (breakdowns is { Count: > 0 })
        {
            var rows = ok.ToDictionary(r => r.Key, StringComparer.Ordinal);
            page.Figures(SweepPlots.Breakdowns(breakdowns), pngFolderName);
            BreakdownTable(page, "energy per image (µJ)", "energy_per_image_uj", breakdowns, rows, ChipCostReport.EnergyCategories, (r, c) => r.EnergyPj(c) * 1e-6);
            BreakdownTable(page, "area (mm²)", "area_mm2", breakdowns, rows, ChipCostReport.AreaCategories, (r, c) => r.AreaUm2Of(c) * 1e-6);
        }

        page.Heading("Failed points");
        if (failed.Count == 0)
        {
            page.Note("None.");
        }
        else
        {
            page.Table("failed", ["point", "reason"], failed.Select(r => (IReadOnlyList<string>)[r.Key, r.Reason]), failed: true);
        }

        return page;
    }

    private static void BreakdownTable(ReportPage page, string what, string column, IReadOnlyList<(string Key, ChipCostReport Report)> points,
        Dictionary<string, SweepTableRow> rows, IReadOnlyList<ComponentCategory> categories, Func<ChipCostReport, ComponentCategory, double> value)
    {
        page.Note($"{what} by component category; total of the categories, and {column} as in results.csv.");
        page.Table("breakdown", ["point", .. categories.Select(SweepPlots.CategoryName), "total", $"results.csv {column}"],
            points.Select(p => (IReadOnlyList<string>)[p.Key, .. categories.Select(c => value(p.Report, c).ToString("G5", Inv)), categories.Sum(c => value(p.Report, c)).ToString("G5", Inv), rows[p.Key].Cells[column]]));
    }
}
