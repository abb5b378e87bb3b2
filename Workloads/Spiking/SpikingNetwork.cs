using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Operators;

namespace IMCSim.Workloads.Spiking;

/// <summary>
/// An ANN converted to a spiking network (ANN-to-SNN conversion; Rueckauer et al. 2017, with RMP-SNN's soft reset, Han et al. CVPR
/// 2020): every ReLU becomes a layer of integrate-and-fire neurons (<see cref="SpikingNeuronOperator"/>) whose threshold is a
/// percentile of that ReLU's positive activations on calibration images (<see cref="Thresholds"/>); every other node is unchanged.
/// The image drives the first layer directly on every timestep, and the output layer integrates: the prediction is the argmax of
/// the outputs averaged over the timesteps.
/// </summary>
public sealed class SpikingNetwork
{
    private readonly List<SpikingNeuronOperator> _neurons = [];
    private readonly List<int> _exitTimesteps = [];

    /// <summary>A converted network: one threshold per ReLU node (in node order), every layer with the same reset and leak.</summary>
    /// <param name="encoding">How images enter (direct by default).</param>
    /// <param name="membraneBits">0 = float membranes, 2..32 = MINT integer membranes (<see cref="SpikingNeuronOperator"/>).</param>
    public SpikingNetwork(NetworkGraph ann, IReadOnlyList<float> thresholds, SpikeReset reset, float leak = 1f, SpikeEncoding? encoding = null, int membraneBits = 0, NeuronSharing? sharing = null)
        : this(ann, (thresholds ?? throw new ArgumentNullException(nameof(thresholds))).Select(t => new NeuronParameters(t, leak, reset)).ToList(), encoding, membraneBits, sharing)
    {
    }

    /// <summary>
    /// A spiking network from <paramref name="ann"/> with one neuron layer per ReLU node, in node order, with its own parameters
    /// (a converted network's thresholds, or a trained SNN's sidecar), membranes of <paramref name="membraneBits"/> bits, shared
    /// as <paramref name="sharing"/> says (none by default).
    /// </summary>
    public SpikingNetwork(NetworkGraph ann, IReadOnlyList<NeuronParameters> layers, SpikeEncoding? encoding = null, int membraneBits = 0, NeuronSharing? sharing = null)
    {
        Encoding = encoding ?? SpikeEncoding.Direct;
        Sharing = sharing ?? NeuronSharing.None;
        ArgumentNullException.ThrowIfNull(ann);
        ArgumentNullException.ThrowIfNull(layers);
        int relus = ann.Nodes.Count(n => n.Operator is ReluOperator);
        if (layers.Count != relus)
        {
            throw new ArgumentException($"{layers.Count} neuron layers for {relus} ReLU nodes", nameof(layers));
        }

        int groups = Sharing.Mode == NeuronSharingMode.Channel ? Sharing.ChannelGroups : 1;
        var nodes = ann.Nodes.Select(n =>
        {
            if (n.Operator is not ReluOperator)
            {
                return n;
            }

            NeuronParameters p = layers[_neurons.Count];
            var neuron = new SpikingNeuronOperator(p.Threshold, p.Reset, p.Leak, membraneBits, p.SpikeValue, groups)
            {
                ShareWith = Sharing.Mode == NeuronSharingMode.Layer && _neurons.Count > 0 ? _neurons[^1] : null,
            };
            _neurons.Add(neuron);
            return n with { Operator = neuron };
        }).ToList();
        Graph = new NetworkGraph(ann.Name, ann.Source, ann.Inputs, ann.Outputs, ann.Constants, nodes);
        Ann = ann;
        SpikeInputNodes = SpikeInputNodesOf(ann, Encoding);
        ImageInputNodes = ImageInputNodesOf(ann, Encoding);
    }

    /// <summary>
    /// With direct input, the nodes whose first input is the image itself (directly or through flattening, reshaping or identity):
    /// they see the same input on every timestep of a presentation. Empty with rate-coded input.
    /// </summary>
    public IReadOnlySet<int> ImageInputNodes { get; }

    /// <summary>The graph this network was built from (its weights are the same).</summary>
    public NetworkGraph Ann { get; }

