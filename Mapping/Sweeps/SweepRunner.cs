using System.Collections.Concurrent;
using System.Diagnostics;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Mapping.Sweeps;

/// <summary>
/// One finished point of a sweep: its status ("ok" or "failed" with a one-line reason), accuracies (NaN in cost mode), the cost
/// report (null when failed or when the configuration has no cost model), its seed and its wall time.
/// </summary>
public sealed record SweepRow(SweepPoint Point, string Status, string Reason, double AccuracyFloat, double AccuracyHardware, ChipCostReport? Cost, ulong Seed, double WallSeconds);

/// <summary>
/// Runs a sweep's points that are not done yet, <c>jobs</c> at a time, and hands every finished point to a callback at once (the
/// caller appends it to results.csv). A point that fails (a bad combination, a chip that cannot fit) is a row with its reason; the
/// sweep goes on. Work shared between points is done once: in cost mode the network and its activity per model, dataset and seed
/// (<see cref="CostWorkload"/>); in simulate mode the model, the dataset and the float reference inference per model, dataset and
/// sample count, every array programmed and solved once per model, layer, device, mapping and seed, and once more per drift time,
/// and the calibration passes once per set of programmed arrays and input settings (<see cref="Crossbar.ProgrammingCache"/>), so
/// points that differ only in read-side settings reuse them. Free jobs take points in <see cref="SweepSchedule"/>'s order, so points
/// that share such work rarely start together. Results do not depend on the number of jobs or the order.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs the points of <paramref name="shard"/> that are not in <paramref name="done"/>.</summary>
    public static void Run(SweepSpec spec, IReadOnlySet<string> done, int jobs, SweepShard shard, Action<SweepRow> finished, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(finished);
        var workloads = new ConcurrentDictionary<string, Lazy<CostWorkload>>(StringComparer.Ordinal);
        var models = new ConcurrentDictionary<string, Lazy<Workloads.Graph.NetworkGraph>>(StringComparer.Ordinal);
        var datasets = new ConcurrentDictionary<string, Lazy<Workloads.Datasets.ImageDataset>>(StringComparer.Ordinal);
        var references = new ConcurrentDictionary<string, Lazy<Workloads.Inference.ClassificationResult>>(StringComparer.Ordinal);
        var arrays = new Crossbar.ProgrammingCache();
        int parallelJobs = Math.Max(1, jobs);
        var schedule = new SweepSchedule(spec.Points.Where(p => shard.Holds(p) && !done.Contains(p.Key)));
        Parallel.For(0, parallelJobs, new ParallelOptions { MaxDegreeOfParallelism = parallelJobs, CancellationToken = cancel }, _ =>
        {
            while (!cancel.IsCancellationRequested && schedule.TryTake(out SweepPoint point))
            {
                RunPoint(point);
                schedule.Done(point);
            }
        });
        cancel.ThrowIfCancellationRequested();

        void RunPoint(SweepPoint point)
        {
            var clock = Stopwatch.StartNew();
            ulong seed = spec.Base.Mapping.Seed;
            SweepRow row;
            try
            {
                var settings = ShareCores(spec.SettingsOf(point), parallelJobs);
                seed = settings.Mapping.Seed;
                if (spec.CostOnly)
                {
                    CostWorkload workload = workloads.GetOrAdd(CostWorkload.KeyOf(settings), _ => new Lazy<CostWorkload>(() => CostWorkload.Load(settings, new CpuKernels(1)))).Value;
                    row = new SweepRow(point, "ok", "", double.NaN, double.NaN, workload.Evaluate(settings).Report, seed, clock.Elapsed.TotalSeconds);
                }
                else
                {
                    // The model, the dataset and the float reference are loaded and computed once per model, dataset and sample count.
                    string modelKey = settings.ModelPath ?? "", dataKey = settings.DatasetPath ?? "";
                    var model = models.GetOrAdd(modelKey, _ => new Lazy<Workloads.Graph.NetworkGraph>(() => Workloads.WorkloadFiles.LoadModel(settings.ModelPath))).Value;
                    var data = datasets.GetOrAdd($"{modelKey}|{dataKey}", _ => new Lazy<Workloads.Datasets.ImageDataset>(() => Workloads.WorkloadFiles.LoadDataset(settings.DatasetPath, model))).Value;
                    var request = new SimulationRequest(settings, model, data);
                    // The other jobs wait for it, so it runs on the point's own thread count times the jobs (its results do not depend on threads).
                    int referenceThreads = settings.Threads * parallelJobs;
                    var reference = references.GetOrAdd($"{modelKey}|{dataKey}|{request.Samples}", _ => new Lazy<Workloads.Inference.ClassificationResult>(() => Simulation.Reference(request, new CpuKernels(referenceThreads)))).Value;
                    SimulationResult result = Simulation.Run(request, reference, arrays);
                    row = new SweepRow(point, "ok", result.Summary.Cost is null ? result.Summary.CostNote : "", result.Summary.AccuracyFloat, result.Summary.AccuracyHardware, result.Summary.Cost, seed, clock.Elapsed.TotalSeconds);
                }
            }
            catch (Exception e) when (e is SettingException or InputException)
            {
                string reason = e is SettingException s ? $"{s.Key}: {s.Problem}" : e.Message;
                row = new SweepRow(point, "failed", reason.ReplaceLineEndings(" "), double.NaN, double.NaN, null, seed, clock.Elapsed.TotalSeconds);
            }

            finished(row);
        }
    }

    /// <summary>
    /// A point left to use every core (threads 0) gets its share of them when points run in parallel, so N jobs do not start N
    /// times the cores' threads; results do not depend on the thread count.
    /// </summary>
    private static SimulationSettings ShareCores(SimulationSettings settings, int jobs) =>
        jobs == 1 || settings.Threads != 0
            ? settings
            : settings.With(new Dictionary<string, string>(StringComparer.Ordinal) { [SimulationSchema.Threads.Key] = Math.Max(1, Environment.ProcessorCount / jobs).ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
