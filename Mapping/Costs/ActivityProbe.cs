using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping.Costs;

/// <summary>
/// What a crossbar layer's reads drive, per image: the height of its input feature map (1 for a dense layer), its input vectors
/// (output pixels of a convolution, 1 for a dense layer; <see cref="ValidVectorsPerImage"/>: only the positions where the kernel
/// lies inside the unpadded input, NeuroSim's count) and the fraction of its rows a read drives (a digit of the quantised input that is not 0), the same quantity the run's
/// events count (driven rows / (reads x rows)). <see cref="Phases"/> is 2 when the layer's inputs take both signs (each sign is
/// read on its own), else 1.
/// </summary>
public sealed record LayerActivity(string Layer, int InputHeight, int InputVectorsPerImage, int ValidVectorsPerImage, double RowActivity, int Phases)
{
    /// <summary>The activity a run counted: driven rows over the row slots of every read (each array read drives at most its group's rows).</summary>
    public static LayerActivity FromEvents(string layer, int inputHeight, int vectorsPerImage, int validVectorsPerImage, int phases, LayerPlacement placement, int readRows, ArrayEvents events)
    {
        double slots = 0;
        for (int i = 0; i < placement.Arrays.Count; i++)
        {
            ArrayPlacement a = placement.Arrays[i];
            int groups = (a.RowCount + readRows - 1) / readRows;
            slots += (double)events.Reads[i] * a.RowCount / groups;
        }

        return new LayerActivity(layer, inputHeight, vectorsPerImage, validVectorsPerImage, slots > 0 ? events.TotalDrivenRows / slots : 0, phases);
    }
}

/// <summary>
/// Measures <see cref="LayerActivity"/> of every crossbar layer on a float reference run of some images, as NeuroSim's wrapper
/// takes activity from the traces of one input: <see cref="Capture"/> runs the graph once and keeps each layer's input vectors;
/// <see cref="LayerInputs.Activity"/> quantises them as the crossbar runtime does after input calibration on the same images
/// (scale = max |x| / (2^input bits - 1), round half to even, clipped) and cuts them into DAC digits, for any input and DAC bits.
/// </summary>
public static class ActivityProbe
{
    /// <summary>The input vectors of <paramref name="layers"/> (found in <paramref name="graph"/>) on the images <paramref name="input"/> ([N, ...]).</summary>
    public static IReadOnlyList<LayerInputs> Capture(NetworkGraph graph, IReadOnlyList<MatrixLayer> layers, Tensor input, IComputeKernels kernels)
    {
        var nodes = graph.Nodes.ToList();
        var probes = new Probe[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            GraphNode node = nodes[layers[i].NodeIndex];
            probes[i] = new Probe(layers[i], node.Operator);
            nodes[layers[i].NodeIndex] = node with { Operator = probes[i] };
        }

        var executor = new GraphExecutor(new NetworkGraph(graph.Name, graph.Source, graph.Inputs, graph.Outputs, graph.Constants, nodes), kernels);
        executor.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [graph.Inputs[0].Name] = input });
        return [.. probes.Select(p => p.Result ?? throw new InvalidOperationException($"layer {p.Layer.Name} was not reached by the activity run"))];
    }

    /// <summary>Driven rows over (reads x rows) of <paramref name="count"/> vectors of <paramref name="k"/> values, and the sign phases (2 if any value is negative).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static (double Activity, int Phases) RowActivity(ReadOnlySpan<float> rows, int count, int k, InputDac dac)
    {
        float maxAbs = 0, min = 0;
        foreach (float v in rows[..(count * k)])
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
            min = Math.Min(min, v);
        }

        int phases = min < 0 ? 2 : 1;
        if (maxAbs == 0 || count == 0)
        {
            return (0, phases);
        }

        float inverseScale = dac.Analog ? 1 : dac.InputMax / maxAbs;
        long driven = 0;
        int cycles = dac.Cycles;
        foreach (float v in rows[..(count * k)])
        {
            if (dac.Analog)
            {
                driven += v != 0 ? 1 : 0;
                continue;
            }

            int q = (int)Math.Min(MathF.Round(Math.Abs(v) * inverseScale), dac.InputMax);
            if (dac.DacBits == 1)
            {
                driven += System.Numerics.BitOperations.PopCount((uint)q);
                continue;
            }

            for (int c = 0; c < cycles; c++)
            {
                driven += ((q >> (c * dac.DacBits)) & dac.DigitMask) != 0 ? 1 : 0;
            }
        }

        return ((double)driven / ((double)count * k * cycles * phases), phases);
    }

    private sealed class Probe(MatrixLayer layer, IOperator inner) : IOperator
    {
        public MatrixLayer Layer { get; } = layer;

        public LayerInputs? Result { get; private set; }

        public string OpType => inner.OpType;

        public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
        {
            Tensor x = inputs[0] ?? throw new OperatorException("input is required");
            int images = Math.Max(1, x.Rank >= 2 ? x.Shape[0] : 1);
            if (Layer.Kind == MatrixLayerKind.Conv)
            {
                Conv2dArgs args = Layer.ConvArgs(x);
                float[] rows = new float[(long)args.N * args.OutputPlane * Layer.K];
                Im2Row.Run(args, x.Data, rows, 1);
                Result = new LayerInputs(Layer.Name, rows, args.N * args.OutputPlane, Layer.K, args.H, args.OutputPlane, MatrixLayer.ValidPositions(args));
            }
            else
            {
                int count = x.Length / Layer.K;
                int vectors = Math.Max(1, count / images);
                Result = new LayerInputs(Layer.Name, [.. x.Data.AsSpan(0, count * Layer.K)], count, Layer.K, 1, vectors, vectors);
            }

            return inner.Evaluate(inputs, context);
        }
    }
}

/// <summary>One crossbar layer's input vectors from a float reference run (<paramref name="Count"/> vectors of <paramref name="K"/> values) and its geometry.</summary>
public sealed record LayerInputs(string Layer, float[] Rows, int Count, int K, int InputHeight, int VectorsPerImage, int ValidVectorsPerImage)
{
    /// <summary>The layer's activity when its inputs are quantised and applied by <paramref name="dac"/>.</summary>
    public LayerActivity Activity(InputDac dac)
    {
        var (activity, phases) = ActivityProbe.RowActivity(Rows, Count, K, dac);
        return new LayerActivity(Layer, InputHeight, VectorsPerImage, ValidVectorsPerImage, activity, phases);
    }
}
