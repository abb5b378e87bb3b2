using IMCSim.Accelerators;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Tests.Kernels;

/// <summary>
/// The backends every kernel family runs against: the reference kernels (plain scalar code in double), CpuKernels, and the ILGPU
/// kernels on ILGPU's CPU accelerator. CUDA runs the same families in the GPU check (<see cref="KernelConformance"/>, scripts/gpu-check.sh).
/// </summary>
public sealed class IlgpuCpuKernelsFixture : IDisposable
{
    public IlgpuKernels Kernels { get; } = new(AcceleratorKind.Cpu);

    public void Dispose() => Kernels.Dispose();
}

/// <summary>Seeded uniform values in [-1, 1).</summary>
internal static class KernelData
{
    public static float[] Uniform(Random rng, long length) => [.. Enumerable.Range(0, (int)length).Select(_ => (float)((rng.NextDouble() * 2) - 1))];

    /// <summary>Every float's bits equal.</summary>
    public static bool SameBits(float[] a, float[] b) => a.Length == b.Length && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));
}
