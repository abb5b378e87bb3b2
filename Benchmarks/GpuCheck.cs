using System.Diagnostics;
using IMCSim.Accelerators;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Benchmarks;

/// <summary>
/// The GPU check (scripts/gpu-check.sh): the device and driver, every kernel against the CPU backend (<see cref="KernelConformance"/>),
/// and the default `imcsim simulate`'s hardware phase on both backends. IMCSIM_GPU_BACKEND = cuda (default) or ilgpu-cpu (the
/// check's own test on machines without a GPU); IMCSIM_GPU_SAMPLES images (default 1000). A failed case sets exit code 1.
/// </summary>
internal static partial class PeerComparison
{
    private static void Gpu(string root)
    {
        string backend = Environment.GetEnvironmentVariable("IMCSIM_GPU_BACKEND") ?? "cuda";
        string samples = Environment.GetEnvironmentVariable("IMCSIM_GPU_SAMPLES") ?? "1000";
        using var kernels = new IlgpuKernels(backend == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.Cpu);
        Console.WriteLine($"backend {kernels.Name}");
        Console.WriteLine();
        Console.WriteLine("| kernel | case | result | detail |");
        Console.WriteLine("|---|---|---|---|");
        var results = KernelConformance.Run(kernels, new CpuKernels());
        foreach (ConformanceResult r in results)
        {
            Console.WriteLine($"| {r.Kernel} | {r.Case} | {(r.Passed ? "pass" : "FAIL")} | {r.Detail} |");
        }

        if (results.Any(r => !r.Passed))
        {
            Environment.ExitCode = 1;
        }

        Console.WriteLine();
        Console.WriteLine($"| `imcsim simulate` default, {samples} images | hardware seconds | hardware accuracy |");
        Console.WriteLine("|---|---|---|");
        foreach (string b in new[] { "cpu", backend })
        {
            var settings = SimulationSettings.Create(new Dictionary<string, string> { ["samples"] = samples, ["backend"] = b });
            var clock = Stopwatch.StartNew();
            var result = Simulation.Run(SimulationRequest.Load(settings));
            Console.WriteLine(string.Format(Inv, "| {0} | {1:F2} (whole run {2:F1} s) | {3:P2} |", b, result.HardwareSeconds, clock.Elapsed.TotalSeconds, result.Summary.AccuracyHardware));
        }

        Console.WriteLine();
        Console.WriteLine("Effective-matrix solves and the conv-heavy network on the GPU: not yet (issue 13 in progress).");
    }
}
