using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping.Hyde;

/// <summary>
/// A hybrid-device search on a network and dataset: the chip's settings (every hardware setting of simulate), the devices a layer
/// may take, the search's options, and the dataset's split: the first <see cref="HoldOutImages"/> images confirm the result (what
/// `imcsim simulate --samples N` on the same dataset runs, so best.yaml reproduces it), the next <see cref="SearchImages"/> are the
/// search's.
/// </summary>
/// <param name="CostOnly">No accuracy (a zoo model's random weights, or cost studies): every design is within the budget, the
/// search optimises the objective alone, and the designs are costed from the activity images, not confirmed by simulation.</param>
public sealed record HydeRequest(SimulationSettings Settings, IReadOnlyList<string> Devices, HydeOptions Options, int SearchImages, int HoldOutImages, bool CostOnly = false);

/// <summary>A design confirmed on the held-out images: its settings, and its simulation's accuracies and the cost of its counted activity (cost only: NaN accuracies, the cost model's activity).</summary>
public sealed record HydeDesign(string Label, int[] Choice, SimulationSettings Settings, SimulationSummary Summary);

/// <summary>What a HyDe run found: the search, its evaluator (designs' settings), the best design and every homogeneous baseline confirmed on the held-out images.</summary>
/// <param name="Monolithic">The best design as one chip, from the cost model's activity (what <paramref name="Chiplets"/> is compared with).</param>
/// <param name="Chiplets">The best design as a 2.5D package, one chiplet per device technology joined by SIAM's network-on-package.</param>
public sealed record HydeReport(HydeRequest Request, HydeOutcome Search, HydeEvaluator Evaluator, HydeDesign? Best, IReadOnlyList<HydeDesign> Baselines, double FloatAccuracyHoldOut, double SearchSeconds, double ConfirmSeconds,
    ChipCostReport? Monolithic = null, ChipletPackage? Chiplets = null)
{
    /// <summary>Whether a design's held-out accuracy is within the budget of the float model's on the same images (null without accuracy).</summary>
    public bool? WithinBudget(HydeDesign design) =>
        double.IsNaN(design.Summary.AccuracyHardware) ? null : design.Summary.AccuracyHardware >= design.Summary.AccuracyFloat - (Request.Options.AccuracyBudgetPp / 100);
}

/// <summary>
/// Runs <see cref="HydeSearch"/> on simulations (accuracy on the search images, arrays programmed once per layer and device and
/// shared between designs: <see cref="ProgrammingCache"/>) and the cost model, then confirms the best design and every homogeneous
/// baseline on the held-out images with identical settings.
/// </summary>
public static class HydeRun
{
    public static HydeReport Run(HydeRequest request, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SimulationSettings settings = request.Settings;
        if (request.SearchImages < 1)
        {
            throw new InputException("--search-images", $"must be >= 1, got {request.SearchImages}");
        }

        if (request.HoldOutImages < 1)
        {
            throw new InputException("--holdout-images", $"must be >= 1, got {request.HoldOutImages}");
        }

        if (request.CostOnly)
        {
            return CostOnly(request, clock);
        }

        var graph = WorkloadFiles.LoadModel(settings.ModelPath);
        ImageDataset data = WorkloadFiles.LoadDataset(settings.DatasetPath, graph);
        int holdOut = request.HoldOutImages, search = request.SearchImages;
        if ((long)holdOut + search > data.Count)
        {
            throw new InputException("--search-images and --holdout-images", $"together {(long)holdOut + search} images, more than the dataset's {data.Count}: the held-out images come first, the search images after them");
        }

        ImageDataset searchSplit = data.Images(holdOut, search);
        var kernels = new CpuKernels(settings.Threads);
        var arrays = new ProgrammingCache();
        SimulationSettings all = settings.With(new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Samples.Key] = "0" });
        ClassificationResult searchReference = Simulation.Reference(new SimulationRequest(all, graph, searchSplit), kernels);
        var costs = CostWorkload.Load(settings, kernels);
        int simulations = 0;
        var evaluator = new HydeEvaluator(settings, request.Devices, costs, s =>
        {
            var result = Simulation.Run(new SimulationRequest(s.With(new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Samples.Key] = "0" }), graph, searchSplit), searchReference, arrays);
            progress?.Report($"search {++simulations}: {HydeSearch.Percent(result.Summary.AccuracyHardware)}% {s.DeviceLabel}");
            return result.Summary.AccuracyHardware;
        }, searchReference.Accuracy);
        HydeOutcome outcome = HydeSearch.Run(evaluator, request.Options);
        double searchSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var holdOutSettings = new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Samples.Key] = holdOut.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        ClassificationResult holdOutReference = Simulation.Reference(new SimulationRequest(settings.With(holdOutSettings), graph, data), kernels);
        HydeDesign Confirm(string label, int[] choice)
        {
            SimulationSettings s = evaluator.SettingsOf(choice).With(holdOutSettings);
            var result = Simulation.Run(new SimulationRequest(s, graph, data), holdOutReference, arrays);
            progress?.Report($"held-out {label}: {HydeSearch.Percent(result.Summary.AccuracyHardware)}% {s.DeviceLabel}");
            return new HydeDesign(label, choice, s, result.Summary);
        }

        HydeDesign? best = outcome.Best is { } b ? Confirm("hybrid", b.Choice) : null;
        var baselines = outcome.Baselines.Select(c => Confirm(request.Devices[c.Choice[0]], c.Choice)).ToList();
        var (monolithic, chiplets) = Package(costs, evaluator, outcome);
        return new HydeReport(request, outcome, evaluator, best, baselines, holdOutReference.Accuracy, searchSeconds, clock.Elapsed.TotalSeconds, monolithic, chiplets);
    }

    private static HydeReport CostOnly(HydeRequest request, System.Diagnostics.Stopwatch clock)
    {
        var costs = CostWorkload.Load(request.Settings, new CpuKernels(request.Settings.Threads));
        var evaluator = new HydeEvaluator(request.Settings, request.Devices, costs, _ => double.NaN, double.NaN);
        HydeOutcome outcome = HydeSearch.Run(evaluator, request.Options);
        HydeDesign Design(string label, int[] choice) =>
            new(label, choice, evaluator.SettingsOf(choice), new SimulationSummary(double.NaN, double.NaN, 0, evaluator.Cost(choice), ""));
        HydeDesign? best = outcome.Best is { } b ? Design("hybrid", b.Choice) : null;
        var baselines = outcome.Baselines.Select(c => Design(request.Devices[c.Choice[0]], c.Choice)).ToList();
        var (monolithic, chiplets) = Package(costs, evaluator, outcome);
        return new HydeReport(request, outcome, evaluator, best, baselines, double.NaN, clock.Elapsed.TotalSeconds, 0, monolithic, chiplets);
    }

    /// <summary>The best design as one chip and as one chiplet per device technology (the cost model's activity for both).</summary>
    private static (ChipCostReport? Monolithic, ChipletPackage? Chiplets) Package(CostWorkload costs, HydeEvaluator evaluator, HydeOutcome outcome)
    {
        if (outcome.Best is not { } best)
        {
            return (null, null);
        }

        CostResult r = costs.Evaluate(evaluator.SettingsOf(best.Choice));
        return (r.Report, ChipletPackage.Evaluate(r.Chip, r.Workloads, l => l.Cell.Name, NetworkOnPackage.Siam));
    }

}
