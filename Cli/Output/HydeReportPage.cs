using System.Globalization;
using IMCSim.Mapping.Hyde;
using IMCSim.Simulator.Chip;
using ScottPlot;

namespace IMCSim.Cli.Output;

/// <summary>
/// DIR/report.html of `imcsim hyde`, made with the sweep report's machinery (<see cref="ReportPage"/>, <see cref="SweepPlots"/>):
/// the Pareto front of accuracy on the search images against the objective over every simulated design, with the homogeneous
/// baselines and the chosen design marked; the per-layer device map with each layer's accuracy on each device (phase 1); the
/// held-out comparison; and energy and area breakdowns of the best design and each baseline. PNGs in DIR/report/.
/// </summary>
internal static class HydeReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string outDir, HydeReport report)
    {
        HydeObjective objective = report.Request.Options.Objective;
        bool accuracy = !report.Request.CostOnly;
        var page = new ReportPage("HyDe report: " + (report.Request.Settings.ModelPath ?? Workloads.WorkloadFiles.DefaultModelLabel));
        page.Note(string.Create(Inv, $"{report.Evaluator.Layers.Count} crossbar layers x {report.Evaluator.Devices.Count} devices ({string.Join(", ", report.Evaluator.Devices)}); objective {objective.Description}; {report.Search.Simulated.Count} designs simulated, {report.Search.CostEvaluations} costed."));

        page.Heading("Pareto front");
        var objectiveMetric = new ReportMetric("objective", objective.Description, objective.Name);
        if (accuracy)
        {
            var rows = report.Search.Simulated.Select(c => new SweepTableRow(c.Key, "ok", "", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["accuracy_hw"] = c.Accuracy.ToString("R", Inv),
                ["objective"] = objective.Score(c.Cost).ToString("R", Inv),
            })).ToList();
            page.Note(string.Create(Inv, $"Every simulated design: accuracy on the search images against the objective (as a score, higher is better{(objective.Score(report.Search.Simulated[0].Cost) < 0 ? ": the value negated" : "")}); the target is {report.Search.TargetAccuracy:P2}. Homogeneous chips are black squares, the chosen design a red diamond, the dashed line the accuracy target."));
            var (figure, _) = SweepPlots.Pareto("pareto-accuracy-objective", "Accuracy against the objective", rows, objectiveMetric, ReportMetric.Accuracy);
            Mark(figure.Plot, report.Search.Baselines, objective, MarkerShape.FilledSquare, Colors.Black, "homogeneous");
            if (report.Search.Best is { } best)
            {
                Mark(figure.Plot, [best], objective, MarkerShape.FilledDiamond, Colors.Red, "chosen");
            }

            var target = figure.Plot.Add.HorizontalLine(report.Search.TargetAccuracy, 1, Colors.Gray, LinePattern.Dashed);
            target.LegendText = "accuracy target";
            page.Figures([figure], "report");
        }
        else
        {
            page.Note("A cost-only search has no accuracy: see candidates.csv for the designs and summary.csv for the comparison.");
        }

        page.Heading("Devices per layer");
        page.Note("The chosen device of every layer, and (phase 1) the accuracy on the search images with only that layer moved from the most accurate homogeneous chip to each device.");
        var sensitivity = report.Search.Simulated.Where(c => c.Phase == "sensitivity").ToList();
        var reference = report.Search.Baselines.MaxBy(b => b.Accuracy);
        page.Table("devices", ["layer", "chosen", .. report.Evaluator.Devices],
            report.Evaluator.Layers.Select((layer, l) => (IReadOnlyList<string>)[layer, report.Search.Best is { } b ? report.Evaluator.Devices[b.Choice[l]] : "",
                .. report.Evaluator.Devices.Select((_, d) => AccuracyOf(sensitivity, reference, l, d))]));

        page.Heading("The best design and every homogeneous chip");
        page.Note(accuracy ? "On the held-out images (never seen by the search), with identical settings." : "From the cost model's activity images.");
        var designs = report.Best is null ? report.Baselines : [report.Best, .. report.Baselines];
        page.Table("designs", ["design", "devices", "accuracy", "area (mm²)", "energy per image (µJ)", "TOPS/mm²", "TOPS/W"],
            designs.Select(d => (IReadOnlyList<string>)[d.Label, d.Settings.DeviceLabel, double.IsNaN(d.Summary.AccuracyHardware) ? "n/a" : d.Summary.AccuracyHardware.ToString("P2", Inv),
                F(d.Summary.Cost?.AreaMm2), F(d.Summary.Cost?.EnergyPerImageUj), F(d.Summary.Cost?.TopsPerMm2), F(d.Summary.Cost?.TopsPerW)]));

        var costed = designs.Where(d => d.Summary.Cost is not null).Select(d => (d.Label, d.Summary.Cost!)).ToList();
        if (costed.Count > 0)
        {
            page.Figures(SweepPlots.Breakdowns(costed), "report");
        }

        page.Write(Path.Combine(outDir, "report.html"), Path.Combine(outDir, "report"));
    }

    private static void Mark(Plot plot, IReadOnlyList<HydeCandidate> designs, HydeObjective objective, MarkerShape shape, Color color, string label)
    {
        var m = plot.Add.ScatterPoints(designs.Select(d => objective.Score(d.Cost)).ToArray(), designs.Select(d => d.Accuracy).ToArray(), color);
        m.MarkerShape = shape;
        m.MarkerSize = 11;
        m.LegendText = label;
    }

    private static string AccuracyOf(IReadOnlyList<HydeCandidate> sensitivity, HydeCandidate? reference, int layer, int device)
    {
        if (reference is not null && reference.Choice[layer] == device)
        {
            return reference.Accuracy.ToString("P1", Inv) + " (all)";
        }

        HydeCandidate? c = sensitivity.FirstOrDefault(s => s.Choice[layer] == device && s.Choice.Where((_, i) => i != layer).All(d => reference is not null && d == reference.Choice[0]));
        return c is null ? "" : c.Accuracy.ToString("P1", Inv);
    }

    private static string F(double? v) => v is { } x ? x.ToString("G4", Inv) : "";
}
