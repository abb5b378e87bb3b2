using System.Buffers.Binary;
using System.Runtime.InteropServices;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Onnx.Schema;

namespace IMCSim.Workloads.Onnx;

/// <summary>
/// Converts ONNX TensorProto messages (initializers, Constant values, the .pb files of the ONNX
/// test data) to IMCSim tensors. Float32 and int64 (int32 widened) are supported, stored inline
/// or as little-endian raw_data; other element types and external data are reported.
/// </summary>
public static class OnnxTensors
{
    private const int Float = 1, Int32 = 6, Int64 = 7;

    /// <summary>Reads one serialized TensorProto file (as in the ONNX test data sets).</summary>
    public static Tensor ReadFile(string path)
    {
        byte[] bytes = InputFiles.ReadAllBytes(path, "tensor");

        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InputException(path, $"not a serialized ONNX TensorProto ({e.Message})");
        }

        return ToTensor(proto, path, "tensor");
    }

    internal static Tensor ToTensor(TensorProto t, string source, string what)
    {
        if (t.DataLocation == 1)
        {
            throw new InputException(source, $"{what} '{t.Name}' keeps its data in an external file, which IMCSim does not read; re-export the model with the weights inside the .onnx file");
        }

        var shape = new int[t.Dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = t.Dims[i];
            if (d < 0 || d > int.MaxValue)
            {
                throw new InputException(source, $"{what} '{t.Name}' has invalid dimension {d}");
            }

            shape[i] = (int)d;
            count *= d;
        }

        if (count > int.MaxValue)
        {
            throw new InputException(source, $"{what} '{t.Name}' has {count} elements; at most {int.MaxValue} are supported");
        }

        int n = (int)count;
        bool raw = !t.RawData.IsEmpty;
        switch (t.DataType)
        {
            case Float:
            {
                float[] data;
                if (raw)
                {
                    CheckRawLength(t, n, 4, source, what);
                    data = new float[n];
                    t.RawData.Span.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
                    if (!BitConverter.IsLittleEndian)
                    {
                        throw new PlatformNotSupportedException("big-endian hosts are not supported");
                    }
                }
                else
                {
                    CheckCount(t.FloatData.Count, n, t, source, what);
                    data = [.. t.FloatData];
                }

                return Tensor.FromFloat(shape, data);
            }

            case Int64:
            {
                long[] data;
                if (raw)
                {
                    CheckRawLength(t, n, 8, source, what);
                    data = new long[n];
                    ReadOnlySpan<byte> span = t.RawData.Span;
                    for (int i = 0; i < n; i++)
                    {
                        data[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]);
                    }
                }
                else
                {
                    CheckCount(t.Int64Data.Count, n, t, source, what);
                    data = [.. t.Int64Data];
                }

                return Tensor.FromInt64(shape, data);
            }

            case Int32:
            {
                var data = new long[n];
                if (raw)
                {
                    CheckRawLength(t, n, 4, source, what);
                    ReadOnlySpan<byte> span = t.RawData.Span;
                    for (int i = 0; i < n; i++)
                    {
                        data[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
                    }
                }
                else
                {
                    CheckCount(t.Int32Data.Count, n, t, source, what);
                    for (int i = 0; i < n; i++)
                    {
                        data[i] = t.Int32Data[i];
                    }
                }

                return Tensor.FromInt64(shape, data);
            }

            default:
                throw new InputException(source, $"{what} '{t.Name}' has element type {OnnxElementTypes.Name(t.DataType)}; IMCSim supports float32 (and int64/int32 for shapes)");
        }
    }

    private static void CheckRawLength(TensorProto t, int n, int size, string source, string what)
    {
        if (t.RawData.Length != (long)n * size)
        {
            throw new InputException(source, $"{what} '{t.Name}' raw_data has {t.RawData.Length} bytes, expected {(long)n * size} for shape [{string.Join(",", t.Dims)}]");
        }
    }

    private static void CheckCount(int have, int n, TensorProto t, string source, string what)
    {
        if (have != n)
        {
            throw new InputException(source, $"{what} '{t.Name}' has {have} values, expected {n} for shape [{string.Join(",", t.Dims)}]");
        }
    }
}