    /// <summary>How the neuron layers share membrane buffers.</summary>
    public NeuronSharing Sharing { get; }

    /// <summary>How images enter each timestep.</summary>
    public SpikeEncoding Encoding { get; }

    /// <summary>The graph inputs of timestep <paramref name="timestep"/>: the image input encoded (<see cref="Encoding"/>), the others as given.</summary>
    public IReadOnlyDictionary<string, Tensor> InputsAt(IReadOnlyDictionary<string, Tensor> inputs, long firstImage, int timestep)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!Encoding.Binary)
        {
            return inputs;
        }

        string image = Graph.Inputs[0].Name;
        var encoded = new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal) { [image] = Encoding.Encode(inputs[image], firstImage, timestep) };
        return encoded;
    }

    /// <summary>Nodes whose first input is binary spikes: produced by a neuron layer (or the rate-coded image input), directly or through max pooling, flattening or reshaping.</summary>
    public IReadOnlySet<int> SpikeInputNodes { get; }

    /// <summary>The spiking graph: the ANN with its ReLUs replaced by neurons.</summary>
    public NetworkGraph Graph { get; }

    /// <summary>The neuron layers, in node order.</summary>
    public IReadOnlyList<SpikingNeuronOperator> Neurons => _neurons;

    /// <summary>Spikes of every neuron layer since the counts were last cleared.</summary>
    public long Spikes => _neurons.Sum(n => n.Spikes);

    /// <summary>Neuron updates (neurons x timesteps) since the counts were last cleared.</summary>
    public long Updates => _neurons.Sum(n => n.Updates);

    /// <summary>Zeroes every layer's spike and update counts, and forgets the exit timesteps.</summary>
    public void ClearCounts()
    {
        _exitTimesteps.Clear();
        foreach (SpikingNeuronOperator n in _neurons)
        {
            n.ClearCounts();
        }
    }

    /// <summary>
    /// Each ReLU's threshold: the <paramref name="percentile"/>-th percentile of its positive outputs over the first
    /// <paramref name="images"/> images (1 for a ReLU that never fires on them).
    /// </summary>
    public static IReadOnlyList<float> Thresholds(NetworkGraph ann, ImageDataset data, int images, double percentile, IComputeKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(ann);
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), $"a percentile must be in (0, 100], got {percentile}");
        }

        var recorded = new List<List<float>>();
        var nodes = ann.Nodes.Select(n =>
        {
            if (n.Operator is not ReluOperator relu)
            {
                return n;
            }

            var sink = new List<float>();
            recorded.Add(sink);
            return n with { Operator = new Recorder(relu, sink) };
        }).ToList();
        var probe = new NetworkGraph(ann.Name, ann.Source, ann.Inputs, ann.Outputs, ann.Constants, nodes);
        int n = Math.Min(images, data.Count);
        ImageClassifier.Run(new GraphExecutor(probe, kernels), data, n, n);
        return [.. recorded.Select(values =>
        {
            if (values.Count == 0)
            {
                return 1f;
            }

            values.Sort();
            int at = Math.Clamp((int)Math.Ceiling(percentile / 100 * values.Count) - 1, 0, values.Count - 1);
            return values[at];
        })];
    }

    /// <summary>The shape of each ReLU's output (node order) for one image of <paramref name="data"/>: the shapes of the neuron layers.</summary>
    public static IReadOnlyList<int[]> ReluShapes(NetworkGraph ann, ImageDataset data, IComputeKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(ann);
        var shapes = new List<int[]>();
        var nodes = ann.Nodes.Select(n => n.Operator is ReluOperator relu ? n with { Operator = new ShapeProbe(relu, shapes) } : n).ToList();
        ImageClassifier.Run(new GraphExecutor(new NetworkGraph(ann.Name, ann.Source, ann.Inputs, ann.Outputs, ann.Constants, nodes), kernels), data, 1, 1);
        return shapes;
    }

    /// <summary>Classifies the first <paramref name="samples"/> images over <paramref name="timesteps"/> timesteps each (membranes cleared per batch).</summary>
    public ClassificationResult Run(ImageDataset data, int samples, int batch, int timesteps, IComputeKernels kernels, SpikingExit? exit = null)
    {
        if (timesteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(timesteps), $"a spiking run needs at least 1 timestep, got {timesteps}");
        }

        var executor = new GraphExecutor(Graph, kernels);
        string output = Graph.Outputs[0].Name;
        long first = 0;
        return ImageClassifier.Run(Graph, inputs => Present(t => executor.Run(InputsAt(inputs, first, t))[output], timesteps, exit), data, samples, batch, beforeBatch: start => first = start);
    }

    /// <summary>
    /// One batch of inputs presented for up to <paramref name="timesteps"/> timesteps from cleared membranes: <paramref name="step"/>
    /// evaluates the network at timestep t (the float graph, or its mapped hardware) to [batch, classes]. Each image's result is its
    /// outputs averaged up to the timestep it exits at (<paramref name="exit"/>; the last without one); the exit timesteps (1-based) are
    /// added to <see cref="ExitTimesteps"/>. The presentation stops once every image has exited.
    /// </summary>
    public Tensor Present(Func<int, Tensor> step, int timesteps, SpikingExit? exit = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        exit ??= SpikingExit.None;
        foreach (SpikingNeuronOperator neuron in _neurons)
        {
            neuron.Reset();
        }

        float[]? sum = null, result = null;
        int[] shape = [];
        int[]? exitedAt = null;
        int images = 0, classes = 0, open = 0;
        for (int t = 1; t <= timesteps && (exitedAt is null || open > 0); t++)
        {
            Tensor y = step(t - 1);
            if (sum is null)
            {
                shape = y.Shape;
                images = shape[0];
                classes = y.Length / images;
                sum = new float[y.Length];
                result = new float[y.Length];
                exitedAt = new int[images];
                open = images;
            }

            System.Numerics.Tensors.TensorPrimitives.Add(sum, y.Data.AsSpan(0, y.Length), sum);
            for (int i = 0; i < images; i++)
            {
                if (exitedAt![i] != 0)
                {
                    continue;
                }

                Span<float> own = result.AsSpan(i * classes, classes);
                System.Numerics.Tensors.TensorPrimitives.Divide(sum.AsSpan(i * classes, classes), t, own);
                if (t == timesteps || exit.Exits(own))
                {
                    exitedAt[i] = t;
                    open--;
                }
            }
        }

        _exitTimesteps.AddRange(exitedAt!);
        return Tensor.FromFloat(shape, result!);
    }

    /// <summary>The timestep (1-based) at which each presented image exited, in presentation order.</summary>
    public IReadOnlyList<int> ExitTimesteps => _exitTimesteps;

    /// <summary>
    /// The neuron layers each synaptic node feeds: from every neuron layer back through the nodes before it (residual adds, batch
    /// norms, pooling: first inputs first) to the nearest node of <paramref name="synapticNodes"/>, never past another neuron layer.
    /// A neuron layer that no synaptic node feeds is left out.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<SpikingNeuronOperator>> NeuronsFedBy(IReadOnlySet<int> synapticNodes)
    {
        var result = new Dictionary<int, List<SpikingNeuronOperator>>();
        foreach (var (neuron, synaptic) in FeedingNodes(Graph, op => op is SpikingNeuronOperator, synapticNodes))
        {
            if (synaptic is { } at)
            {
                (result.TryGetValue(at, out var list) ? list : result[at] = []).Add((SpikingNeuronOperator)Graph.Nodes[neuron].Operator);
            }
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SpikingNeuronOperator>)kv.Value);
    }

    /// <summary>
    /// For every neuron node of <paramref name="graph"/> (<paramref name="isNeuron"/>: SpikingNeuron operators, or the ReLUs that
    /// will become them), in node order, the nearest node of <paramref name="synapticNodes"/> that feeds it: back through the nodes
    /// before it (first inputs first), never past another neuron node; null when none does.
    /// </summary>
    public static IReadOnlyList<(int Neuron, int? Synaptic)> FeedingNodes(NetworkGraph graph, Func<IOperator, bool> isNeuron, IReadOnlySet<int> synapticNodes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(isNeuron);
        ArgumentNullException.ThrowIfNull(synapticNodes);
        var nodes = graph.Nodes;
        var producer = Producers(graph);

        var result = new List<(int, int?)>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!isNeuron(nodes[i].Operator))
            {
                continue;
            }

            int? found = null;
            var queue = new Queue<int>([i]);
            var seen = new HashSet<int> { i };
            while (found is null && queue.TryDequeue(out int at))
            {
                if (at != i && synapticNodes.Contains(at))
                {
                    found = at;
                    break;
                }

                if (at != i && isNeuron(nodes[at].Operator))
                {
                    continue;
                }

                foreach (string input in nodes[at].Inputs)
                {
                    if (producer.TryGetValue(input, out int p) && seen.Add(p))
                    {
                        queue.Enqueue(p);
                    }
                }
            }

            result.Add((i, found));
        }

        return result;
    }

    /// <summary>
    /// The nodes of <paramref name="ann"/> whose first input is binary spikes once its ReLUs are neuron layers: produced by a ReLU (a
    /// neuron layer), or the image itself with rate-coded <paramref name="encoding"/>, directly or through max pooling, flattening,
    /// reshaping or identity. Node indices are the same in the spiking graph.
    /// </summary>
    public static IReadOnlySet<int> SpikeInputNodesOf(NetworkGraph ann, SpikeEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return FedFrom(ann, encoding.Binary, op => op is ReluOperator, op => op is MaxPoolOperator or FlattenOperator or ReshapeOperator or IdentityOperator);
    }

    /// <summary>With direct <paramref name="encoding"/>, the nodes of <paramref name="ann"/> whose first input is the image itself (directly or through flattening, reshaping or identity); none with rate coding.</summary>
    public static IReadOnlySet<int> ImageInputNodesOf(NetworkGraph ann, SpikeEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.Binary ? new HashSet<int>() : FedFrom(ann, true, _ => false, op => op is FlattenOperator or ReshapeOperator or IdentityOperator);
    }

    /// <summary>Which node writes each value of <paramref name="graph"/>.</summary>
    private static Dictionary<string, int> Producers(NetworkGraph graph)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (string o in graph.Nodes[i].Outputs)
            {
                producer[o] = i;
            }
        }

        return producer;
    }

    /// <summary>Nodes whose first input is the image (when <paramref name="fromImage"/>) or a <paramref name="isSource"/> node's output, directly or through <paramref name="passThrough"/> nodes' first inputs.</summary>
    private static HashSet<int> FedFrom(NetworkGraph graph, bool fromImage, Func<IOperator, bool> isSource, Func<IOperator, bool> passThrough)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var producer = Producers(graph);
        string imageInput = graph.Inputs[0].Name;
        bool From(string value) => (fromImage && value == imageInput) ||
            (producer.TryGetValue(value, out int p) && (isSource(graph.Nodes[p].Operator)
                || (passThrough(graph.Nodes[p].Operator) && graph.Nodes[p].Inputs.Count > 0 && From(graph.Nodes[p].Inputs[0]))));
        return [.. graph.Nodes.Select((n, i) => (n, i)).Where(x => x.n.Inputs.Count > 0 && From(x.n.Inputs[0])).Select(x => x.i)];
    }

    /// <summary>A ReLU that also records its output's shape.</summary>
    private sealed class ShapeProbe(ReluOperator relu, List<int[]> shapes) : IOperator
    {
        public string OpType => relu.OpType;

        public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
        {
            Tensor[] y = relu.Evaluate(inputs, context);
            shapes.Add([.. y[0].Shape]);
            return y;
        }
    }

    /// <summary>A ReLU that also keeps its positive outputs.</summary>
    private sealed class Recorder(ReluOperator relu, List<float> sink) : IOperator
    {
        public string OpType => relu.OpType;

        public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
        {
            Tensor[] y = relu.Evaluate(inputs, context);
            foreach (float v in y[0].Data.AsSpan(0, y[0].Length))
            {
                if (v > 0)
                {
                    sink.Add(v);
                }
            }

            return y;
        }
    }
}
