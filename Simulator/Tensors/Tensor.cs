namespace IMCSim.Simulator.Tensors;

/// <summary>
/// A dense row-major tensor: a flat buffer and its shape. Float32 tensors carry activations and
/// weights; int64 tensors carry shapes and indices (e.g. the shape input of Reshape).
/// </summary>
public sealed class Tensor
{
    private readonly float[]? _float;
    private readonly long[]? _int64;

    private Tensor(int[] shape, float[]? floats, long[]? int64)
    {
        Shape = shape;
        _float = floats;
        _int64 = int64;
    }

    public int[] Shape { get; }

    public ElementType ElementType => _float is not null ? ElementType.Float32 : ElementType.Int64;

    public int Rank => Shape.Length;

    public int Length => _float?.Length ?? _int64!.Length;

    /// <summary>The float32 buffer; throws if this is an int64 tensor.</summary>
    public float[] Data => _float ?? throw new InvalidOperationException("tensor holds int64 data, not float32");

    /// <summary>The int64 buffer; throws if this is a float32 tensor.</summary>
    public long[] Int64Data => _int64 ?? throw new InvalidOperationException("tensor holds float32 data, not int64");

    public static Tensor FromFloat(int[] shape, float[] data)
    {
        CheckLength(shape, data.Length);
        return new Tensor(shape, data, null);
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
        return new Tensor(shape, _float, _int64);
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
