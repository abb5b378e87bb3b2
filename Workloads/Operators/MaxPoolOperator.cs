using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX MaxPool (1-D/2-D, pads, strides, dilations, ceil_mode): Y = max over each window, padding ignored.</summary>
public sealed class MaxPoolOperator(WindowGeometry geometry) : IOperator
{
    public string OpType => "MaxPool";

    public WindowGeometry Geometry { get; } = geometry;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context) =>
        [Pooling.Run(OperatorInputs.Float(inputs, 0, "X"), Geometry, max: true, countIncludePad: false, context)];
}
