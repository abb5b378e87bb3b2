using System.Diagnostics;
using System.Globalization;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Benchmarks;

/// <summary>
/// The cost model's speed goals (issue 9): `imcsim cost --model zoo:vgg16` as a whole process and its model time, next to
/// NeuroSim's 129 s for the smaller VGG8 (shared/references/neurosim-vgg8.md, measured on this kind of machine); and 10,000 VGG16
/// design points through the API (adc-bits x array x cols-per-adc x device x node x pipeline), all cores.
/// </summary>
internal static partial class PeerComparison
{
    private const double NeuroSimVgg8Seconds = 129;

    private static void Cost(string root)
    {
        string imcsim = Measure.ImcsimDll(root);
        string outDir = Path.Combine(Path.GetTempPath(), "imcsim-bench-cost");
        var runs = new List<(double Wall, double ModelMs)>();
        for (int i = 0; i < 5; i++)
        {
            var wall = Stopwatch.StartNew();
            string text = Measure.Run("dotnet", [imcsim, "cost", "--model", "zoo:vgg16", "--out", outDir]);
            double seconds = wall.Elapsed.TotalSeconds;
            var m = CostTimeLine().Match(text);
            runs.Add((seconds, double.Parse(m.Groups[1].Value, Inv)));
        }

        double bestWall = runs.Min(r => r.Wall), medianWall = runs.Select(r => r.Wall).Order().ElementAt(runs.Count / 2);
        double medianModel = runs.Select(r => r.ModelMs).Order().ElementAt(runs.Count / 2);

        // In process: load once, then warm evaluations of the same point.
        var settings = SimulationSettings.Create(new Dictionary<string, string> { ["model"] = "zoo:vgg16" });
        var workload = CostWorkload.Load(settings, new CpuKernels());
        workload.Evaluate(settings);
        double warmMs = Measure.BestSeconds(() => workload.Evaluate(settings), 20) * 1e3;

        Console.WriteLine("Cost model on VGG16 (zoo:vgg16, defaults: PCM 32 nm, 128 x 128, 6-bit SAR per 8 columns), NeuroSim V1.4 on the smaller VGG8 took 129 s here");
        Console.WriteLine("| measure | IMCSim | goal | vs NeuroSim VGG8 |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Format(Inv, "| `imcsim cost --model zoo:vgg16`, whole process (best / median of 5; {3}) | {0:F2} s / {1:F2} s | <= 1 s | {2:F0}x faster |", bestWall, medianWall, NeuroSimVgg8Seconds / medianWall,
            imcsim.Contains("publish", StringComparison.Ordinal) ? "ReadyToRun, as ./imcsim runs it" : "JIT build"));
        Console.WriteLine(string.Format(Inv, "| cost model time in that process (median, first evaluation, JIT included) | {0:F1} ms | <= 20 ms | |", medianModel));
        Console.WriteLine(string.Format(Inv, "| one evaluation in a warm process (best of 5 x 20) | {0:F2} ms | | |", warmMs));

        // 10,000 design points through the API.
        var points = new List<Dictionary<string, string>>();
        foreach (string adc in new[] { "3", "4", "5", "6", "7", "8", "9", "10" })
        {
            foreach (string array in new[] { "64x64", "128x128", "256x256", "512x512" })
            {
                foreach (string cols in new[] { "1", "2", "4", "8", "16" })
                {
                    foreach (string device in new[] { "sram", "rram", "pcm", "fefet" })
                    {
                        foreach (string node in new[] { "130", "90", "65", "45", "32", "22", "14", "7" })
                        {
                            foreach (string pipeline in new[] { "true", "false" })
                            {
                                points.Add(new() { ["adc-bits"] = adc, ["array"] = array, ["cols-per-adc"] = cols, ["device"] = device, ["node"] = node, ["pipeline"] = pipeline });
                            }
                        }
                    }
                }
            }
        }

        var sweep = Stopwatch.StartNew();
        var fresh = CostWorkload.Load(settings, new CpuKernels());
        double loadSeconds = sweep.Elapsed.TotalSeconds;
        var tops = new double[points.Count];
        Parallel.For(0, points.Count, i => tops[i] = fresh.Evaluate(settings.With(points[i])).Report.TopsPerW);
        double sweepSeconds = sweep.Elapsed.TotalSeconds;
        Console.WriteLine(string.Format(Inv, "| {0:N0} VGG16 design points through the API ({1} cores; network and activity once, {2:F2} s) | {3:F1} s ({4:F2} ms per point per core) | <= 60 s on 2 cores | |",
            points.Count, Environment.ProcessorCount, loadSeconds, sweepSeconds, sweepSeconds * Environment.ProcessorCount / points.Count * 1e3));
        Console.WriteLine(string.Format(Inv, "TOPS/W over the points: {0:G3} to {1:G3}", tops.Min(), tops.Max()));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"time       cost model ([0-9.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex CostTimeLine();
}
