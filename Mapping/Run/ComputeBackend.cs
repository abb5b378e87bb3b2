using IMCSim.Accelerators;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Mapping.Run;

/// <summary>The compute kernels a simulation runs on (<see cref="SimulationSchema.Backend"/>): CpuKernels, or the ILGPU kernels on ILGPU's CPU accelerator or a CUDA GPU.</summary>
public static class ComputeBackend
{
    /// <summary>The kernels <paramref name="settings"/> ask for (dispose them when done: a GPU backend holds a device); cuda without a device is an input error naming --backend.</summary>
    public static IComputeKernels Create(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Get(SimulationSchema.Backend) switch
        {
            "ilgpu-cpu" => new IlgpuKernels(AcceleratorKind.Cpu, threads: settings.Threads),
            "cuda" => new IlgpuKernels(AcceleratorKind.Cuda, threads: settings.Threads),
            _ => new CpuKernels(settings.Threads),
        };
    }
}
