using System.Runtime.CompilerServices;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>Numpy-style broadcasting of binary element-wise operations, with a SIMD fast path for equal shapes and trailing-vector shapes.</summary>
internal static class Broadcasting
{
    public static Tensor Add(Tensor a, Tensor b, OperatorContext context)
    {
        int[] shape = ShapeMath.Broadcast(a.Shape, b.Shape)
            ?? throw new OperatorException($"shapes {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)} cannot be broadcast together");
        if ((context.DeviceOf(a) ?? context.DeviceOf(b)) is { } device && ShapeMath.Count(shape) == a.Length && AddsOnDevice(b.Shape, shape))
        {
            // The residual add of two activations (or an activation and a bias-like constant) where they are; a host activation goes up.
            IDeviceBuffer? ka = context.DeviceValues(a), kb = context.DeviceValues(b);
            IDeviceBuffer va = ka ?? device.Upload(a.Data), vb = kb ?? device.Upload(b.Data);
            IDeviceBuffer output = device.Allocate(a.Length);
            device.Add(va, vb, output);

            // A device copy made for this call (a host activation's) goes back; a device activation or a constant's copy stays.
            if (ka is null)
            {
                va.Release();
            }

            if (kb is null)
            {
                vb.Release();
            }

            return Tensor.OnDevice(shape, output);
        }

        float[] y = context.Allocate(ShapeMath.Count(shape));
        AddInto(a.Data, a.Shape, b.Data, b.Shape, y, shape);
        return Tensor.FromFloat(shape, y);
    }

    /// <summary>Adding b to a tensor of <paramref name="shape"/> is what the device's add does: b of that shape, or its trailing dimensions.</summary>
    public static bool AddsOnDevice(int[] bShape, int[] shape) =>
        ShapeMath.Broadcast(bShape, shape) is { } s && s.AsSpan().SequenceEqual(shape) && (ShapeMath.Count(bShape) == ShapeMath.Count(shape) || IsTrailing(bShape, shape, out _));

    /// <summary>y = a + b with both broadcast to <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto(float[] a, int[] aShape, float[] b, int[] bShape, float[] y, int[] shape)
    {
        if (a.Length == y.Length && b.Length == y.Length)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(a, b, y);
            return;
        }

        if (a.Length == y.Length && IsTrailing(bShape, shape, out int inner))
        {
            for (int off = 0; off < y.Length; off += inner)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(a.AsSpan(off, inner), b.AsSpan(0, inner), y.AsSpan(off, inner));
            }

            return;
        }

        int rank = shape.Length;
        int[] sa = ShapeMath.BroadcastStrides(aShape, shape);
        int[] sb = ShapeMath.BroadcastStrides(bShape, shape);
        var index = new int[rank];
        int ia = 0, ib = 0;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = a[ia] + b[ib];
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                ia += sa[d];
                ib += sb[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                ia -= sa[d] * shape[d];
                ib -= sb[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>True when <paramref name="small"/> equals the trailing dims of <paramref name="shape"/> (leading 1s allowed).</summary>
    private static bool IsTrailing(int[] small, int[] shape, out int inner)
    {
        inner = ShapeMath.Count(small);
        if (inner == 0)
        {
            return false;
        }

        int offset = shape.Length - small.Length;
        int product = 1;
        for (int i = shape.Length - 1; i >= 0 && product < inner; i--)
        {
            int si = i - offset;
            if (si < 0 || small[si] != shape[i])
            {
                return false;
            }

            product *= shape[i];
        }

        return product == inner;
    }
}
