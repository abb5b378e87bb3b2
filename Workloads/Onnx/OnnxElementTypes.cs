using System.Globalization;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Onnx;

/// <summary>Names and IMCSim equivalents of ONNX TensorProto.DataType codes.</summary>
internal static class OnnxElementTypes
{
    private static readonly string[] Names =
        ["undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16"];

    public static string Name(int code) => code >= 0 && code < Names.Length ? Names[code] : "code " + code.ToString(CultureInfo.InvariantCulture);

    public static ElementType? ToElementType(int code) => code switch
    {
        1 => ElementType.Float32,
        6 or 7 => ElementType.Int64,
        _ => null,
    };
}
