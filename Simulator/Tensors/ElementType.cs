namespace IMCSim.Simulator.Tensors;

/// <summary>Element types a <see cref="Tensor"/> can hold: float32 for activations and weights, int64 for shapes and indices.</summary>
public enum ElementType
{
    Float32,
    Int64,
}
