namespace IMCSim.Mapping.Lowering;

/// <summary>The operator a crossbar layer replaces.</summary>
public enum MatrixLayerKind
{
    Conv,
    Gemm,
    MatMul,
}
