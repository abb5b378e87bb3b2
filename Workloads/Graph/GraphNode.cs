namespace IMCSim.Workloads.Graph;

/// <summary>A node of the network graph: an operator and the names of the values it reads and writes ("" = absent optional input).</summary>
public sealed record GraphNode(string Name, IOperator Operator, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
