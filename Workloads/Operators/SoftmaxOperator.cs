using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// ONNX Softmax: y = exp(x - max) / sum exp(x - max). From opset 13 over the single axis
/// <see cref="Axis"/> (default -1); before opset 13 over all dims from the axis on (default 1),
/// the input seen as a 2-D matrix (<see cref="CoerceTo2D"/>).
/// </summary>
public sealed class SoftmaxOperator(int axis, bool coerceTo2D) : IOperator
{
    public string OpType => "Softmax";

    public int Axis { get; } = axis;

    public bool CoerceTo2D { get; } = coerceTo2D;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "input");
        int axis = Axis < 0 ? Axis + x.Rank : Axis;
        if (axis < 0 || axis >= Math.Max(1, x.Rank))
        {
            throw new OperatorException($"axis {Axis} is outside the rank {x.Rank} of the input");
        }

        int outer = ShapeMath.CountRange(x.Shape, 0, axis);
        int length = CoerceTo2D ? ShapeMath.CountRange(x.Shape, axis, x.Rank) : x.Shape[axis];
        int inner = CoerceTo2D ? 1 : ShapeMath.CountRange(x.Shape, axis + 1, x.Rank);
        float[] y = context.Allocate(x.Length);
        float[] src = x.Data;
        var line = new double[length];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = (o * length * inner) + i;
                double max = double.NegativeInfinity;
                for (int t = 0; t < length; t++)
                {
                    max = Math.Max(max, src[start + (t * inner)]);
                }

                double sum = 0;
                for (int t = 0; t < length; t++)
                {
                    line[t] = Math.Exp(src[start + (t * inner)] - max);
                    sum += line[t];
                }

                for (int t = 0; t < length; t++)
                {
                    y[start + (t * inner)] = (float)(line[t] / sum);
                }
            }
        }

        return [Tensor.FromFloat(x.Shape, y)];
    }
}
