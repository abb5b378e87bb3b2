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
    private readonly HashSet<Tensor> _constants;

    /// <param name="constants">The graph's constants (weights): their values never change, so a device keeps copies of them.</param>
    public OperatorContext(IComputeKernels kernels, Func<int, float[]>? allocate = null, IEnumerable<Tensor>? constants = null)
    {
        Kernels = kernels;
        _allocate = allocate ?? (n => new float[n]);
        _constants = new HashSet<Tensor>(constants ?? [], ReferenceEqualityComparer.Instance);
    }

    public IComputeKernels Kernels { get; }

    /// <summary>A buffer of exactly <paramref name="length"/> floats with unspecified contents.</summary>
    public float[] Allocate(int length) => _allocate(length);

    /// <summary>The kernels' device when <paramref name="x"/>'s values are in its memory: the operator then runs its device version there; null: on the host.</summary>
    public IDeviceTensors? DeviceOf(Tensor x) => Kernels is IDeviceTensors device && x.Device is { } buffer && device.Owns(buffer) ? device : null;

    /// <summary>
    /// <paramref name="x"/>'s float values on the kernels' device: its own buffer, or a graph constant's resident copy; null when x is an
    /// activation on the host (or the kernels have no device).
    /// </summary>
    public IDeviceBuffer? DeviceValues(Tensor x) =>
        Kernels is not IDeviceTensors device ? null
        : x.Device is { } buffer && device.Owns(buffer) ? buffer
        : x.ElementType == ElementType.Float32 && x.OnHost && _constants.Contains(x) ? device.Constant(x.Data)
        : null;
}
