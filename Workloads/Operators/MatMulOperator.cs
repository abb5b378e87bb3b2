using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX MatMul with numpy semantics: 1-D operands are promoted and the batch dimensions broadcast.</summary>
public sealed class MatMulOperator : IOperator
{
    public string OpType => "MatMul";

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor a = OperatorInputs.Float(inputs, 0, "A");
        Tensor b = OperatorInputs.Float(inputs, 1, "B");
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new OperatorException("MatMul operands must have rank >= 1");
        }

        int[] aShape = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        int[] bShape = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        int m = aShape[^2], k = aShape[^1], kb = bShape[^2], n = bShape[^1];
        if (k != kb)
        {
            throw new OperatorException($"inner dimensions differ: A {ShapeMath.Format(a.Shape)}, B {ShapeMath.Format(b.Shape)}");
        }

        int[] aBatch = aShape[..^2], bBatch = bShape[..^2];
        int[] batch = ShapeMath.Broadcast(aBatch, bBatch)
            ?? throw new OperatorException($"batch dimensions of A {ShapeMath.Format(a.Shape)} and B {ShapeMath.Format(b.Shape)} cannot be broadcast");
        int batches = ShapeMath.Count(batch);
        float[] y = context.Allocate(checked(batches * m * n));
        int[] sa = ShapeMath.BroadcastStrides(aBatch, batch), sb = ShapeMath.BroadcastStrides(bBatch, batch);
        var index = new int[batch.Length];
        for (int t = 0; t < batches; t++)
        {
            int ia = 0, ib = 0, rem = t;
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                index[d] = rem % batch[d];
                rem /= batch[d];
                ia += index[d] * sa[d];
                ib += index[d] * sb[d];
            }

            context.Kernels.Gemm(
                GemmArgs.Dense(m, n, k),
                a.Data.AsSpan(ia * m * k, m * k),
                b.Data.AsSpan(ib * k * n, k * n),
                y.AsSpan(t * m * n, m * n));
        }

        var shape = new List<int>(batch);
        if (a.Rank > 1)
        {
            shape.Add(m);
        }

        if (b.Rank > 1)
        {
            shape.Add(n);
        }

        return [Tensor.FromFloat([.. shape], y)];
    }
}
