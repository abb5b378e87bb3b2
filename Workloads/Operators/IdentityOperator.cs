using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>ONNX Identity: the output is the input.</summary>
public sealed class IdentityOperator : IOperator
{
    public string OpType => "Identity";

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context) => [OperatorInputs.Any(inputs, 0, "input")];
}
