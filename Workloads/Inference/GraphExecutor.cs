using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Inference;

/// <summary>
/// Float reference execution of a <see cref="NetworkGraph"/>: nodes in order, each operator's
/// reference semantics on the given kernels, intermediate values released after their last use.
/// </summary>
public sealed class GraphExecutor
{
    private readonly NetworkGraph _graph;
    private readonly OperatorContext _context;
    private readonly BufferPool _buffers = new();
    private readonly Dictionary<string, int> _finalUse;

    public GraphExecutor(NetworkGraph graph, IComputeKernels kernels)
    {
        _graph = graph;
        _context = new OperatorContext(kernels, _buffers.Rent, graph.Constants.Values);
        _finalUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (string name in graph.Nodes[i].Inputs)
            {
                _finalUse[name] = i;
            }
        }

        foreach (GraphValue o in graph.Outputs)
        {
            _finalUse[o.Name] = int.MaxValue;
        }
    }

    public NetworkGraph Graph => _graph;

    /// <summary>Runs the graph; <paramref name="inputs"/> maps every graph input name to a tensor of the declared type and shape.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var values = new Dictionary<string, Tensor>(_graph.Constants, StringComparer.Ordinal);

        // Device buffers this run must leave alone: the caller's, and the device copies of its inputs (kept for the next run).
        var kept = new HashSet<IDeviceBuffer>(ReferenceEqualityComparer.Instance);
        foreach (GraphValue declared in _graph.Inputs)
        {
            if (!inputs.TryGetValue(declared.Name, out Tensor? t))
            {
                throw new InputException(_graph.Source, $"graph input '{declared.Name}' was not given a value");
            }

            CheckDeclared(declared, t);
            values[declared.Name] = t.Device is null && t.ElementType == ElementType.Float32 && _context.Kernels is IDeviceTensors device ? Uploaded(declared.Name, t, device) : t;
            if (values[declared.Name].Device is { } buffer)
            {
                kept.Add(buffer);
            }
        }

        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            for (int i = 0; i < _graph.Nodes.Count; i++)
            {
                GraphNode node = _graph.Nodes[i];
                var args = new Tensor?[node.Inputs.Count];
                for (int j = 0; j < args.Length; j++)
                {
                    args[j] = node.Inputs[j].Length == 0 ? null : values[node.Inputs[j]];
                }

                Tensor[] results;
                try
                {
                    results = node.Operator.Evaluate(args, _context);
                }
                catch (OperatorException e)
                {
                    throw new InputException(_graph.Source, $"node '{node.Name}' ({node.Operator.OpType}): {e.Message}");
                }

                for (int j = 0; j < results.Length && j < node.Outputs.Count; j++)
                {
                    if (node.Outputs[j].Length > 0)
                    {
                        values[node.Outputs[j]] = results[j];
                    }
                }

                foreach (string name in node.Inputs)
                {
                    // The caller's inputs stay theirs.
                    if (name.Length > 0 && _finalUse[name] == i && !_graph.Constants.ContainsKey(name) && values.TryGetValue(name, out Tensor? dead)
                        && !(inputs.TryGetValue(name, out Tensor? given) && ReferenceEquals(given, dead)))
                    {
                        values.Remove(name);
                        Recycle(dead, values, kept);
                    }
                }
            }

            // Outputs go to the host.
            foreach (GraphValue o in _graph.Outputs)
            {
                Tensor t = values[o.Name];
                outputs[o.Name] = t.Device is null ? t : Tensor.FromFloat(t.Shape, t.Data);
            }
        }
        finally
        {
            // Every device buffer this run made goes back to its backend, whether the run finished or failed.
            foreach (Tensor t in values.Values)
            {
                if (t.Device is { } buffer && !kept.Contains(buffer))
                {
                    buffer.Release();
                }
            }
        }

        return outputs;
    }

    private readonly Dictionary<string, (Tensor Given, float[] Values, Tensor OnDevice)> _uploads = new(StringComparer.Ordinal);

    /// <summary>
    /// The device copy of a host input: uploaded once, and reused while the caller passes the same tensor with the same values (a
    /// spiking network's timesteps of one batch: a layer that holds its outputs across timesteps recognises its input by identity);
    /// the copy of an earlier input goes back to the backend.
    /// </summary>
    private Tensor Uploaded(string name, Tensor given, IDeviceTensors device)
    {
        ReadOnlySpan<float> data = given.Data.AsSpan(0, given.Length);
        if (_uploads.TryGetValue(name, out var cached))
        {
            if (ReferenceEquals(cached.Given, given) && System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(data).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(cached.Values)))
            {
                return cached.OnDevice;
            }

            cached.OnDevice.Device!.Release();
        }

        var copy = Tensor.OnDevice(given.Shape, device.Upload(data));
        _uploads[name] = (given, data.ToArray(), copy);
        return copy;
    }

    /// <summary>Returns a dead value's buffer to its pool unless a live value (a reshaped view, say) still shares it or the run must keep it.</summary>
    private void Recycle(Tensor dead, Dictionary<string, Tensor> live, HashSet<IDeviceBuffer> kept)
    {
        if (dead.ElementType != ElementType.Float32)
        {
            return;
        }

        if (dead.Device is { } device)
        {
            if (!kept.Contains(device) && !live.Values.Any(t => ReferenceEquals(t.Device, device)))
            {
                device.Release();
            }

            return;
        }

        float[] buffer = dead.Data;
        foreach (Tensor t in live.Values)
        {
            if (t.ElementType == ElementType.Float32 && t.OnHost && ReferenceEquals(t.Data, buffer))
            {
                return;
            }
        }

        _buffers.Return(buffer);
    }

    private void CheckDeclared(GraphValue declared, Tensor t)
    {
        if (t.ElementType != declared.ElementType)
        {
            throw new InputException(_graph.Source, $"graph input '{declared.Name}' is declared {declared.ElementType}, was given {t.ElementType}");
        }

        if (declared.Dims is { } dims)
        {
            bool ok = dims.Count == t.Rank;
            for (int i = 0; ok && i < dims.Count; i++)
            {
                ok = dims[i] is null || dims[i] == t.Shape[i];
            }

            if (!ok)
            {
                throw new InputException(_graph.Source, $"graph input {declared} was given shape {ShapeMath.Format(t.Shape)}");
            }
        }
    }
}
