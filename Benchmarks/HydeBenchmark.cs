using System.Diagnostics;

namespace IMCSim.Benchmarks;

/// <summary>
/// The HyDe goals (issue 11), whole processes as a user runs them: `imcsim hyde` with its defaults (the Fashion-MNIST VGG-style model,
/// 4 devices; goal: at most 15 minutes on 2 cores), and a cost-only search over VGG16 (zoo, CIFAR-10 shapes) with 4 devices per layer
/// (goal: at most 60 s), whose hybrid-over-homogeneous ratios are printed beside HyDe's published 2.30-2.74x TOPS/mm^2 and 22-26 %
/// TOPS/W (Bhattacharjee, Moitra, Panda, JETCAS 2023).
/// </summary>
internal static partial class PeerComparison
{
    private static void Hyde(string root)
    {
        string imcsim = Measure.ImcsimDll(root);
        string work = Path.Combine(Path.GetTempPath(), "imcsim-bench-hyde");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Console.WriteLine($"HyDe, whole processes ({Environment.ProcessorCount} cores)");
        Console.WriteLine("| run | IMCSim | goal |");
        Console.WriteLine("|---|---|---|");
        var clock = Stopwatch.StartNew();
        Measure.Run("dotnet", [imcsim, "hyde", "--cost-only", "--model", "zoo:vgg16", "--out", Path.Combine(work, "vgg16")]);
        double costOnly = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Format(Inv, "| `imcsim hyde --cost-only --model zoo:vgg16` (16 layers x 4 devices, TOPS/mm^2) | {0:F1} s | <= 60 s |", costOnly));
        clock.Restart();
        Measure.Run("dotnet", [imcsim, "hyde", "--out", Path.Combine(work, "fmnist")]);
        double full = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Format(Inv, "| `imcsim hyde` (Fashion-MNIST VGG-style, 7 layers x 4 devices, 1000 search + 2000 held-out images) | {0:F0} s | <= 900 s |", full));
        Console.WriteLine();

        foreach (var (name, label) in new[] { ("vgg16", "VGG16 cost only"), ("fmnist", "Fashion-MNIST VGG, 1 pp budget, held-out") })
        {
            var rows = IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(work, name, "summary.csv"));
            Console.WriteLine($"{label}: the hybrid against each homogeneous chip (HyDe published 2.30-2.74x TOPS/mm^2 at 1.22-1.26x TOPS/W for VGG16)");
            Console.WriteLine("| design | devices | accuracy | TOPS/mm^2 | TOPS/W | hybrid TOPS/mm^2 ratio | hybrid TOPS/W ratio |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var f in rows)
            {
                Console.WriteLine($"| {f["design"]} | {f["devices"]} | {f["accuracy_hw"]} | {Round(f["tops_per_mm2"])} | {Round(f["tops_per_w"])} | {Round(f["hybrid_tops_per_mm2_ratio"])}x | {Round(f["hybrid_tops_per_w_ratio"])}x |");
            }

            Console.WriteLine();
        }
    }

    private static string Round(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, Inv, out double v) ? v.ToString("G4", Inv) : value;
}
