using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Workloads.Zoo;

/// <summary>
/// Builds a zoo network layer by layer, tracking each value's shape, with seeded random weights: every weight is
/// an 8-bit level k / 127 (k uniform in -127..127) times the He-uniform bound sqrt(6 / fan-in), so activations
/// keep their scale through ReLU layers; biases are absent. The stream of a layer is keyed by the model, the layer
/// name and the seed, so adding a layer never changes another layer's weights.
/// </summary>
internal sealed class ZooGraphBuilder
{
    private readonly string _name;
    private readonly ulong _seed;
    private readonly Dictionary<string, int[]> _shapes = [];
    private readonly Dictionary<string, Tensor> _constants = [];
    private readonly List<GraphNode> _nodes = [];
    private readonly int[] _inputShape;
    private int _layers;

    public ZooGraphBuilder(string name, ulong seed, int channels, int height, int width)
    {
        _name = name;
        _seed = seed;
        _inputShape = [channels, height, width];
        _shapes[Input] = _inputShape;
    }

    public const string Input = "input";

    /// <summary>Channels (or features) of a value.</summary>
    public int Channels(string value) => _shapes[value][0];

    public string Conv(string x, int outputs, int kernel, int stride, int pad)
    {
        int[] s = _shapes[x];
        string name = Layer("conv");
        int fanIn = s[0] * kernel * kernel;
        _constants[name + ".weight"] = Tensor.FromFloat([outputs, s[0], kernel, kernel], Weights(name, outputs * fanIn, fanIn));
        var window = new WindowGeometry([kernel, kernel], [stride, stride], null, [pad, pad, pad, pad], AutoPad.NotSet, false);
        int h = ((s[1] + (2 * pad) - kernel) / stride) + 1, w = ((s[2] + (2 * pad) - kernel) / stride) + 1;
        return Node(name, new ConvOperator(window, 1), [x, name + ".weight"], [outputs, h, w]);
    }

    public string Dense(string x, int outputs)
    {
        int inputs = _shapes[x][0];
        string name = Layer("fc");
        _constants[name + ".weight"] = Tensor.FromFloat([outputs, inputs], Weights(name, outputs * inputs, inputs));
        return Node(name, new GemmOperator(1f, 1f, false, true), [x, name + ".weight"], [outputs]);
    }

    public string Relu(string x) => Node(Layer("relu"), new ReluOperator(), [x], _shapes[x]);

    public string MaxPool(string x, int size)
    {
        int[] s = _shapes[x];
        var window = new WindowGeometry([size, size], [size, size], null, null, AutoPad.NotSet, false);
        return Node(Layer("pool"), new MaxPoolOperator(window), [x], [s[0], s[1] / size, s[2] / size]);
    }

    public string Add(string a, string b) => Node(Layer("add"), new AddOperator(), [a, b], _shapes[a]);

    public string GlobalAveragePool(string x) => Node(Layer("gap"), new GlobalAveragePoolOperator(), [x], [_shapes[x][0], 1, 1]);

    public string Flatten(string x) => Node(Layer("flatten"), new FlattenOperator(1), [x], [_shapes[x].Aggregate(1, (p, d) => p * d)]);

    public NetworkGraph Finish(string output)
    {
        GraphValue Value(string name, int[] shape) => new(name, ElementType.Float32, [null, .. shape.Select(d => (int?)d)]);
        return new NetworkGraph(_name, _name, [Value(Input, _inputShape)], [Value(output, _shapes[output])], _constants, _nodes);
    }

    private string Layer(string kind) => kind + ModelZoo.Format(++_layers);

    private string Node(string name, IOperator op, string[] inputs, int[] outputShape)
    {
        string output = name + ".out";
        _nodes.Add(new GraphNode(name, op, inputs, [output]));
        _shapes[output] = outputShape;
        return output;
    }

    private float[] Weights(string layer, int count, int fanIn)
    {
        var rng = ModelZoo.Stream(_seed, _name, layer);
        float bound = MathF.Sqrt(6f / fanIn);
        var w = new float[count];
        const int Chunk = 1 << 16;

        // Every weight depends on its index only, so the chunks may run in any order on any thread.
        Parallel.For(0, (count + Chunk - 1) / Chunk, c =>
        {
            for (int i = c * Chunk, end = Math.Min(count, i + Chunk); i < end; i++)
            {
                int level = (int)Math.Floor(rng.Uniform((ulong)i) * 255) - 127;
                w[i] = Math.Clamp(level, -127, 127) / 127f * bound;
            }
        });

        return w;
    }
}
