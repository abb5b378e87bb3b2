using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>Checked access to an operator's inputs, with messages that name the input.</summary>
internal static class OperatorInputs
{
    public static Tensor Float(IReadOnlyList<Tensor?> inputs, int index, string name)
    {
        Tensor t = Any(inputs, index, name);
        if (t.ElementType != ElementType.Float32)
        {
            throw new OperatorException($"input {name} must be float32, got {t.ElementType}");
        }

        return t;
    }

    public static Tensor? OptionalFloat(IReadOnlyList<Tensor?> inputs, int index, string name) =>
        index < inputs.Count && inputs[index] is not null ? Float(inputs, index, name) : null;

    public static Tensor Any(IReadOnlyList<Tensor?> inputs, int index, string name)
    {
        if (index >= inputs.Count || inputs[index] is null)
        {
            throw new OperatorException($"input {name} (#{index}) is required");
        }

        return inputs[index]!;
    }
}
