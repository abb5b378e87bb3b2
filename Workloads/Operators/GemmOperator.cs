using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX Gemm: Y = alpha op(A) op(B) + beta C, op = optional transpose, C broadcast to [M, N].</summary>
public sealed class GemmOperator(float alpha, float beta, bool transA, bool transB) : IOperator
{
    public string OpType => "Gemm";

    public float Alpha { get; } = alpha;

    public float Beta { get; } = beta;

    public bool TransA { get; } = transA;

    public bool TransB { get; } = transB;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor a = OperatorInputs.Float(inputs, 0, "A");
        Tensor b = OperatorInputs.Float(inputs, 1, "B");
        Tensor? c = OperatorInputs.OptionalFloat(inputs, 2, "C");
        if (a.Rank != 2 || b.Rank != 2)
        {
            throw new OperatorException($"A and B must be matrices; got A {ShapeMath.Format(a.Shape)}, B {ShapeMath.Format(b.Shape)}");
        }

        int m = TransA ? a.Shape[1] : a.Shape[0];
        int k = TransA ? a.Shape[0] : a.Shape[1];
        int kb = TransB ? b.Shape[1] : b.Shape[0];
        int n = TransB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            throw new OperatorException($"inner dimensions differ: op(A) is {m}x{k}, op(B) is {kb}x{n}");
        }

        if (OnDevice(a, b, c, m, n, k, context) is { } result)
        {
            return [result];
        }

        float[] y = context.Allocate(m * n);
        context.Kernels.Gemm(GemmArgs.Dense(m, n, k, TransA, TransB), a.Data, b.Data, y);
        if (Alpha != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(y, Alpha, y);
        }

        if (c is not null && Beta != 0f)
        {
            int[] shape = [m, n];
            if (ShapeMath.Broadcast(c.Shape, shape) is not { } s || !s.SequenceEqual(shape))
            {
                throw new OperatorException($"C {ShapeMath.Format(c.Shape)} cannot be broadcast to [{m},{n}]");
            }

            float[] cData = c.Data;
            if (Beta != 1f)
            {
                cData = new float[c.Length];
                System.Numerics.Tensors.TensorPrimitives.Multiply(c.Data, Beta, cData);
            }

            Broadcasting.AddInto(y, shape, cData, c.Shape, y, shape);
        }

        return [Tensor.FromFloat([m, n], y)];
    }

    /// <summary>
    /// The product on the device when A is there and B (and C, if added) are there or constants, with alpha 1 and beta 0 or 1 and C of
    /// the output's shape or a trailing vector (a dense layer's bias): the same product, then the same add. Null: run on the host.
    /// </summary>
    private Tensor? OnDevice(Tensor a, Tensor b, Tensor? c, int m, int n, int k, OperatorContext context)
    {
        bool addC = c is not null && Beta != 0f;
        if (context.DeviceOf(a) is not { } device || Alpha != 1f || (addC && (Beta != 1f || !Broadcasting.AddsOnDevice(c!.Shape, [m, n])))
            || context.DeviceValues(b) is not { } db)
        {
            return null;
        }

        IDeviceBuffer? dc = addC ? context.DeviceValues(c!) : null;
        if (addC && dc is null)
        {
            return null;
        }

        IDeviceBuffer y = device.Allocate(m * n);
        device.Gemm(GemmArgs.Dense(m, n, k, TransA, TransB), a.Device!, db, y);
        if (dc is not null)
        {
            device.Add(y, dc, y);
        }

        return Tensor.OnDevice([m, n], y);
    }
}
