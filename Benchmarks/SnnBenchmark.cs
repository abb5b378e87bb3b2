using System.Diagnostics;
using System.Globalization;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Benchmarks;

/// <summary>
/// Issue 12's performance goal: a T = 8 spiking simulation of the MNIST test set with every non-ideality of the default chip against the
/// DNN `imcsim simulate` default, whole process, in one run; where the time goes in process (crossbar reads against the rest); and
/// the entropy exit's average-timestep saving at the static SNN's accuracy.
/// </summary>
internal static partial class PeerComparison
{
    private static void Snn(string root)
    {
        string imcsim = Measure.ImcsimDll(root);
        string samples = Environment.GetEnvironmentVariable("IMCSIM_BENCH_SNN_SAMPLES") ?? "10000";
        string outDir = Path.Combine(Path.GetTempPath(), "imcsim-bench-snn");
        (double Seconds, string Text) Time(params string[] extra)
        {
            var clock = Stopwatch.StartNew();
            string text = Measure.Run("dotnet", [imcsim, "simulate", "--samples", samples, "--out", outDir, .. extra]);
            return (clock.Elapsed.TotalSeconds, text);
        }

        // The value of a "| key | value |" line of simulate's table.
        static string Value(string text, string key) =>
            text.Split('\n').FirstOrDefault(l => l.Contains("| " + key + " |", StringComparison.Ordinal))?.Split('|', StringSplitOptions.TrimEntries)[2] ?? "";
        string[][] runs = [[], ["--snn", "--timesteps", "8"], ["--snn", "--timesteps", "8", "--input-layer-reads", "once"]];
        Console.WriteLine($"Embedded LeNet-5, {samples} MNIST test images, default chip (every non-ideality), whole process, best of 2 runs interleaved:");
        Console.WriteLine("| run | seconds | ratio | goal | hardware accuracy | energy per image (uJ) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var first = runs.Select(r => Time(r)).ToList();
        var second = runs.Select(r => Time(r)).ToList();
        double dnnSeconds = Math.Min(first[0].Seconds, second[0].Seconds);
        for (int i = 0; i < runs.Length; i++)
        {
            double seconds = Math.Min(first[i].Seconds, second[i].Seconds);
            Console.WriteLine(string.Format(Inv, "| imcsim simulate {0} | {1:F1} | {2:F2}x | {3} | {4} | {5} |", i == 0 ? "(DNN default)" : string.Join(' ', runs[i]), seconds, seconds / dnnSeconds,
                i == 0 ? "" : "<= 1.5x", Value(first[i].Text, "hardware accuracy"), Value(first[i].Text, "energy per image (uJ)")));
        }

        // In process: the share of crossbar reads in each run's hardware time (IMCSIM_BENCH_SNN_SHAPES=1: per read shape too).
        Console.WriteLine();
        Console.WriteLine("| in process, 1000 images | hardware seconds | in CrossbarRead | rest (graph, neurons, im2row, pooling) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (label, extra) in new (string, Dictionary<string, string>)[] { ("DNN", []), ("SNN, T = 8", new() { ["snn"] = "true", ["timesteps"] = "8" }),
            ("SNN, T = 8, input layer read once", new() { ["snn"] = "true", ["timesteps"] = "8", ["input-layer-reads"] = "once" }) })
        {
            var values = new Dictionary<string, string>(extra) { ["samples"] = "1000" };
            var request = SimulationRequest.Load(SimulationSettings.Create(values));
            var kernels = new TimingKernels(new CpuKernels());
            var result = Simulation.RunWith(request, kernels);
            double read = kernels.Calls.Values.Sum(c => c.Seconds) + kernels.OtherReadSeconds;
            Console.WriteLine(string.Format(Inv, "| {0} | {1:F2} | {2:F2} | {3:F2} |", label, result.HardwareSeconds, read, result.HardwareSeconds - read));
            if (Environment.GetEnvironmentVariable("IMCSIM_BENCH_SNN_SHAPES") is not null)
            {
                foreach (var (shape, (flops, seconds)) in kernels.Calls.OrderByDescending(c => c.Value.Seconds))
                {
                    Console.WriteLine(string.Format(Inv, "|   {0} | | {1:F2} | |", shape, seconds));
                }

                Console.WriteLine(string.Format(Inv, "|   calibration reads | | {0:F2} | |", kernels.OtherReadSeconds));
            }
        }

        // Dynamic timesteps on SRAM (the converted SNN keeps its accuracy there): the entropy exit against the static SNN.
        Console.WriteLine();
        Console.WriteLine("| SRAM, T <= 8 | hardware accuracy | timesteps (average used) |");
        Console.WriteLine("|---|---|---|");
        foreach (string[] extra in new[] { new[] { "--snn", "--device", "sram", "--timesteps", "8" }, ["--snn", "--device", "sram", "--timesteps", "8", "--exit", "entropy", "--exit-threshold", "0.9"], ["--snn", "--device", "sram", "--timesteps", "8", "--exit", "entropy", "--exit-threshold", "0.8"] })
        {
            var run = Time(extra);
            Console.WriteLine($"| {string.Join(' ', extra)} | {Value(run.Text, "hardware accuracy")} | {Value(run.Text, "timesteps (average used)")} |");
        }
    }
}
