using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX GlobalAveragePool: Y[n, c, 1, ...] = mean of X[n, c, ...] over all spatial positions.</summary>
public sealed class GlobalAveragePoolOperator : IOperator
{
    public string OpType => "GlobalAveragePool";

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        if (x.Rank < 3)
        {
            throw new OperatorException($"X must have rank >= 3 ([N,C,spatial...]); got {ShapeMath.Format(x.Shape)}");
        }

        int planes = x.Shape[0] * x.Shape[1];
        int plane = ShapeMath.CountRange(x.Shape, 2, x.Rank);
        int[] shape = new int[x.Rank];
        Array.Fill(shape, 1);
        shape[0] = x.Shape[0];
        shape[1] = x.Shape[1];
        if (context.DeviceOf(x) is { } device)
        {
            IDeviceBuffer output = device.Allocate(planes);
            device.GlobalAveragePool(planes, plane, x.Device!, output);
            return [Tensor.OnDevice(shape, output)];
        }

        float[] y = context.Allocate(planes);
        float[] src = x.Data;
        for (int p = 0; p < planes; p++)
        {
            y[p] = plane == 0 ? float.NaN : Mean(src.AsSpan(p * plane, plane));
        }

        return [Tensor.FromFloat(shape, y)];
    }

    /// <summary>
    /// Sum in index order in double, rounded once: a fixed order, unlike TensorPrimitives.Sum, whose vector width
    /// (and so its rounding) depends on the CPU.
    /// </summary>
    private static float Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return (float)(sum / values.Length);
    }
}
