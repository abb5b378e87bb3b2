using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX Add with numpy broadcasting; covers bias adds and residual adds of two activations.</summary>
public sealed class AddOperator : IOperator
{
    public string OpType => "Add";

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context) =>
        [Broadcasting.Add(OperatorInputs.Float(inputs, 0, "A"), OperatorInputs.Float(inputs, 1, "B"), context)];
}
