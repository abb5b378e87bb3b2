using IMCSim.Simulator.Common;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx.Schema;

namespace IMCSim.Workloads.Onnx;

/// <summary>
/// Reads an ONNX model (.onnx, protobuf) into a <see cref="NetworkGraph"/>: initializers and
/// Constant nodes become constants, every other node an operator, checked for support, arity,
/// attributes and that each of its inputs is defined. Every problem is an <see cref="InputException"/>
/// naming the file and, where there is one, the node.
/// </summary>
public static class OnnxModelReader
{
    public static NetworkGraph ReadFile(string path)
    {
        return Read(InputFiles.ReadAllBytes(path, "model"), path);
    }

    public static NetworkGraph Read(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw new InputException(source, "model file is empty; expected an ONNX model (protobuf ModelProto)");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            string why = e.Message.Contains("ended unexpectedly", StringComparison.Ordinal)
                ? "the file ends in the middle of a protobuf field (truncated?)"
                : "the data is not valid protobuf (is this an .onnx file?)";
            throw new InputException(source, $"not a valid ONNX model: {why}");
        }

        if (model.Graph is null || model.IrVersion <= 0)
        {
            throw new InputException(source, "not an ONNX model: no graph or IR version found (is this an .onnx file?)");
        }

        long opset = DefaultOpset(model, source);
        return BuildGraph(model.Graph, opset, source);
    }

    private static long DefaultOpset(ModelProto model, string source)
    {
        long opset = -1;
        foreach (OperatorSetIdProto o in model.OpsetImport)
        {
            if (o.Domain is "" or "ai.onnx")
            {
                opset = o.Version;
            }
        }

        if (opset < 1)
        {
            throw new InputException(source, "model imports no version of the default ONNX operator set (opset_import)");
        }

        return opset;
    }

    private static NetworkGraph BuildGraph(GraphProto g, long opset, string source)
    {
        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorProto init in g.Initializer)
        {
            if (string.IsNullOrEmpty(init.Name))
            {
                throw new InputException(source, "an initializer has no name");
            }

            constants[init.Name] = OnnxTensors.ToTensor(init, source, "initializer");
        }

        var inputs = new List<GraphValue>();
        foreach (ValueInfoProto vi in g.Input)
        {
            if (!constants.ContainsKey(vi.Name))
            {
                inputs.Add(ToGraphValue(vi, source, "input"));
            }
        }

        var defined = new HashSet<string>(constants.Keys, StringComparer.Ordinal);
        foreach (GraphValue v in inputs)
        {
            defined.Add(v.Name);
        }

        var pending = new List<(NodeProto Node, IOperator? Op, string Label)>();
        for (int i = 0; i < g.Node.Count; i++)
        {
            NodeProto node = g.Node[i];
            string label = string.IsNullOrEmpty(node.Name) ? $"node #{i} ({node.OpType})" : $"node '{node.Name}' ({node.OpType})";
            if (node.Domain is not "" and not "ai.onnx")
            {
                throw new InputException(source, $"{label}: operator domain '{node.Domain}' is not supported (IMCSim reads the default ONNX domain)");
            }

            var attrs = new NodeAttributes(node, source, label);
            if (node.OpType == "Constant")
            {
                if (node.Output.Count != 1)
                {
                    throw attrs.Error("Constant must have exactly one output");
                }

                constants[node.Output[0]] = ConstantValue(attrs, source, label);
                attrs.RejectUnread();
                defined.Add(node.Output[0]);
                continue;
            }

            pending.Add((node, OnnxOperatorFactory.Create(node, attrs, opset), label));
        }

        var nodes = TopologicalOrder(pending, defined, source);
        var outputs = new List<GraphValue>();
        foreach (ValueInfoProto vi in g.Output)
        {
            if (!defined.Contains(vi.Name))
            {
                throw new InputException(source, $"graph output '{vi.Name}' is produced by no node (is the file truncated?)");
            }

            outputs.Add(ToGraphValue(vi, source, "output"));
        }

        if (outputs.Count == 0)
        {
            throw new InputException(source, "the graph declares no outputs");
        }

        return new NetworkGraph(string.IsNullOrEmpty(g.Name) ? Path.GetFileNameWithoutExtension(source) : g.Name, source, inputs, outputs, constants, nodes);
    }

    /// <summary>ONNX requires nodes in topological order; tolerate any order, and report the first input nothing produces.</summary>
    private static List<GraphNode> TopologicalOrder(List<(NodeProto Node, IOperator? Op, string Label)> pending, HashSet<string> defined, string source)
    {
        var ordered = new List<GraphNode>(pending.Count);
        var remaining = pending;
        while (remaining.Count > 0)
        {
            var next = new List<(NodeProto Node, IOperator? Op, string Label)>();
            foreach (var item in remaining)
            {
                if (item.Node.Input.All(name => name.Length == 0 || defined.Contains(name)))
                {
                    ordered.Add(new GraphNode(string.IsNullOrEmpty(item.Node.Name) ? item.Label : item.Node.Name, item.Op!, [.. item.Node.Input], [.. item.Node.Output]));
                    foreach (string o in item.Node.Output)
                    {
                        defined.Add(o);
                    }
                }
                else
                {
                    next.Add(item);
                }
            }

            if (next.Count == remaining.Count)
            {
                var (node, _, label) = next[0];
                string missing = node.Input.First(name => name.Length > 0 && !defined.Contains(name));
                throw new InputException(source, $"{label}: input '{missing}' is produced by no node, initializer or graph input (or the graph has a cycle)");
            }

            remaining = next;
        }

        return ordered;
    }

    private static Tensor ConstantValue(NodeAttributes attrs, string source, string label)
    {
        Tensor? value = null;
        int count = 0;
        if (attrs.Tensor("value") is { } t)
        {
            value = OnnxTensors.ToTensor(t, source, $"{label} value");
            count++;
        }

        if (attrs.Has("value_float"))
        {
            value = Tensor.FromFloat([], [attrs.Float("value_float", 0f)]);
            count++;
        }
        else
        {
            attrs.Float("value_float", 0f);
        }

        if (attrs.Floats("value_floats") is { } fs)
        {
            value = Tensor.FromFloat([fs.Length], fs);
            count++;
        }

        if (attrs.Has("value_int"))
        {
            value = Tensor.FromInt64([], [attrs.Int("value_int", 0)]);
            count++;
        }
        else
        {
            attrs.Int("value_int", 0);
        }

        if (attrs.Longs("value_ints") is { } ls)
        {
            value = Tensor.FromInt64([ls.Length], ls);
            count++;
        }

        if (count != 1 || value is null)
        {
            throw attrs.Error("Constant needs exactly one of value, value_float, value_floats, value_int, value_ints (sparse and string values are not supported)");
        }

        return value;
    }

    private static GraphValue ToGraphValue(ValueInfoProto vi, string source, string what)
    {
        if (vi.Type?.TensorType is not { } tt)
        {
            throw new InputException(source, $"graph {what} '{vi.Name}' is not a tensor (sequences, maps and optionals are not supported)");
        }

        ElementType type = OnnxElementTypes.ToElementType(tt.ElemType)
            ?? throw new InputException(source, $"graph {what} '{vi.Name}' has element type {OnnxElementTypes.Name(tt.ElemType)}; IMCSim supports float32 (and int64 for shapes)");
        List<int?>? dims = tt.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0 ? (int?)d.DimValue : null).ToList();
        return new GraphValue(vi.Name, type, dims);
    }
}
