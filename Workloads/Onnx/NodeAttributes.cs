using System.Globalization;
using IMCSim.Simulator.Common;
using IMCSim.Workloads.Onnx.Schema;

namespace IMCSim.Workloads.Onnx;

/// <summary>
/// Typed, checked access to one ONNX node's attributes. Every attribute must be read by the
/// operator factory; <see cref="RejectUnread"/> then reports any the operator does not support,
/// so an attribute IMCSim ignores can never change a result silently.
/// </summary>
internal sealed class NodeAttributes
{
    private const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeTensor = 4, TypeFloats = 6, TypeInts = 7;

    private readonly Dictionary<string, AttributeProto> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly string _source;
    private readonly string _node;

    public NodeAttributes(NodeProto node, string source, string nodeLabel)
    {
        _source = source;
        _node = nodeLabel;
        foreach (AttributeProto a in node.Attribute)
        {
            if (!_byName.TryAdd(a.Name, a))
            {
                throw Error($"attribute '{a.Name}' appears twice");
            }
        }
    }

    public bool Has(string name) => _byName.ContainsKey(name);

    public long Int(string name, long fallback) => Get(name, TypeInt) is { } a ? a.I : fallback;

    public bool Bool(string name, bool fallback)
    {
        long v = Int(name, fallback ? 1 : 0);
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw Error($"attribute '{name}' must be 0 or 1, got {v}"),
        };
    }

    public float Float(string name, float fallback) => Get(name, TypeFloat) is { } a ? a.F : fallback;

    public string String(string name, string fallback) => Get(name, TypeString) is { } a ? a.S.ToStringUtf8() : fallback;

    public int[]? Ints(string name)
    {
        if (Get(name, TypeInts) is not { } a)
        {
            return null;
        }

        var result = new int[a.Ints.Count];
        for (int i = 0; i < result.Length; i++)
        {
            long v = a.Ints[i];
            if (v is < int.MinValue or > int.MaxValue)
            {
                throw Error($"attribute '{name}' value {v} is out of range");
            }

            result[i] = (int)v;
        }

        return result;
    }

    public long[]? Longs(string name) => Get(name, TypeInts)?.Ints.ToArray();

    public float[]? Floats(string name) => Get(name, TypeFloats)?.Floats.ToArray();

    public TensorProto? Tensor(string name) => Get(name, TypeTensor)?.T;

    /// <summary>Positive ints of the given count (e.g. strides), or null when absent.</summary>
    public int[]? PositiveInts(string name, int? count)
    {
        int[]? v = Ints(name);
        if (v is null)
        {
            return null;
        }

        if (count is { } c && v.Length != c)
        {
            throw Error($"attribute '{name}' must have {c} values, has {v.Length}");
        }

        if (v.Any(x => x < 1))
        {
            throw Error($"attribute '{name}' values must be >= 1, got [{string.Join(",", v)}]");
        }

        return v;
    }

    public void RejectUnread()
    {
        foreach (string name in _byName.Keys)
        {
            if (!_read.Contains(name))
            {
                throw Error($"attribute '{name}' is not supported by IMCSim");
            }
        }
    }

    public InputException Error(string message) => new(_source, $"{_node}: {message}");

    private AttributeProto? Get(string name, int type)
    {
        _read.Add(name);
        if (!_byName.TryGetValue(name, out AttributeProto? a))
        {
            return null;
        }

        if (a.Type != 0 && a.Type != type)
        {
            throw Error($"attribute '{name}' has type {a.Type.ToString(CultureInfo.InvariantCulture)}, expected {type.ToString(CultureInfo.InvariantCulture)}");
        }

        return a;
    }
}
