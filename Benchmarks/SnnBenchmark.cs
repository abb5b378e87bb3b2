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

        static string Line(string text, string key) => text.Split('\n').FirstOrDefault(l => l.Contains(key, StringComparison.Ordinal))?.Trim() ?? "";
        var dnn = Time();
        var snn = Time("--snn", "--timesteps", "8");
        Console.WriteLine($"Embedded LeNet-5, {samples} MNIST test images, default chip (every non-ideality), whole process, 2 runs interleaved:");
        Console.WriteLine("| run | seconds | ratio | goal | hardware accuracy |");
        Console.WriteLine("|---|---|---|---|---|");
        var dnn2 = Time();
        var snn2 = Time("--snn", "--timesteps", "8");
        double d = Math.Min(dnn.Seconds, dnn2.Seconds), s = Math.Min(snn.Seconds, snn2.Seconds);
        Console.WriteLine(string.Format(Inv, "| imcsim simulate (DNN default) | {0:F1} | 1 | | {1} |", d, Line(dnn.Text, "hardware accuracy")));
        Console.WriteLine(string.Format(Inv, "| imcsim simulate --snn --timesteps 8 | {0:F1} | {1:F2}x | <= 1.5x | {2} |", s, s / d, Line(snn.Text, "hardware accuracy")));

        // In process: the share of crossbar reads in each run's hardware time (IMCSIM_BENCH_SNN_SHAPES=1: per read shape too).
        Console.WriteLine();
        Console.WriteLine("| in process, 1000 images | hardware seconds | in CrossbarRead | rest (graph, neurons, im2row, pooling) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (label, extra) in new (string, Dictionary<string, string>)[] { ("DNN", []), ("SNN, T = 8", new() { ["snn"] = "true", ["timesteps"] = "8" }) })
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
        Console.WriteLine("| SRAM, T <= 8 | hardware accuracy | average timesteps |");
        Console.WriteLine("|---|---|---|");
        foreach (string[] extra in new[] { new[] { "--snn", "--device", "sram", "--timesteps", "8" }, ["--snn", "--device", "sram", "--timesteps", "8", "--exit", "entropy", "--exit-threshold", "0.9"], ["--snn", "--device", "sram", "--timesteps", "8", "--exit", "entropy", "--exit-threshold", "0.95"] })
        {
            var run = Time(extra);
            Console.WriteLine($"| {string.Join(' ', extra)} | {Line(run.Text, "hardware accuracy")} | {Line(run.Text, "timesteps (average used)")} |");
        }
    }
}
