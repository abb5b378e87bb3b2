using ScottPlot;

namespace IMCSim.Cli.Output;

/// <summary>A metric of results.csv as the report plots it: its column, its axis label (with units) and its name in file names.</summary>
internal sealed record ReportMetric(string Column, string Label, string FileName)
{
    public static readonly ReportMetric Accuracy = new("accuracy_hw", "hardware accuracy (top-1, 0 to 1)", "accuracy");
    public static readonly ReportMetric TopsPerW = new("tops_per_w", "energy efficiency (TOPS/W)", "tops-per-w");
    public static readonly ReportMetric TopsPerMm2 = new("tops_per_mm2", "area efficiency (TOPS/mm²)", "tops-per-mm2");
}

/// <summary>The rows of results.csv a figure plots, as a table: one line per point (its key and the cells plotted, as in results.csv).</summary>
internal sealed record PlottedRows(IReadOnlyList<string> Columns, IReadOnlyList<(string Key, IReadOnlyList<string> Cells)> Rows);

/// <summary>
/// One plot of the sweep report: its name (the PNG's file name without .png and the figure's id in the page), a caption, the
/// ScottPlot plot and its size in pixels, and the rows it plots (null for a plot of derived values: the breakdowns).
/// </summary>
internal sealed record ReportFigure(string Name, string Caption, Plot Plot, int WidthPx, int HeightPx, PlottedRows? Rows);
