using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX Flatten: [d0..d(axis-1), d(axis)..] -> [prod(d0..d(axis-1)), prod(d(axis)..)]; negative axis counts from the end.</summary>
public sealed class FlattenOperator(int axis) : IOperator
{
    public string OpType => "Flatten";

    public int Axis { get; } = axis;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Any(inputs, 0, "input");
        int axis = Axis < 0 ? Axis + x.Rank : Axis;
        if (axis < 0 || axis > x.Rank)
        {
            throw new OperatorException($"axis {Axis} is outside [-{x.Rank}, {x.Rank}] for input {ShapeMath.Format(x.Shape)}");
        }

        return [x.Reshaped([ShapeMath.CountRange(x.Shape, 0, axis), ShapeMath.CountRange(x.Shape, axis, x.Rank)])];
    }
}
