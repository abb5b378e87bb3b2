using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Graph;

/// <summary>
/// IMCSim's network: constant tensors (weights, biases, shapes), nodes in an order where every
/// node's inputs are produced before it, and the declared inputs and outputs.
/// </summary>
public sealed class NetworkGraph
{
    public NetworkGraph(
        string name,
        string source,
        IReadOnlyList<GraphValue> inputs,
        IReadOnlyList<GraphValue> outputs,
        IReadOnlyDictionary<string, Tensor> constants,
        IReadOnlyList<GraphNode> nodes)
    {
        Name = name;
        Source = source;
        Inputs = inputs;
        Outputs = outputs;
        Constants = constants;
        Nodes = nodes;
    }

    public string Name { get; }

    /// <summary>Where the graph came from (a file path or an embedded resource name), for messages.</summary>
    public string Source { get; }

    /// <summary>Runtime inputs (initializers excluded).</summary>
    public IReadOnlyList<GraphValue> Inputs { get; }

    public IReadOnlyList<GraphValue> Outputs { get; }

    public IReadOnlyDictionary<string, Tensor> Constants { get; }

    /// <summary>Nodes in a valid execution order.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }
}
