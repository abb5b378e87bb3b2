namespace IMCSim.Simulator.Tensors;

/// <summary>
/// A dense row-major tensor: a flat buffer and its shape. Float32 tensors carry activations and
/// weights; int64 tensors carry shapes and indices (e.g. the shape input of Reshape).
/// A float32 tensor may live in a device's memory instead (<see cref="Device"/>: a GPU backend's activations between operators); its
/// <see cref="Data"/> then copies it to the host on first use, so an operator without a device version still sees its values.
/// </summary>
public sealed class Tensor
{
    private readonly long[]? _int64;
    private float[]? _float;

    private Tensor(int[] shape, float[]? floats, long[]? int64, IDeviceBuffer? device = null)
    {
        Shape = shape;
        _float = floats;
        _int64 = int64;
        Device = device;
    }

    public int[] Shape { get; }

    public ElementType ElementType => _int64 is null ? ElementType.Float32 : ElementType.Int64;

    public int Rank => Shape.Length;

    public int Length => _float?.Length ?? Device?.Length ?? _int64!.Length;

    /// <summary>The device buffer holding this tensor's values, or null for a host tensor.</summary>
    public IDeviceBuffer? Device { get; }

    /// <summary>The float32 values are in host memory (<see cref="Data"/> costs no copy).</summary>
    public bool OnHost => _float is not null;

    /// <summary>The float32 buffer (copied from the device on first use for a device tensor); throws if this is an int64 tensor.</summary>
    public float[] Data => _float ?? (Device is null ? throw new InvalidOperationException("tensor holds int64 data, not float32") : Download());

    /// <summary>The int64 buffer; throws if this is a float32 tensor.</summary>
    public long[] Int64Data => _int64 ?? throw new InvalidOperationException("tensor holds float32 data, not int64");

    public static Tensor FromFloat(int[] shape, float[] data)
    {
        CheckLength(shape, data.Length);
        return new Tensor(shape, data, null);
    }

    /// <summary>A float32 tensor whose values are in <paramref name="buffer"/> on a device (see <see cref="Device"/>).</summary>
    public static Tensor OnDevice(int[] shape, IDeviceBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckLength(shape, buffer.Length);
        return new Tensor(shape, null, null, buffer);
    }

    public static Tensor FromInt64(int[] shape, long[] data)
    {
        CheckLength(shape, data.Length);
        return new Tensor(shape, null, data);
    }

    /// <summary>The same buffer seen with another shape of equal element count.</summary>
    public Tensor Reshaped(int[] shape)
    {
        CheckLength(shape, Length);
        return new Tensor(shape, _float, _int64, Device);
    }

    private float[] Download()
    {
        var data = GC.AllocateUninitializedArray<float>(Device!.Length);
        Device.CopyTo(data);
        _float = data;
        return data;
    }

    public override string ToString() => $"{ElementType}[{string.Join(",", Shape)}]";

    private static void CheckLength(int[] shape, int length)
    {
        long count = ShapeMath.Count(shape);
        if (count != length)
        {
            throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {count} elements, buffer has {length}");
        }
    }
}
