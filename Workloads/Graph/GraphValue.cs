using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Graph;

/// <summary>
/// A declared graph input or output: its name, element type and shape, where a dimension is null
/// when symbolic (e.g. the batch dimension "N").
/// </summary>
public sealed record GraphValue(string Name, ElementType ElementType, IReadOnlyList<int?>? Dims)
{
    public override string ToString() =>
        Dims is null ? $"{Name}: {ElementType}[?]" : $"{Name}: {ElementType}[{string.Join(",", Dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"))}]";
}
