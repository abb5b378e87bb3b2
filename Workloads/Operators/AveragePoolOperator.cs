using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// ONNX AveragePool (1-D/2-D): Y = mean over each window, dividing by the elements inside the
/// input (count_include_pad = 0) or inside the padded input (count_include_pad = 1).
/// </summary>
public sealed class AveragePoolOperator(WindowGeometry geometry, bool countIncludePad) : IOperator
{
    public string OpType => "AveragePool";

    public WindowGeometry Geometry { get; } = geometry;

    public bool CountIncludePad { get; } = countIncludePad;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context) =>
        [Pooling.Run(OperatorInputs.Float(inputs, 0, "X"), Geometry, max: false, CountIncludePad, context)];
}
