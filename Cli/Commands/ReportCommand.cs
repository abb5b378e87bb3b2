using System.CommandLine;
using IMCSim.Cli.Config;
using IMCSim.Cli.Output;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim report DIR [--out FILE] [--sweep SWEEP.yaml] [--point KEY]...`: reads DIR/results.csv and writes a self-contained page
/// (DIR/report.html: <see cref="SweepReport"/>) and the same plots as PNG files in a folder beside it (DIR/report/). The energy and
/// area breakdowns of chosen points (--point, else up to five points spread along the first Pareto front) need the sweep file:
/// results.csv holds totals only, so the points' costs are evaluated again (<see cref="SweepPointCosts"/>).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("report", "Write a sweep's report: DIR/report.html (Pareto fronts, each axis's effect, energy and area breakdowns) and the plots as PNG files.");
        var dir = new Argument<string>("DIR") { Description = "a sweep's output folder (with results.csv)" };
        var outFile = new Option<string?>("--out") { Description = "the page to write (default DIR/report.html); the PNG files go to a folder beside it named after it" };
        var sweep = new Option<string?>("--sweep") { Description = "the sweep file, to evaluate the chosen points' energy and area by component" };
        var points = new Option<string[]>("--point") { Description = "a point key (as in results.csv) to break down; repeat for more; default: up to 5 points of the Pareto front" };
        command.Arguments.Add(dir);
        command.Options.Add(outFile);
        command.Options.Add(sweep);
        command.Options.Add(points);
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(outFile), parse.GetValue(sweep), parse.GetValue(points) ?? [], output));
        return command;
    }

    private static int Run(string dir, string? outFile, string? sweepPath, string[] chosenKeys, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(dir))
        {
            throw new InputException("DIR", "an empty path names no sweep folder; give a sweep's output folder (imcsim sweep --out DIR)");
        }

        if (!Directory.Exists(dir))
        {
            throw new InputException(dir, "not found: give a sweep's output folder (imcsim sweep --out DIR), which holds results.csv");
        }

        string htmlPath = PagePath(outFile, dir);
        string pngFolder = Path.Combine(Path.GetDirectoryName(htmlPath)!, Path.GetFileNameWithoutExtension(htmlPath));
        if (File.Exists(pngFolder))
        {
            throw new InputException("--out", $"the plots' folder beside the page, '{pngFolder}', is a file; give another page name");
        }

        SweepTable table = SweepTable.Read(Path.Combine(dir, "results.csv"));
        var ok = table.Rows.Where(r => r.Ok).ToList();
        if (ok.Count == 0)
        {
            throw new InputException(table.Path, $"has no ok rows ({table.Rows.Count} failed): nothing to plot; a report needs at least one point with status ok");
        }

        var okKeys = ok.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (string key in chosenKeys.Where(k => !okKeys.Contains(k)))
        {
            throw new InputException("--point", $"'{key}' is not an ok point of {table.Path}; keys look like '{ok[0].Key}'");
        }

        var fronts = SweepReport.Fronts(table);
        IReadOnlyList<string> chosen = chosenKeys.Length > 0 ? chosenKeys : SweepReport.Spread(fronts[0].Front, SweepReport.DefaultChosenPoints);
        var (breakdowns, note) = Breakdowns(table, sweepPath, chosen, chosenKeys.Length > 0);
        ReportPage page = SweepReport.Build(table, Path.GetFileName(pngFolder), fronts, breakdowns, note);
        try
        {
            page.Write(htmlPath, pngFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("--out", $"cannot write the page '{htmlPath}' or its plots' folder: {e.Message}");
        }
        output.WriteLine($"report     {ok.Count} points plotted ({fronts[0].Front.Count} on the first front), {table.Rows.Count - ok.Count} failed");
        output.WriteLine($"wrote      {htmlPath}, {pngFolder}/*.png");
        return ImcsimApp.ExitOk;
    }

    /// <summary>
    /// The page to write: --out, else DIR/report.html. Checked before anything is written: an .html file (so it can never be the
    /// sweep's results.csv or any other input), not a folder.
    /// </summary>
    private static string PagePath(string? outFile, string dir)
    {
        if (outFile is null)
        {
            return Path.GetFullPath(Path.Combine(dir, "report.html"));
        }

        if (!outFile.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || Path.GetFileNameWithoutExtension(outFile).Length == 0)
        {
            throw new InputException("--out", $"'{outFile}' must name an .html file (the page; its PNG files go to a folder beside it named after it), e.g. {Path.Combine(dir, "report.html")}");
        }

        if (Directory.Exists(outFile))
        {
            throw new InputException("--out", $"'{outFile}' is a folder; give the page's file name, e.g. {Path.Combine(outFile, "report.html")}");
        }

        return Path.GetFullPath(outFile);
    }

    private static (IReadOnlyList<(string Key, Simulator.Chip.ChipCostReport Report)>? Reports, string Note) Breakdowns(SweepTable table, string? sweepPath, IReadOnlyList<string> chosen, bool named)
    {
        string which = named ? "the points named with --point" : $"up to {SweepReport.DefaultChosenPoints} points spread along the first Pareto front";
        if (sweepPath is null)
        {
            return (null, $"Not shown: results.csv holds totals only. Give the sweep file (imcsim report DIR --sweep SWEEP.yaml) to evaluate the energy and area by component of {which}.");
        }

        SweepSpec spec = SweepFile.Read(sweepPath);
        if (!spec.Axes.Select(a => a.Key).SequenceEqual(table.Axes))
        {
            throw new InputException(sweepPath, $"its axes ({string.Join(", ", spec.Axes.Select(a => a.Key))}) are not those of {table.Path} ({string.Join(", ", table.Axes)}): not the same sweep");
        }

        var reports = SweepPointCosts.Evaluate(spec, chosen, sweepPath);
        return ([.. reports.Select(r => (r.Point.Key, r.Report))],
            $"Of {which}, evaluated again by the cost model from {sweepPath}" + (spec.CostOnly ? "." : " (with the cost model's activity images, so totals can differ slightly from the simulated rows')."));
    }
}
