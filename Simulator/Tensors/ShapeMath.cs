namespace IMCSim.Simulator.Tensors;

/// <summary>Small helpers on shapes: element counts, strides, broadcasting.</summary>
public static class ShapeMath
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return checked((int)n);
    }

    public static int CountRange(ReadOnlySpan<int> shape, int from, int to)
    {
        long n = 1;
        for (int i = from; i < to; i++)
        {
            n *= shape[i];
        }

        return checked((int)n);
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(",", shape.ToArray()) + "]";

    /// <summary>Numpy-style broadcast of two shapes, or null when they are incompatible.</summary>
    public static int[]? Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                return null;
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> aligned right to <paramref name="rank"/> dims, 0 on broadcast dims.</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        int rank = target.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            int t = i + (rank - shape.Length);
            strides[t] = shape[i] == 1 && target[t] != 1 ? 0 : stride;
            stride *= shape[i];
        }

        return strides;
    }
}
