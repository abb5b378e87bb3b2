using IMCSim.Mapping.Run;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Mapping.Sweeps;

/// <summary>
/// The cost reports (with their per-component breakdown) of chosen points of a sweep, evaluated again from the sweep's settings by
/// the cost model (<see cref="CostWorkload"/>, loaded once per model, dataset and seed). For a simulate sweep the activity is the
/// cost model's (activity-images), so totals can differ slightly from the row's, whose activity came from the simulated samples.
/// </summary>
public static class SweepPointCosts
{
    public static IReadOnlyList<(SweepPoint Point, ChipCostReport Report)> Evaluate(SweepSpec spec, IReadOnlyList<string> keys, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(keys);
        var points = spec.Points.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var workloads = new Dictionary<string, CostWorkload>(StringComparer.Ordinal);
        var reports = new List<(SweepPoint, ChipCostReport)>();
        foreach (string key in keys)
        {
            if (!points.TryGetValue(key, out SweepPoint? point))
            {
                throw new InputException(source, $"has no point '{key}'; its points look like '{spec.Points[0].Key}'");
            }

            var settings = spec.SettingsOf(point);
            string workloadKey = CostWorkload.KeyOf(settings);
            if (!workloads.TryGetValue(workloadKey, out CostWorkload? workload))
            {
                workload = CostWorkload.Load(settings, new CpuKernels(settings.Threads));
                workloads[workloadKey] = workload;
            }

            reports.Add((point, workload.Evaluate(settings).Report));
        }

        return reports;
    }
}
