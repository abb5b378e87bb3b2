using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Benchmarks;

/// <summary>
/// IMCSim against the limits named in the issues, measured in one run on one machine:
/// GEMM vs OpenBLAS sgemm (numpy), float inference vs onnxruntime-node.
/// </summary>
internal static partial class PeerComparison
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        string root = Measure.RepoRoot();
        Console.WriteLine($"IMCSim peer comparison, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
        Console.WriteLine();
        var sections = new (string Name, Action<string> Run)[] { ("gemm", Gemm), ("infer", Inference), ("simulate", Simulate), ("irdrop", IrDrop), ("readengine", ReadEngine), ("cost", Cost), ("macro", Macro), ("sweep", Sweep), ("hyde", Hyde), ("snn", Snn) };
        string[] unknown = [.. args.Where(a => !sections.Any(s => s.Name == a))];
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"unknown section '{unknown[0]}'; valid: {string.Join(", ", sections.Select(s => s.Name))} (none = all)");
            return 2;
        }

        foreach (var (name, run) in sections.Where(s => args.Length == 0 || args.Contains(s.Name)))
        {
            run(root);
            Console.WriteLine();
        }

        return 0;
    }

    /// <summary>One exact crossbar solve (setup included) against scipy's spsolve on the same circuit, and effective-matrix times.</summary>
    private static void IrDrop(string root)
    {
        string script = Path.Combine(root, "Benchmarks", "Peers", "scipy_crossbar.py");
        Console.WriteLine("IR-drop solve of one N x N crossbar (Rs 100 ohm, column ends through one wire segment to ground), setup + solve, relative residual <= 1e-12");
        Console.WriteLine("| case | scipy spsolve (s) | scipy peak (MB) | IMCSim first (ms) | IMCSim best of 3 (ms) | iterations | residual | speed-up (best) | max rel. diff vs scipy |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (n, gMin, gMax, rw) in new[] { (128, 1e-6, 1e-4, 1.0), (256, 1e-6, 1e-4, 1.0), (512, 1e-6, 1e-4, 1.0), (256, 1e-5, 1e-3, 2.5), (512, 1e-5, 1e-3, 2.5) })
        {
            string prefix = Path.Combine(Path.GetTempPath(), $"imcsim-bench-xbar-{n}-{gMax}");
            var peer = JsonDocument.Parse(Measure.Run("/usr/bin/python3", [script, $"{n}", gMin.ToString("R", Inv), gMax.ToString("R", Inv), rw.ToString("R", Inv), "100", prefix])).RootElement;
            double[] g = ReadDoubles(prefix + ".g"), v = ReadDoubles(prefix + ".v"), reference = ReadDoubles(prefix + ".i");
            var circuit = new IMCSim.Simulator.Circuit.CrossbarCircuit(n, n, g, 100, rw, rw, rw);
            double first = 0, best = double.MaxValue;
            IMCSim.Simulator.Circuit.SolveResult? result = null;
            for (int r = 0; r < 4; r++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                result = new IMCSim.Simulator.Circuit.CrossbarSolver(circuit).Solve(v);
                double ms = clock.Elapsed.TotalMilliseconds;
                if (r == 0)
                {
                    first = ms;
                }
                else
                {
                    best = Math.Min(best, ms);
                }
            }

            double diff = Enumerable.Range(0, n).Max(j => Math.Abs(result!.CurrentsA[j] - reference[j]) / Math.Abs(reference[j]));
            double scipySeconds = peer.GetProperty("seconds").GetDouble();
            Console.WriteLine(string.Format(Inv, "| {0} x {0}, cells {1:G2}-{2:G2} S, {3} ohm wires | {4:F3} | {5:F0} | {6:F1} | {7:F1} | {8} | {9:E1} | {10:F0}x | {11:E1} |",
                n, gMin, gMax, rw, scipySeconds, peer.GetProperty("peak_mb").GetDouble(), first, best, result!.Iterations, result.RelativeResidual, scipySeconds * 1000 / best, diff));
        }

        Console.WriteLine();
        Console.WriteLine("| effective matrix (N x N, cells 1e-6-1e-4 S, 1 ohm wires) | time (s) | goal |");
        Console.WriteLine("|---|---|---|");
        foreach (var (n, goal) in new[] { (128, "<= 0.025 s"), (256, "<= 0.3 s") })
        {
            var rng = new Random(1);
            double[] g = [.. Enumerable.Range(0, n * n).Select(_ => 1e-6 + (99e-6 * rng.NextDouble()))];
            var circuit = new IMCSim.Simulator.Circuit.CrossbarCircuit(n, n, g, 100, 1, 1, 0);
            double best = Measure.BestSeconds(() => IMCSim.Simulator.Circuit.EffectiveMatrix.Compute(circuit), reps: 1, rounds: 3, warmup: 1);
            Console.WriteLine(string.Format(Inv, "| {0} x {0} | {1:F3} | {2} |", n, best, goal));
        }
    }

    private static double[] ReadDoubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    /// <summary>The default `imcsim simulate` (PCM, all non-idealities, 10,000 images) as a user runs it, beside float inference in the same process.</summary>
    private static void Simulate(string root)
    {
        string imcsim = Measure.ImcsimDll(root);
        string outDir = Path.Combine(Path.GetTempPath(), "imcsim-bench-simulate");
        var wall = System.Diagnostics.Stopwatch.StartNew();
        string text = Measure.Run("dotnet", [imcsim, "simulate", "--parasitics", "none", "--out", outDir]);
        double wallSeconds = wall.Elapsed.TotalSeconds;
        Match m = TimeLine().Match(text);
        wall.Restart();
        string exact = Measure.Run("dotnet", [imcsim, "simulate", "--parasitics", "exact", "--out", outDir]);
        double exactWall = wall.Elapsed.TotalSeconds;
        Match e = TimeLine().Match(exact);
        Console.WriteLine("`imcsim simulate` defaults: embedded LeNet-5, 10,000 MNIST images, PCM 1 day, all non-idealities, 8-bit weights in 2-bit cells, 8-bit bit-serial inputs, 6-bit ADC, read noise on every read");
        Console.WriteLine("| float inference (s) | hardware simulation (s) | ratio | whole process (s) | peak memory (MB) | goal |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(string.Format(Inv, "| {0} (with --parasitics none) | {1} | {2}x | {3:F1} | {4} | simulation <= 30 s |", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, wallSeconds, m.Groups[4].Value));
        Console.WriteLine(string.Format(Inv, "| {0} (with --parasitics exact, the default) | {1} | {2}x | {3:F1} | {4} | exact / none <= 1.3 (here {5:F2}) |", e.Groups[1].Value, e.Groups[2].Value, e.Groups[3].Value, exactWall, e.Groups[4].Value,
            double.Parse(e.Groups[2].Value, Inv) / double.Parse(m.Groups[2].Value, Inv)));

        // An earlier build of imcsim (IMCSIM_BENCH_BASELINE = its imcsim.dll) on the same default run, for regressions.
        if (Environment.GetEnvironmentVariable("IMCSIM_BENCH_BASELINE") is { Length: > 0 } baseline)
        {
            wall.Restart();
            Match b = TimeLine().Match(Measure.Run("dotnet", [baseline, "simulate", "--out", outDir + "-baseline"]));
            double baselineWall = wall.Elapsed.TotalSeconds;
            Console.WriteLine(string.Format(Inv, "| {0} (baseline build, default) | {1} | {2}x | {3:F1} | {4} | this build / baseline <= 1.1 (here {5:F2} whole process) |", b.Groups[1].Value, b.Groups[2].Value, b.Groups[3].Value, baselineWall, b.Groups[4].Value, exactWall / baselineWall));
        }
    }

    [GeneratedRegex(@"float inference ([0-9.]+) s, hardware simulation ([0-9.]+) s \(([0-9.]+)x\), \d+ threads, peak memory (\d+) MB")]
    private static partial Regex TimeLine();

    private static void Gemm(string root)
    {
        string script = Path.Combine(root, "Benchmarks", "Peers", "openblas_sgemm.py");
        Console.WriteLine("GEMM, float32, C[M,N] = A[M,K] B[K,N], GFLOP/s (best of 5)");
        Console.WriteLine("| shape (M x N x K) | IMCSim CpuKernels | OpenBLAS as configured here | ratio | OpenBLAS native AVX-512 | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var kernels = new CpuKernels();
        foreach (var (m, n, k, reps, label) in new[] { (256, 128, 128, 400, "256 x 128 x 128 (128x128 weights, batch 256)"), (1024, 1024, 1024, 10, "1024 x 1024 x 1024") })
        {
            var rng = new Random(1);
            float[] a = [.. Enumerable.Range(0, m * k).Select(_ => rng.NextSingle())];
            float[] b = [.. Enumerable.Range(0, k * n).Select(_ => rng.NextSingle())];
            float[] c = new float[m * n];
            var g = GemmArgs.Dense(m, n, k);
            double ours = 2.0 * m * n * k / Measure.BestSeconds(() => kernels.Gemm(g, a, b, c), reps) / 1e9;
            string[] pyArgs = [script, $"{m}", $"{n}", $"{k}", $"{reps}"];
            var configured = JsonDocument.Parse(Measure.Run("/usr/bin/python3", pyArgs)).RootElement;
            var native = JsonDocument.Parse(Measure.Run("/usr/bin/python3", pyArgs, new Dictionary<string, string?> { ["OPENBLAS_CORETYPE"] = null, ["OPENBLAS_L2_SIZE"] = null })).RootElement;
            double cfg = configured.GetProperty("gflops").GetDouble(), nat = native.GetProperty("gflops").GetDouble();
            Console.WriteLine(string.Format(Inv, "| {0} | {1:F1} | {2:F1} ({3}) | {4:F2} | {5:F1} ({6}) | {7:F2} |",
                label, ours, cfg, configured.GetProperty("kernel").GetString(), ours / cfg, nat, native.GetProperty("kernel").GetString(), ours / nat));
        }
    }

    private static void Inference(string root)
    {
        string model = Path.Combine(root, "Workloads", "Embedded", "models", "lenet5-mnist.onnx");
        var data = DatasetLoader.LoadEmbeddedMnist();
        var graph = OnnxModelReader.ReadFile(model);
        const int batch = 256;

        // IMCSim, in process, warm (best of 5 passes over the 10,000 images after one warm-up pass).
        var executor = new GraphExecutor(graph, new CpuKernels());
        double warm = Measure.BestSeconds(() => ImageClassifier.Run(executor, data, data.Count, batch), reps: 1, rounds: 5, warmup: 1);

        // IMCSim, the real command: a fresh process each time, as a user runs it (best of 3; throughput it prints).
        string imcsim = Measure.ImcsimDll(root);
        string outDir = Path.Combine(Path.GetTempPath(), "imcsim-bench-infer");
        double cold = 0;
        for (int i = 0; i < 3; i++)
        {
            string text = Measure.Run("dotnet", [imcsim, "infer", "--out", outDir, "--batch", $"{batch}"]);
            cold = Math.Max(cold, double.Parse(ThroughputLine().Match(text).Groups[1].Value, Inv));
        }

        // onnxruntime-node on the same model, input and batch size (3 warm-up batches, best of 3 processes).
        string input = Path.Combine(Path.GetTempPath(), "imcsim-bench-mnist.f32");
        float[] pixels = ImageInputLayout.For(graph, data).Batch(data, 0, data.Count).Data;
        File.WriteAllBytes(input, MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
        string ort = Path.Combine(root, "Tests", "Reference", "ort", "ort-run.mjs");
        double ortBest = 0, ortCold = 0;
        for (int i = 0; i < 3; i++)
        {
            string json = Measure.Run("node", [ort, model, input, $"{data.Count},1,28,28", input + ".out", $"{batch}", "0", "3"]);
            ortBest = Math.Max(ortBest, JsonDocument.Parse(json).RootElement.GetProperty("samplesPerSecond").GetDouble());
            json = Measure.Run("node", [ort, model, input, $"{data.Count},1,28,28", input + ".out", $"{batch}", "0", "0"]);
            ortCold = Math.Max(ortCold, JsonDocument.Parse(json).RootElement.GetProperty("samplesPerSecond").GetDouble());
        }

        Console.WriteLine($"Float inference, embedded LeNet-5, 10,000 MNIST test images, batch {batch}, images/s");
        Console.WriteLine("| pass | onnxruntime-node 1.30.0 | IMCSim | IMCSim / onnxruntime |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Format(Inv, "| warm: after warm-up batches, best of 3 (ORT) / 5 (IMCSim, in-process) | {0:F0} | {1:F0} | {2:F2} |", ortBest, data.Count / warm, data.Count / warm / ortBest));
        Console.WriteLine(string.Format(Inv, "| first pass of a new process, model already loaded (IMCSim: `imcsim infer`), best of 3 | {0:F0} | {1:F0} | {2:F2} |", ortCold, cold, cold / ortCold));
    }

    [GeneratedRegex(@"throughput\s+([0-9.]+) images/s")]
    private static partial Regex ThroughputLine();
}
