using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// ONNX Reshape: the int64 shape input gives the new dims; -1 (at most once) is inferred, 0 copies
/// the input dim at that index unless allowzero = 1, in which case 0 is a zero-sized dim.
/// </summary>
public sealed class ReshapeOperator(bool allowZero) : IOperator
{
    public string OpType => "Reshape";

    public bool AllowZero { get; } = allowZero;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Any(inputs, 0, "data");
        Tensor shapeTensor = OperatorInputs.Any(inputs, 1, "shape");
        if (shapeTensor.ElementType != ElementType.Int64)
        {
            throw new OperatorException("input shape must be int64");
        }

        long[] requested = shapeTensor.Int64Data;
        var shape = new int[requested.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            long d = requested[i];
            if (d == -1)
            {
                if (inferred >= 0)
                {
                    throw new OperatorException("shape may contain -1 at most once");
                }

                inferred = i;
                continue;
            }

            if (d == 0 && !AllowZero)
            {
                if (i >= x.Rank)
                {
                    throw new OperatorException($"shape[{i}] = 0 copies input dim {i}, but the input has rank {x.Rank}");
                }

                d = x.Shape[i];
            }

            if (d < 0 || d > int.MaxValue)
            {
                throw new OperatorException($"shape[{i}] = {requested[i]} is not a valid dimension");
            }

            shape[i] = (int)d;
            known *= d;
        }

        if (inferred >= 0)
        {
            if (known == 0 || x.Length % known != 0)
            {
                throw new OperatorException($"cannot infer the -1 dim: {x.Length} elements do not divide by {known}");
            }

            shape[inferred] = (int)(x.Length / known);
        }

        if (ShapeMath.Count(shape) != x.Length)
        {
            throw new OperatorException($"cannot reshape {ShapeMath.Format(x.Shape)} ({x.Length} elements) to {ShapeMath.Format(shape)}");
        }

        return [x.Reshaped(shape)];
    }
}
