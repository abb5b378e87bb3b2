using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX BatchNormalization, inference form: Y = scale (X - mean) / sqrt(var + epsilon) + B per channel (axis 1).</summary>
public sealed class BatchNormalizationOperator(float epsilon) : IOperator
{
    public string OpType => "BatchNormalization";

    public float Epsilon { get; } = epsilon;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        float[] scale = OperatorInputs.Float(inputs, 1, "scale").Data;
        float[] bias = OperatorInputs.Float(inputs, 2, "B").Data;
        float[] mean = OperatorInputs.Float(inputs, 3, "input_mean").Data;
        float[] variance = OperatorInputs.Float(inputs, 4, "input_var").Data;
        if (x.Rank < 2)
        {
            throw new OperatorException($"X must have rank >= 2 ([N,C,...]); got {ShapeMath.Format(x.Shape)}");
        }

        int channels = x.Shape[1];
        if (scale.Length != channels || bias.Length != channels || mean.Length != channels || variance.Length != channels)
        {
            throw new OperatorException($"scale, B, mean and var must each have {channels} elements (one per channel)");
        }

        int inner = ShapeMath.CountRange(x.Shape, 2, x.Rank);
        int outer = x.Shape[0];
        float[] y = context.Allocate(x.Length);
        for (int n = 0; n < outer; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                // Folded to one multiply-add per element, in double so the fold itself adds no error.
                double g = scale[c] / Math.Sqrt(variance[c] + (double)Epsilon);
                float mul = (float)g;
                float add = (float)(bias[c] - (g * mean[c]));
                int off = ((n * channels) + c) * inner;
                Span<float> dst = y.AsSpan(off, inner);
                System.Numerics.Tensors.TensorPrimitives.Multiply(x.Data.AsSpan(off, inner), mul, dst);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, add, dst);
            }
        }

        return [Tensor.FromFloat(x.Shape, y)];
    }
}
