using System.CommandLine;
using System.Globalization;
using IMCSim.Cli.Output;
using IMCSim.Mapping.Hyde;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim hyde`: the hybrid-device search (<see cref="HydeRun"/>): a device per crossbar layer that optimises the objective within
/// the accuracy budget, with every hardware setting of simulate; writes candidates.csv, pareto.csv, best.yaml and summary.csv.
/// </summary>
internal static class HydeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("hyde", "Hybrid-device search: one device per layer that beats every single-device chip on the objective within the accuracy budget.");
        var settings = new SettingsOptions(command);
        var devices = new Option<string>("--devices") { Description = "devices a layer may take, comma-separated (catalog names or device files)", DefaultValueFactory = _ => "sram,pcm,fefet,rram" };
        var budget = new Option<double>("--accuracy-budget") { Description = "accuracy the design may lose, percentage points below the float model on the search images", DefaultValueFactory = _ => 1.0 };
        var objective = new Option<string>("--objective") { Description = $"what to optimise: {string.Join(", ", HydeObjective.All.Select(o => o.Name))}", DefaultValueFactory = _ => HydeObjective.TopsPerMm2.Name };
        var evaluations = new Option<int>("--budget-evaluations") { Description = "accuracy simulations at most (phase 1's included)", DefaultValueFactory = _ => 60 };
        var searchImages = new Option<int>("--search-images") { Description = "images the search simulates (after the held-out ones)", DefaultValueFactory = _ => 1000 };
        var holdOutImages = new Option<int>("--holdout-images") { Description = "the dataset's first images, that confirm the result (never seen by the search)", DefaultValueFactory = _ => 2000 };
        var costOnly = new Option<bool>("--cost-only") { Description = "no accuracy (e.g. a zoo model's random weights): optimise the objective alone with the cost model, no dataset" };
        foreach (Option o in new Option[] { devices, budget, objective, evaluations, searchImages, holdOutImages, costOnly })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => settings.Parse(parse, (s, _) => Run(s, parse.GetValue(devices)!, parse.GetValue(budget), parse.GetValue(objective)!, parse.GetValue(evaluations),
            parse.GetValue(searchImages), parse.GetValue(holdOutImages), parse.GetValue(costOnly), output, error)));
        return command;
    }

    private static int Run(SimulationSettings settings, string deviceList, double budgetPp, string objectiveName, int evaluations, int searchImages, int holdOutImages, bool costOnly, TextWriter output, TextWriter error)
    {
        var devices = deviceList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (devices.Count == 0)
        {
            throw new InputException("--devices", "needs at least one device, e.g. sram,pcm,fefet,rram");
        }

        if (devices.Distinct(StringComparer.Ordinal).Count() != devices.Count)
        {
            throw new InputException("--devices", $"lists a device twice: {deviceList}");
        }

        foreach (string d in devices)
        {
            try
            {
                settings.With(new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Device.Key] = d });
            }
            catch (SettingException e) when (e.Key == SimulationSchema.Device.Key)
            {
                throw new InputException("--devices", e.Problem);
            }
        }

        if (!double.IsFinite(budgetPp) || budgetPp < 0 || budgetPp > 100)
        {
            throw new InputException("--accuracy-budget", $"must be 0..100 percentage points, got {budgetPp.ToString(CultureInfo.InvariantCulture)}");
        }

        if (evaluations < devices.Count)
        {
            throw new InputException("--budget-evaluations", $"must be at least the {devices.Count} homogeneous baselines, got {evaluations}");
        }

        if (settings.LayerDevices.Count > 0)
        {
            throw new InputException("--layer-device", "hyde chooses every layer's device; leave --layer-device out");
        }

        HydeObjective goal = HydeObjective.Parse(objectiveName);
        if (settings.ModelPath is null && settings.DatasetPath is null && !costOnly)
        {
            // HyDe's default workload: the VGG-style network trained on Fashion-MNIST and its test set (Workloads/Embedded/README.md).
            settings = settings.With(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [SimulationSchema.Model.Key] = Workloads.EmbeddedAssets.FashionModelName,
                [SimulationSchema.Dataset.Key] = Workloads.EmbeddedAssets.FashionDatasetName,
            });
        }

        string outDir = WorkloadOptions.PrepareOutput(settings.Get(SimulationSchema.Out));
        var request = new HydeRequest(settings, devices, new HydeOptions(budgetPp, goal, evaluations, Seed: settings.Mapping.Seed), searchImages, holdOutImages, costOnly);
        HydeReport report = HydeRun.Run(request, new Progress(error));

        HydeWriter.WriteCandidates(Path.Combine(outDir, "candidates.csv"), report);
        HydeWriter.WritePareto(Path.Combine(outDir, "pareto.csv"), report);
        HydeWriter.WriteSummary(Path.Combine(outDir, "summary.csv"), report);
        if (report.Best is { } best)
        {
            HydeWriter.WriteBestConfig(Path.Combine(outDir, "best.yaml"), best);
        }

        var inv = CultureInfo.InvariantCulture;
        HydeOutcome s = report.Search;
        output.WriteLine($"model      {settings.ModelPath ?? Workloads.WorkloadFiles.DefaultModelLabel}; {report.Evaluator.Layers.Count} crossbar layers x {devices.Count} devices ({string.Join(", ", devices)})");
        string space = s.Exhaustive ? "the whole space" : "greedy + evolutionary";
        output.WriteLine(costOnly
            ? string.Format(inv, "search     cost only (no accuracy), objective {0}; {1} designs costed ({2}), {3:F1} s", goal.Description, s.CostEvaluations, space, report.SearchSeconds)
            : string.Format(inv, "search     {0} images (float {1:P2}), target {2:P2} ({3} pp budget), objective {4}; {5} simulations, {6} designs costed ({7}), interaction margin {8:F2} pp, {9:F1} s",
                searchImages, report.Evaluator.FloatAccuracy, s.TargetAccuracy, budgetPp, goal.Description, s.Simulated.Count, s.CostEvaluations, space, s.InteractionMargin * 100, report.SearchSeconds));
        output.WriteLine(report.Best is null
            ? "best       no design meets the accuracy budget on the search images (see candidates.csv)"
            : $"best       {report.Best.Settings.DeviceLabel}");
        output.WriteLine();
        output.WriteLine(costOnly ? "designs    costed from the activity images" : string.Format(inv, "held-out   first {0} images (float {1:P2}), {2:F1} s", holdOutImages, report.FloatAccuracyHoldOut, report.ConfirmSeconds));
        output.WriteLine("| design | accuracy | area (mm^2) | TOPS/mm^2 | TOPS/W | EDP (uJ x us) | hybrid TOPS/mm^2 ratio | hybrid TOPS/W ratio |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        ChipCostReport? hybrid = report.Best?.Summary.Cost;
        foreach (HydeDesign d in report.Best is null ? report.Baselines : report.Baselines.Prepend(report.Best))
        {
            ChipCostReport? c = d.Summary.Cost;
            output.WriteLine(c is null
                ? $"| {d.Label} | {d.Summary.AccuracyHardware.ToString("P2", inv)} | {d.Summary.CostNote} | | | | | |"
                : string.Format(inv, "| {0} | {1} | {2:F3} | {3:F5} | {4:F3} | {5:G4} | {6} | {7} |", d.Label, double.IsNaN(d.Summary.AccuracyHardware) ? "n/a" : d.Summary.AccuracyHardware.ToString("P2", inv) + (report.WithinBudget(d) == true ? "" : " (outside the budget)"), c.AreaMm2, c.TopsPerMm2, c.TopsPerW, c.EdpUjUs,
                    hybrid is null ? "" : (hybrid.TopsPerMm2 / c.TopsPerMm2).ToString("F2", inv) + "x", hybrid is null ? "" : (hybrid.TopsPerW / c.TopsPerW).ToString("F2", inv) + "x"));
        }

        if (report.Chiplets is { } p && report.Monolithic is { } m)
        {
            HydeWriter.WriteChiplets(Path.Combine(outDir, "chiplets.csv"), report);
            output.WriteLine();
            output.WriteLine($"2.5D       the best design as {p.Chiplets.Count} chiplet(s) ({string.Join(", ", p.Chiplets.Select(c => $"{c.Name}: {c.Layers.Count} layers"))}) on a network-on-package "
                + string.Format(inv, "({0} pJ/bit/hop, {1} x {2} Gb/s lanes, {3} ns/hop; SIAM), {4} transfers per image", p.Nop.EnergyPjPerBitHop, p.Nop.LanesPerChiplet, p.Nop.LaneGbps, p.Nop.HopLatencyNs, p.Transfers.Count));
            output.WriteLine("| package | area (mm^2) | energy per image (uJ) | latency per image (us) | TOPS/mm^2 | TOPS/W |");
            output.WriteLine("|---|---|---|---|---|---|");
            output.WriteLine(string.Format(inv, "| monolithic | {0:F3} | {1:F4} | {2:F3} | {3:F5} | {4:F3} |", m.AreaMm2, m.EnergyPerImageUj, m.LatencyPerImageUs, m.TopsPerMm2, m.TopsPerW));
            output.WriteLine(string.Format(inv, "| chiplets | {0:F3} | {1:F4} | {2:F3} | {3:F5} | {4:F3} |", p.AreaMm2, p.EnergyPerImageUj, p.LatencyPerImageUs, p.TopsPerMm2, p.TopsPerW));
        }

        HydeReportPage.Write(outDir, report);
        output.WriteLine();
        output.WriteLine($"wrote      {Path.Combine(outDir, "candidates.csv")}, pareto.csv, summary.csv{(report.Best is null ? "" : ", best.yaml, chiplets.csv")}, report.html, report/*.png");
        return ImcsimApp.ExitOk;
    }

    /// <summary>One line per simulation on stderr.</summary>
    private sealed class Progress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine("hyde: " + value);
    }
}
