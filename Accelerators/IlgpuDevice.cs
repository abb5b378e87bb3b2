using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using IMCSim.Simulator.Common;

namespace IMCSim.Accelerators;

/// <summary>Where ILGPU runs IMCSim's kernels: its CPU accelerator (tests, debugging) or the first CUDA device.</summary>
public enum AcceleratorKind
{
    /// <summary>ILGPU's CPU accelerator: kernel bodies as .NET code on this machine's cores.</summary>
    Cpu,

    /// <summary>The first NVIDIA GPU the CUDA driver reports.</summary>
    Cuda,
}

/// <summary>A type that loads its kernels generic over the backend's float operations (<see cref="IlgpuDevice.LoadKernels"/>).</summary>
internal interface IKernelLoader
{
    void Load<TMath>()
        where TMath : struct, Kernels.IFusedMath;
}

/// <summary>
/// An ILGPU context and accelerator. Opening CUDA on a machine without a CUDA device is an <see cref="InputException"/> naming what was
/// looked for. The only type outside this project that knows ILGPU exists is this one's owner (<see cref="IlgpuGemm"/> and the kernels).
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    private readonly Context _context;

    private IlgpuDevice(Context context, Accelerator accelerator, AcceleratorKind kind)
    {
        _context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    public AcceleratorKind Kind { get; }

    /// <summary>The device's name as its driver reports it.</summary>
    public string DeviceName => Accelerator.Name;

    /// <summary>The CUDA driver version, or the ILGPU version for the CPU accelerator.</summary>
    public string Driver => Accelerator is CudaAccelerator cuda
        ? $"CUDA driver {cuda.DriverVersion}"
        : $"ILGPU {typeof(Context).Assembly.GetName().Version} CPU accelerator";

    internal Accelerator Accelerator { get; }

    /// <summary>Opens <paramref name="kind"/>; <paramref name="option"/> names the setting in errors.</summary>
    public static IlgpuDevice Open(AcceleratorKind kind, string option = "--backend")
    {
        if (kind == AcceleratorKind.Cpu)
        {
            var cpu = Context.Create(builder => builder.CPU());
            return new IlgpuDevice(cpu, cpu.CreateCPUAccelerator(0), kind);
        }

        Context context;
        try
        {
            context = Context.Create(builder => builder.Cuda());
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            throw new InputException(option, $"cuda: the CUDA driver (libcuda) could not be loaded ({e.GetType().Name}); valid without an NVIDIA GPU: cpu, ilgpu-cpu");
        }

        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            throw new InputException(option, "cuda: no CUDA device found (ILGPU asked the CUDA driver for NVIDIA GPUs); valid without one: cpu, ilgpu-cpu");
        }

        return new IlgpuDevice(context, context.CreateCudaAccelerator(0), kind);
    }

    /// <summary>Has <paramref name="loader"/> load its kernels with this device's float operations (<see cref="Kernels.PtxFusedMath"/> on CUDA, .NET's on the CPU accelerator).</summary>
    internal void LoadKernels(IKernelLoader loader)
    {
        if (Kind == AcceleratorKind.Cuda)
        {
            loader.Load<Kernels.PtxFusedMath>();
        }
        else
        {
            loader.Load<Kernels.ManagedFusedMath>();
        }
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
