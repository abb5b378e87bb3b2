using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Graph;

/// <summary>
/// One operator of a network graph with its attributes already validated. <see cref="Evaluate"/> is
/// its float reference semantics (the accuracy baseline); hardware executors may replace the
/// matrix operators and use this for the rest.
/// </summary>
public interface IOperator
{
    /// <summary>The ONNX operator name, e.g. "Conv".</summary>
    string OpType { get; }

    /// <summary>
    /// Computes the outputs from the inputs (null for an absent optional input). Throws
    /// <see cref="OperatorException"/> when the inputs do not fit the operator.
    /// </summary>
    Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context);
}
