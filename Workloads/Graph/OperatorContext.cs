using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Graph;

/// <summary>
/// What an operator gets to compute with: the compute kernels and an allocator for output buffers.
/// Buffers from <see cref="Allocate"/> may hold stale data: the operator must write every element.
/// </summary>
public sealed class OperatorContext
{
    private readonly Func<int, float[]> _allocate;

    public OperatorContext(IComputeKernels kernels, Func<int, float[]>? allocate = null)
    {
        Kernels = kernels;
        _allocate = allocate ?? (n => new float[n]);
    }

    public IComputeKernels Kernels { get; }

    /// <summary>A buffer of exactly <paramref name="length"/> floats with unspecified contents.</summary>
    public float[] Allocate(int length) => _allocate(length);

    /// <summary>The kernels' device when <paramref name="x"/>'s values are in its memory: the operator then runs its device version there; null: on the host.</summary>
    public IDeviceTensors? DeviceOf(Tensor x) => Kernels is IDeviceTensors device && x.Device is { } buffer && device.Owns(buffer) ? device : null;
}
