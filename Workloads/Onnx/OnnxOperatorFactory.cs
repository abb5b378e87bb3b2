using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx.Schema;
using IMCSim.Workloads.Operators;

namespace IMCSim.Workloads.Onnx;

/// <summary>Builds IMCSim operators from ONNX nodes, validating attributes and arity; everything unsupported is an error that names it.</summary>
internal static class OnnxOperatorFactory
{
    public static readonly IReadOnlyList<string> Supported =
    [
        "Add", "AveragePool", "BatchNormalization", "Constant", "Conv", "Flatten", "Gemm", "GlobalAveragePool",
        "Identity", "MatMul", "MaxPool", "Relu", "Reshape", "Softmax",
    ];

    public static IOperator Create(NodeProto node, NodeAttributes attrs, long opset)
    {
        int inputs = node.Input.Count;
        while (inputs > 0 && node.Input[inputs - 1].Length == 0)
        {
            inputs--;
        }

        IOperator op = node.OpType switch
        {
            "Conv" => Arity(node, attrs, inputs, 2, 3, 1, new ConvOperator(Window(attrs, ceilAllowed: false, dilationsAllowed: true), (int)attrs.Int("group", 1))),
            "Gemm" => Arity(node, attrs, inputs, 2, 3, 1, Gemm(attrs)),
            "MatMul" => Arity(node, attrs, inputs, 2, 2, 1, new MatMulOperator()),
            "Add" => Arity(node, attrs, inputs, 2, 2, 1, Add(attrs)),
            "Relu" => Arity(node, attrs, inputs, 1, 1, 1, new ReluOperator()),
            "MaxPool" => Arity(node, attrs, inputs, 1, 1, 1, MaxPool(attrs)),
            "AveragePool" => Arity(node, attrs, inputs, 1, 1, 1, new AveragePoolOperator(Window(attrs, ceilAllowed: true, dilationsAllowed: true), attrs.Bool("count_include_pad", false))),
            "GlobalAveragePool" => Arity(node, attrs, inputs, 1, 1, 1, new GlobalAveragePoolOperator()),
            "BatchNormalization" => Arity(node, attrs, inputs, 5, 5, 1, BatchNorm(attrs)),
            "Flatten" => Arity(node, attrs, inputs, 1, 1, 1, new FlattenOperator((int)attrs.Int("axis", 1))),
            "Reshape" => Arity(node, attrs, inputs, 2, 2, 1, new ReshapeOperator(attrs.Bool("allowzero", false))),
            "Softmax" => Arity(node, attrs, inputs, 1, 1, 1, new SoftmaxOperator((int)attrs.Int("axis", opset >= 13 ? -1 : 1), coerceTo2D: opset < 13)),
            "Identity" => Arity(node, attrs, inputs, 1, 1, 1, new IdentityOperator()),
            _ => throw attrs.Error($"operator '{node.OpType}' is not supported by IMCSim (supported: {string.Join(", ", Supported)})"),
        };
        attrs.RejectUnread();
        return op;
    }

    private static IOperator Arity(NodeProto node, NodeAttributes attrs, int inputs, int minIn, int maxIn, int outputs, IOperator op)
    {
        if (inputs < minIn || inputs > maxIn)
        {
            throw attrs.Error(minIn == maxIn ? $"takes {minIn} inputs, has {inputs}" : $"takes {minIn} to {maxIn} inputs, has {inputs}");
        }

        int usedOutputs = node.Output.Count(o => o.Length > 0);
        if (usedOutputs != outputs || node.Output.Count < 1 || node.Output[0].Length == 0)
        {
            throw attrs.Error($"has {node.Output.Count} outputs; IMCSim supports only the first output ({outputs}) of {node.OpType}");
        }

        return op;
    }

    private static GemmOperator Gemm(NodeAttributes attrs)
    {
        // Opset < 7 flagged C's unidirectional broadcast explicitly; numpy broadcasting of C covers both values.
        attrs.Bool("broadcast", false);
        return new GemmOperator(attrs.Float("alpha", 1f), attrs.Float("beta", 1f), attrs.Bool("transA", false), attrs.Bool("transB", false));
    }

    private static AddOperator Add(NodeAttributes attrs)
    {
        // Opset < 7 used explicit broadcast attributes; numpy broadcasting covers them only when axis is absent.
        if (attrs.Has("axis"))
        {
            throw attrs.Error("attribute 'axis' (legacy broadcasting, opset < 7) is not supported; re-export with opset >= 7");
        }

        attrs.Int("broadcast", 1);
        return new AddOperator();
    }

    private static MaxPoolOperator MaxPool(NodeAttributes attrs)
    {
        if (attrs.Int("storage_order", 0) is not 0 and not 1)
        {
            throw attrs.Error("attribute 'storage_order' must be 0 or 1");
        }

        return new MaxPoolOperator(Window(attrs, ceilAllowed: true, dilationsAllowed: true));
    }

    private static BatchNormalizationOperator BatchNorm(NodeAttributes attrs)
    {
        if (attrs.Bool("training_mode", false))
        {
            throw attrs.Error("training_mode = 1 is not supported; IMCSim runs BatchNormalization in inference form");
        }

        if (attrs.Int("spatial", 1) != 1)
        {
            throw attrs.Error("spatial = 0 (per-activation statistics, opset < 9) is not supported");
        }

        attrs.Int("is_test", 1);
        attrs.Float("momentum", 0.9f);
        return new BatchNormalizationOperator(attrs.Float("epsilon", 1e-5f));
    }

    private static WindowGeometry Window(NodeAttributes attrs, bool ceilAllowed, bool dilationsAllowed)
    {
        int[]? kernel = attrs.PositiveInts("kernel_shape", null);
        int rank = kernel?.Length ?? -1;
        int? spatial = rank > 0 ? rank : null;
        int[]? strides = attrs.PositiveInts("strides", spatial);
        int[]? dilations = dilationsAllowed ? attrs.PositiveInts("dilations", spatial) : null;
        int[]? pads = attrs.Ints("pads");
        if (pads is not null && (pads.Any(p => p < 0) || (spatial is { } s && pads.Length != 2 * s)))
        {
            throw attrs.Error($"attribute 'pads' must hold 2 x {spatial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "spatial rank"} non-negative values, got [{string.Join(",", pads)}]");
        }

        string autoPad = attrs.String("auto_pad", "NOTSET");
        AutoPad mode = autoPad switch
        {
            "NOTSET" or "" => AutoPad.NotSet,
            "VALID" => AutoPad.Valid,
            "SAME_UPPER" => AutoPad.SameUpper,
            "SAME_LOWER" => AutoPad.SameLower,
            _ => throw attrs.Error($"auto_pad '{autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER"),
        };
        if (mode != AutoPad.NotSet && pads is not null && pads.Any(p => p != 0))
        {
            throw attrs.Error("auto_pad and explicit pads cannot be used together");
        }

        bool ceil = ceilAllowed && attrs.Bool("ceil_mode", false);
        if (rank is > 2)
        {
            throw attrs.Error($"{rank}-D windows are not supported (IMCSim supports 1-D and 2-D)");
        }

        return new WindowGeometry(kernel, strides, dilations, pads, mode, ceil);
    }
}
