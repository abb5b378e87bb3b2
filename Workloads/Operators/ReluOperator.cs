using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX Relu: y = max(x, 0).</summary>
public sealed class ReluOperator : IOperator
{
    public string OpType => "Relu";

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        if (context.DeviceOf(x) is { } device)
        {
            IDeviceBuffer output = device.Allocate(x.Length);
            device.Relu(x.Device!, output);
            return [Tensor.OnDevice(x.Shape, output)];
        }

        float[] y = context.Allocate(x.Length);
        System.Numerics.Tensors.TensorPrimitives.Max(x.Data, 0f, y);
        return [Tensor.FromFloat(x.Shape, y)];
    }
}
