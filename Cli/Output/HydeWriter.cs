using System.Globalization;
using IMCSim.Mapping.Hyde;
using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Chip;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Cli.Output;

/// <summary>
/// The files of `imcsim hyde`: candidates.csv (every simulated design), pareto.csv (accuracy against the objective), best.yaml (a
/// simulate config that reproduces the best design on the held-out images) and summary.csv (the best design and each homogeneous
/// baseline on the held-out images, with the hybrid's ratios to each).
/// </summary>
internal static class HydeWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Settings that name where output goes or how many threads run, not the design: left out of best.yaml.</summary>
    private static readonly string[] NotTheDesign = [SimulationSchema.Out.Key, SimulationSchema.PlacementOut.Key, SimulationSchema.Threads.Key];

    private static readonly string[] CostColumns = ["area_mm2", "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2", "edp_uj_us"];

    private static readonly string[] CandidateColumns = ["design", "phase", "accuracy_search", "predicted_accuracy", "within_budget"];

    private static readonly string[] SummaryColumns = ["design", "devices", "accuracy_float", "accuracy_hw", "within_budget"];

    private static readonly string[] RatioColumns = ["hybrid_tops_per_mm2_ratio", "hybrid_tops_per_w_ratio", "hybrid_edp_ratio"];

    private static string Within(double accuracy, HydeReport report) => double.IsNaN(accuracy) || accuracy >= report.Search.TargetAccuracy ? "yes" : "no";

    /// <summary>A value as written: round-trip invariant, empty for NaN (no accuracy in a cost-only search).</summary>
    private static string Cell(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);

    private static IEnumerable<string> CostCells(ChipCostReport r) =>
        new[] { r.AreaMm2, r.EnergyPerImageUj, r.LatencyPerImageUs, r.Tops, r.TopsPerW, r.TopsPerMm2, r.EdpUjUs }.Select(v => v.ToString("R", Inv));

    public static void WriteCandidates(string path, HydeReport report)
    {
        HydeObjective objective = report.Request.Options.Objective;
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(CandidateColumns.Concat(CostColumns).Append("objective_" + objective.Name).ToArray());
        foreach (HydeCandidate c in report.Search.Simulated)
        {
            csv.WriteRecord(new[] { c.Key, c.Phase, Cell(c.Accuracy), double.IsNaN(c.PredictedAccuracy) ? "" : c.PredictedAccuracy.ToString("R", Inv), Within(c.Accuracy, report) }
                .Concat(CostCells(c.Cost)).Append(objective.Value(c.Cost).ToString("R", Inv)).ToArray());
        }
    }

    /// <summary>The simulated designs not dominated in (accuracy on the search images, objective), best objective first.</summary>
    public static void WritePareto(string path, HydeReport report)
    {
        HydeObjective objective = report.Request.Options.Objective;
        var designs = report.Search.Simulated;
        bool[] onFront = ParetoFront.Of([.. designs.Select(c => objective.Score(c.Cost))], [.. designs.Select(c => c.Accuracy)]);
        var front = designs.Where((_, i) => onFront[i]).OrderByDescending(c => objective.Score(c.Cost)).ThenBy(c => c.Key, StringComparer.Ordinal);
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(["design", "accuracy_search", "objective_" + objective.Name, "within_budget"]);
        foreach (HydeCandidate c in front)
        {
            csv.WriteRecord([c.Key, Cell(c.Accuracy), objective.Value(c.Cost).ToString("R", Inv), Within(c.Accuracy, report)]);
        }
    }

    /// <summary>A simulate config: the settings given to hyde (output and threads aside), the design's devices and the held-out image count.</summary>
    public static void WriteBestConfig(string path, HydeDesign best)
    {
        var root = new YamlMappingNode();
        foreach (var (key, value) in best.Settings.Given.Where(g => !NotTheDesign.Contains(g.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            root.Add(key, value);
        }

        if (best.Settings.LayerDevices.Count > 0)
        {
            var layers = new YamlMappingNode();
            foreach (var (layer, device) in best.Settings.LayerDevices)
            {
                layers.Add(layer, device);
            }

            root.Add(SimulationSchema.LayerDeviceKey, layers);
        }

        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        writer.WriteLine("# imcsim hyde: the best design; `imcsim simulate --config best.yaml` runs it on the held-out images");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }

    public static void WriteSummary(string path, HydeReport report)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(SummaryColumns.Concat(CostColumns).Concat(RatioColumns).ToArray());
        ChipCostReport? hybrid = report.Best?.Summary.Cost;
        foreach (HydeDesign d in report.Best is null ? report.Baselines : report.Baselines.Prepend(report.Best))
        {
            ChipCostReport? c = d.Summary.Cost;
            var cells = new List<string> { d.Label, d.Settings.DeviceLabel, Cell(d.Summary.AccuracyFloat), Cell(d.Summary.AccuracyHardware),
                report.WithinBudget(d) switch { true => "yes", false => "no", null => "" } };
            cells.AddRange(c is null ? CostColumns.Select(_ => "") : CostCells(c));
            cells.AddRange(hybrid is null || c is null
                ? ["", "", ""]
                : [(hybrid.TopsPerMm2 / c.TopsPerMm2).ToString("R", Inv), (hybrid.TopsPerW / c.TopsPerW).ToString("R", Inv), (hybrid.EdpUjUs / c.EdpUjUs).ToString("R", Inv)]);
            csv.WriteRecord(cells.ToArray());
        }
    }

    /// <summary>The best design as one chip and as chiplets: a row per package and per chiplet, then a row per transfer between chiplets.</summary>
    public static void WriteChiplets(string path, HydeReport report)
    {
        using var csv = ResultCsv.Open(path);
        csv.WriteRecord(["row", "name", "layers", "area_mm2", "energy_per_image_uj", "latency_per_image_us", "tops_per_mm2", "tops_per_w", "bits_per_image", "hops"]);
        ChipCostReport m = report.Monolithic!;
        ChipletPackage p = report.Chiplets!;
        csv.WriteRecord(["package", "monolithic", "", F(m.AreaMm2), F(m.EnergyPerImageUj), F(m.LatencyPerImageUs), F(m.TopsPerMm2), F(m.TopsPerW), "", ""]);
        csv.WriteRecord(["package", "chiplets", "", F(p.AreaMm2), F(p.EnergyPerImageUj), F(p.LatencyPerImageUs), F(p.TopsPerMm2), F(p.TopsPerW), F(p.Transfers.Sum(t => t.BitsPerImage)), ""]);
        foreach (Chiplet c in p.Chiplets)
        {
            csv.WriteRecord(["chiplet", c.Name, string.Join(" ", c.Layers), F(c.Cost.AreaMm2), F(c.Cost.EnergyPerImageUj), F(c.Cost.LatencyPerImageUs), F(c.Cost.TopsPerMm2), F(c.Cost.TopsPerW), "", ""]);
        }

        foreach (ChipletTransfer t in p.Transfers)
        {
            csv.WriteRecord(["transfer", $"{t.From}->{t.To}", "", "", F(t.EnergyPj * 1e-6), F(t.TimeNs * 1e-3), "", "", F(t.BitsPerImage), t.Hops.ToString(Inv)]);
        }
    }

    private static string F(double v) => v.ToString("R", Inv);
}
