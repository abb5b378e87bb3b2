using System.Diagnostics;
using IMCSim.Accelerators;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Benchmarks.GpuCheck;

/// <summary>
/// The GPU check (scripts/gpu-check.sh): the device and driver, every kernel against the CPU backend (<see cref="KernelConformance"/>),
/// and throughput on both backends: effective matrices of N x N arrays (one array, then a layer's worth in one call), the default
/// `imcsim simulate`'s hardware phase and a conv-heavy network (the cost zoo's ResNet-18 on seeded random 32x32 images).
/// IMCSIM_GPU_BACKEND = cuda (default) or ilgpu-cpu (the check's own test on machines without a GPU); IMCSIM_GPU_SAMPLES images of
/// the default simulate (default 1000; 0 skips it), IMCSIM_GPU_MATRICES the matrix sizes (default 128,256,512; 16,24 on ilgpu-cpu, the second chain-parallel),
/// IMCSIM_GPU_RESNET images of ResNet-18 on the backend (default 64; 0 skips it) and IMCSIM_GPU_RESNET_CPU on the CPU (default 8);
/// IMCSIM_GPU_CHAIN_NODES the array size (rows x columns) from which effective matrices are solved chain-parallel (default 256 x 256;
/// 24 x 24 on ilgpu-cpu).
/// A failed case or a disagreement sets exit code 1.
/// </summary>
internal static class Program
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    public static int Main()
    {
        Console.WriteLine($"IMCSim GPU check, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        try
        {
            Run();
        }
        catch (IMCSim.Simulator.Common.InputException e)
        {
            Console.Error.WriteLine($"imcsim-gpu-check: {e.Message}");
            return 2;
        }

        return Environment.ExitCode;
    }

    private static void Run()
    {
        string backend = Environment.GetEnvironmentVariable("IMCSIM_GPU_BACKEND") ?? "cuda";
        string samples = Number("IMCSIM_GPU_SAMPLES", "1000", 0).ToString(Inv);
        if (backend is not ("cuda" or "ilgpu-cpu"))
        {
            throw new IMCSim.Simulator.Common.InputException("backend (gpu-check.sh's first argument)", $"'{backend}'; valid: cuda, ilgpu-cpu");
        }

        bool cpuAccelerator = backend != "cuda";
        int chainNodes = Number("IMCSIM_GPU_CHAIN_NODES", cpuAccelerator ? "576" : "0", 0);
        string matrices = Environment.GetEnvironmentVariable("IMCSIM_GPU_MATRICES") ?? (cpuAccelerator ? "16,24" : "128,256,512");
        int[] sizes = [.. matrices.Split(',').Select(x => Number("IMCSIM_GPU_MATRICES", x, 1, x))];
        int resnet = Number("IMCSIM_GPU_RESNET", cpuAccelerator ? "0" : "64", 0), resnetCpu = Number("IMCSIM_GPU_RESNET_CPU", "8", 1);
        using var kernels = new IlgpuKernels(backend == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.Cpu, "backend (gpu-check.sh's first argument)", chainNodes);
        Console.WriteLine($"backend {kernels.Name}");
        Section("conformance", () =>
        {
            Console.WriteLine("| kernel | case | result | detail |");
            Console.WriteLine("|---|---|---|---|");
            var results = KernelConformance.Run(kernels, new CpuKernels());
            foreach (ConformanceResult r in results)
            {
                Console.WriteLine($"| {r.Kernel} | {r.Case} | {(r.Passed ? "pass" : "FAIL")} | {r.Detail} |");
            }

            // The operators between crossbar layers, on device tensors against the host operators.
            var operators = IMCSim.Workloads.Operators.DeviceOperatorConformance.Run(kernels);
            foreach (var r in operators)
            {
                Console.WriteLine($"| operator | {r.Case} | {(r.Passed ? "pass" : "FAIL")} | {r.Detail} |");
            }

            if (results.Any(r => !r.Passed) || operators.Any(r => !r.Passed))
            {
                Environment.ExitCode = 1;
            }
        });

        Section("effective matrices", () => EffectiveMatrixThroughput(kernels, sizes));
        Section("default simulate", () => DefaultSimulate(backend, samples));
        Section("conv-heavy network", () => ResNet(backend, resnet, resnetCpu));
    }

    /// <summary>The whole number in <paramref name="variable"/> (or <paramref name="text"/> of it), at least <paramref name="min"/>; else a one-line input error naming it.</summary>
    private static int Number(string variable, string fallback, int min, string? text = null)
    {
        text ??= Environment.GetEnvironmentVariable(variable) ?? fallback;
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, Inv, out int value) && value >= min
            ? value
            : throw new IMCSim.Simulator.Common.InputException(variable, $"'{text}'; valid: a whole number >= {min}{(variable == "IMCSIM_GPU_MATRICES" ? ", or several separated by commas" : "")}");
    }

    /// <summary>Runs one part of the check; a failure is reported (exit code 1) and the next part still runs, so nothing measured is lost.</summary>
    private static void Section(string name, Action body)
    {
        Console.WriteLine();
        var clock = Stopwatch.StartNew();
        try
        {
            body();
            Console.WriteLine(string.Format(Inv, "({0}: {1:F1} s)", name, clock.Elapsed.TotalSeconds));
        }
        catch (Exception e) when (e is not IMCSim.Simulator.Common.InputException)
        {
            Console.WriteLine($"FAIL: {name}: {e.GetType().Name}: {e.Message}");
            Environment.ExitCode = 1;
        }
    }

    private static void DefaultSimulate(string backend, string samples)
    {
        if (samples == "0")
        {
            Console.WriteLine("default simulate skipped (0 images)");
        }
        else
        {
            Console.WriteLine($"| `imcsim simulate` default, {samples} images | hardware seconds | hardware accuracy |");
            Console.WriteLine("|---|---|---|");
            var logits = new List<float[]>();
            foreach (string b in new[] { "cpu", backend })
            {
                var (seconds, whole, result) = TimedSimulation(new Dictionary<string, string> { ["samples"] = samples, ["backend"] = b });
                logits.Add(result.Hardware.Logits);
                Console.WriteLine(string.Format(Inv, "| {0} | {1:F2} (whole run {2:F1} s) | {3:P2} |", b, seconds, whole, result.Summary.AccuracyHardware));
            }

            SameLogits(logits[0], logits[1], "the default simulate");
        }
    }

    private static void ResNet(string backend, int resnet, int resnetCpu)
    {
        if (resnet == 0)
        {
            Console.WriteLine("conv-heavy network skipped (IMCSIM_GPU_RESNET=0)");
        }
        else
        {
            Console.WriteLine("| conv-heavy: zoo:resnet18, random 32x32 images, 16 calibration images | images | hardware seconds | images/s | float reference s | mapping (programming, wire solves) s | calibration s | reads s |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            var logits = new List<float[]>();

            // Both runs draw their images (and so their 16 calibration images) from one set: the CPU runs its first images.
            string dataset = $"random:{Math.Max(resnet, resnetCpu)}";
            foreach (var (b, images) in new[] { ("cpu", resnetCpu), (backend, resnet) })
            {
                var settings = SimulationSettings.Create(new Dictionary<string, string>
                {
                    ["model"] = "zoo:resnet18", ["dataset"] = dataset, ["samples"] = $"{images}", ["calibration-images"] = "16", ["backend"] = b,
                });
                IComputeKernels kernels = ComputeBackend.Create(settings);
                try
                {
                    var request = SimulationRequest.Load(settings);
                    var clock = Stopwatch.StartNew();
                    Simulation.Reference(request, kernels);
                    double reference = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    var mapped = new IMCSim.Mapping.MappedNetwork(request.Model, settings.Mapping, settings.Devices, kernels, Environment.ProcessorCount);
                    double mapping = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    mapped.Calibrate(request.Dataset);
                    double calibration = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    var hardware = mapped.Run(request.Dataset, images, settings.Batch);
                    double reads = clock.Elapsed.TotalSeconds;
                    double seconds = mapping + calibration + reads;
                    Console.WriteLine(string.Format(Inv, "| {0} | {1} | {2:F2} | {3:F2} | {4:F2} | {5:F2} | {6:F2} | {7:F2} |", b, images, seconds, images / seconds, reference, mapping, calibration, reads));
                    logits.Add(hardware.Logits);
                }
                finally
                {
                    (kernels as IDisposable)?.Dispose();
                }
            }

            // Every image's noise is keyed by its index: the images both backends ran have the same logits.
            int common = Math.Min(logits[0].Length, logits[1].Length);
            SameLogits(logits[0][..common], logits[1][..common], "zoo:resnet18's common images");
        }
    }

    private static (double HardwareSeconds, double WholeSeconds, SimulationResult Result) TimedSimulation(Dictionary<string, string> options)
    {
        var settings = SimulationSettings.Create(options);
        var clock = Stopwatch.StartNew();
        IComputeKernels kernels = ComputeBackend.Create(settings);
        try
        {
            var result = Simulation.RunWith(SimulationRequest.Load(settings), kernels);
            if (kernels is IlgpuKernels device)
            {
                // What stayed on the device: a batch's activations cross only as images up and logits down (plus calibration).
                TensorTransfers moved = device.Transfers;
                Console.WriteLine(string.Format(Inv, "  activations moved host <-> device: {0:F0} floats up and {1:F0} down per image (float and hardware passes, calibration included)",
                    moved.UploadedFloats / (double)result.Request.Samples, moved.DownloadedFloats / (double)result.Request.Samples));
            }

            return (result.HardwareSeconds, clock.Elapsed.TotalSeconds, result);
        }
        finally
        {
            (kernels as IDisposable)?.Dispose();
        }
    }

    /// <summary>Fails the check unless the two backends' hardware logits are the same bits; says so when they are.</summary>
    private static void SameLogits(float[] cpu, float[] device, string what)
    {
        int differ = cpu.Where((v, i) => BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(device[i])).Count();
        Disagree(differ != 0 || cpu.Length != device.Length, $"{what}: {differ} of {cpu.Length} hardware logits differ between the backends");
        if (differ == 0 && cpu.Length == device.Length)
        {
            Console.WriteLine($"{what}: all {cpu.Length} hardware logits bit for bit the CPU backend's");
        }
    }

    private static void Disagree(bool differs, string what)
    {
        if (differs)
        {
            Console.WriteLine($"FAIL: {what}");
            Environment.ExitCode = 1;
        }
    }

    /// <summary>Effective matrices of N x N arrays (cells 1e-6-1e-4 S, 1 ohm wires, 100 ohm source, grounded column ends): one array, then 16 in one call.</summary>
    private static void EffectiveMatrixThroughput(IlgpuKernels solver, int[] sizes)
    {
        Console.WriteLine("| effective matrix | GPU path | CPU backend (s) | this backend (s) | speed-up | agreement |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var warm = new CrossbarCircuit(8, 8, [.. Enumerable.Repeat(1e-5, 64)], 100, 1, 1, 0);
        new CpuEffectiveMatrixSolver(0).Compute([warm], EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations);
        solver.Compute([warm], EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations); // JIT and kernel compilation
        foreach (int n in sizes)
        {
            foreach (int arrays in new[] { 1, 16 })
            {
                CrossbarCircuit[] circuits = [.. Enumerable.Range(0, arrays).Select(a =>
                {
                    var rng = new Random(a + 1);
                    double[] g = [.. Enumerable.Range(0, n * n).Select(_ => 1e-6 + (99e-6 * rng.NextDouble()))];
                    return new CrossbarCircuit(n, n, g, 100, 1, 1, 0);
                })];
                var cpu = new CpuEffectiveMatrixSolver(0);
                var clock = Stopwatch.StartNew();
                var expected = cpu.Compute(circuits, EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations);
                double cpuSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var actual = solver.Compute(circuits, EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations);
                double seconds = clock.Elapsed.TotalSeconds;
                double worst = 0;
                bool bits = true;
                for (int c = 0; c < arrays; c++)
                {
                    double[] e = expected[c].Matrix, a = actual[c].Matrix;
                    double scale = e.Max(Math.Abs);
                    worst = Math.Max(worst, e.Select((v, i) => Math.Abs(v - a[i]) / scale).Max());
                    bits &= e.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(a.Select(BitConverter.DoubleToInt64Bits));
                }

                Disagree(worst > KernelConformance.EffectiveMatrixTolerance, $"effective matrices of {arrays} x {n}x{n} differ by {worst:G3}");
                string path = n * n >= solver.ChainParallelNodes ? "chain-parallel" : "one thread per solve";
                Console.WriteLine(string.Format(Inv, "| {0} x {1}x{1} in one call | {2} | {3:F3} | {4:F3} | {5:G3}x | {6} |", arrays, n, path, cpuSeconds, seconds, cpuSeconds / seconds,
                    bits ? "bit for bit" : $"largest relative difference {worst:G3}"));
            }
        }
    }
}
