using System.Diagnostics;
using System.Globalization;
using IMCSim.Mapping;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;

namespace IMCSim.Benchmarks;

/// <summary>
/// The crossbar read engine on a convolution-heavy network (the small ResNet in Benchmarks/Models):
/// whole-process times of `imcsim simulate --device sram` and `imcsim infer` on the same images, and
/// in-process the read engine's effective GFLOP/s (the FLOPs of its digit x conductance and
/// squared-digit x variance GEMMs per second of CrossbarRead) next to CpuKernels.Gemm on the same shapes.
/// </summary>
internal static partial class PeerComparison
{
    private static void ReadEngine(string root)
    {
        string model = Environment.GetEnvironmentVariable("IMCSIM_BENCH_RESNET_MODEL") ?? Path.Combine(root, "Benchmarks", "Models", "resnet8-mnist.onnx");
        string imcsim = Measure.ImcsimDll(root);
        string outDir = Path.Combine(Path.GetTempPath(), "imcsim-bench-resnet");
        string samples = Environment.GetEnvironmentVariable("IMCSIM_BENCH_RESNET_SAMPLES") ?? "10000";
        string[] simulate = [imcsim, "simulate", "--model", model, "--device", "sram", "--samples", samples, "--out", outDir];
        var wall = Stopwatch.StartNew();
        Measure.Run("dotnet", [imcsim, "infer", "--model", model, "--samples", samples, "--out", outDir + "-infer"]);
        double inferWall = wall.Elapsed.TotalSeconds;
        wall.Restart();
        string text = Measure.Run("dotnet", simulate);
        double simWall = wall.Elapsed.TotalSeconds;
        var m = TimeLine().Match(text);
        string accuracy = string.Join(", ", text.Split('\n').Where(l => l.Contains("accuracy", StringComparison.Ordinal)).Select(l => l.Trim()));
        Console.WriteLine($"Small ResNet (Benchmarks/Models/{Path.GetFileName(model)}), {samples} MNIST images, `imcsim simulate --device sram` (1-bit cells, 8-bit weights, 8-bit bit-serial inputs, 6-bit ADC, exact parasitics): {accuracy}");
        Console.WriteLine("| whole process | seconds | ratio to infer | goal |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Format(Inv, "| imcsim infer | {0:F1} | 1 | |", inferWall));
        Console.WriteLine(string.Format(Inv, "| imcsim simulate --device sram | {0:F1} | {1:F1}x | <= 60 s on 2 cores, <= 12x infer (in-process: float {2} s, hardware {3} s) |", simWall, simWall / inferWall, m.Groups[1].Value, m.Groups[2].Value));

        // In process: time every CrossbarRead call of a 1000-image run and count its GEMM FLOPs.
        var kernels = new TimingKernels(new CpuKernels());
        var settings = SimulationSettings.Create(new Dictionary<string, string> { ["model"] = model, ["device"] = "sram" });
        var graph = WorkloadFiles.LoadModel(model);
        var data = WorkloadFiles.LoadDataset(null);
        var mapped = new MappedNetwork(graph, settings.Mapping, settings.Devices, kernels, kernels.MaxThreads);
        mapped.Calibrate(data);
        kernels.Reset();
        int inProcess = Math.Min(1000, int.Parse(samples, CultureInfo.InvariantCulture));
        mapped.Run(data, inProcess, 256);
        Console.WriteLine();
        Console.WriteLine("| layer shape (rows x cycles, K, plane width) | read engine GFLOP/s (effective) | CpuKernels.Gemm GFLOP/s, same shape | ratio | goal |");
        Console.WriteLine("|---|---|---|---|---|");
        double readFlops = 0, readSeconds = 0, gemmSeconds = 0;
        foreach (var (shape, (flops, seconds)) in kernels.Calls.OrderByDescending(c => c.Value.Flops))
        {
            double gemm = GemmSecondsFor(shape, kernels.Inner, flops);
            readFlops += flops;
            readSeconds += seconds;
            gemmSeconds += gemm;
            Console.WriteLine(string.Format(Inv, "| {0} | {1:F1} | {2:F1} | {3:F2} | |", shape, flops / seconds / 1e9, flops / gemm / 1e9, gemm / seconds));
        }

        Console.WriteLine(string.Format(Inv, "| all crossbar layers, " + inProcess + " images | {0:F1} | {1:F1} | {2:F2} | >= 0.5 |", readFlops / readSeconds / 1e9, readFlops / gemmSeconds / 1e9, gemmSeconds / readSeconds));
    }

    /// <summary>Seconds CpuKernels.Gemm (all threads) takes for the FLOPs of the calls of one shape (M = rows x cycles, K = one row tile, N = width), at that shape's measured rate.</summary>
    private static double GemmSecondsFor(TimingKernels.Shape shape, CpuKernels kernels, double flops)
    {
        // At most 32,768 rows: GEMM throughput has converged long before, and memory stays small.
        int m = Math.Min(shape.RowsTimesCycles, 32768), k = shape.TileRows, n = shape.Width;
        var rng = new Random(1);
        float[] a = [.. Enumerable.Range(0, m * k).Select(_ => (float)rng.Next(0, 2))];
        float[] b = [.. Enumerable.Range(0, k * n).Select(_ => rng.NextSingle())];
        var c = new float[m * n];
        double seconds = Measure.BestSeconds(() => kernels.Gemm(GemmArgs.Dense(m, n, k), a, b, c), 1, rounds: 3, warmup: 1);
        return seconds * flops / (2.0 * m * n * k);
    }

    /// <summary>Delegates to CpuKernels and times its CrossbarRead calls, keyed by shape.</summary>
    private sealed class TimingKernels(CpuKernels inner) : IComputeKernels
    {
        public readonly record struct Shape(int RowsTimesCycles, int TileRows, int Width, int Tiles)
        {
            public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RowsTimesCycles} x {TileRows} x {Width} ({Tiles} row tiles)");
        }

        public CpuKernels Inner { get; } = inner;

        public int MaxThreads => Inner.MaxThreads;

        public Dictionary<Shape, (double Flops, double Seconds)> Calls { get; } = [];

        public string Name => Inner.Name;

        /// <summary>Seconds in CrossbarRead calls of other modes (calibration) since the last <see cref="Reset"/>.</summary>
        public double OtherReadSeconds { get; private set; }

        public void Reset()
        {
            Calls.Clear();
            OtherReadSeconds = 0;
        }

        public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) => Inner.Gemm(args, a, b, c);

        public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output) => Inner.Conv2d(args, input, weights, bias, output);

        public void CrossbarRead(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, ReadOnlySpan<float> conductance, ReadOnlySpan<float> variance, ReadOnlySpan<float> rowConductanceUs, ReadOnlySpan<float> columnWeights, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
        {
            var clock = Stopwatch.StartNew();
            Inner.CrossbarRead(args, inputs, conductance, variance, rowConductanceUs, columnWeights, output, cellEnergyFj, drivenRows, histogram, maxCurrent);
            double seconds = clock.Elapsed.TotalSeconds;
            if (args.Mode != CrossbarReadMode.Read)
            {
                OtherReadSeconds += seconds;
                return;
            }

            double flops = 2.0 * args.Rows * args.Cycles * args.K * args.Width * (variance.IsEmpty ? 1 : 2);
            var shape = new Shape(args.Rows * args.Cycles, Math.Min(args.K, args.ArrayRows), args.Width, args.Tiles);
            Calls[shape] = Calls.TryGetValue(shape, out var sum) ? (sum.Flops + flops, sum.Seconds + seconds) : (flops, seconds);
        }
    }
}
