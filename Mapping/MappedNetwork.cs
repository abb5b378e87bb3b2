using IMCSim.Devices.Models;
using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping;

/// <summary>
/// A network mapped onto crossbars: every Conv / Gemm / MatMul with constant weights is programmed
/// onto arrays of its layer's device and replaced by a <see cref="CrossbarOperator"/>; all other
/// operators run digitally with their float reference semantics. Calibrate once, then run.
/// </summary>
public sealed class MappedNetwork
{
    private readonly CrossbarRunState _state = new();
    private readonly GraphExecutor _executor;
    private readonly List<CrossbarOperator> _operators = [];
    private double _imagesRead;

    public MappedNetwork(NetworkGraph graph, MappingSpec spec, DeviceAssignment devices, IComputeKernels kernels, int threads)
    {
        Spec = spec;
        Graph = graph;
        Layers = NetworkLowering.FindLayers(graph);
        devices.CheckLayers(Layers.Select(l => l.Name));
        foreach (MatrixLayer layer in Layers)
        {
            ProgrammedLayer.CheckCompatible(layer, spec, devices.For(layer.Name));
        }

        var nodes = graph.Nodes.ToList();
        var programmed = new ProgrammedLayer[Layers.Count];
        Parallel.For(0, Layers.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            MatrixLayer layer = Layers[i];
            programmed[i] = new ProgrammedLayer(layer, spec, new DeviceModel(devices.For(layer.Name), spec.Noise), Math.Max(1, threads));
        });
        for (int i = 0; i < Layers.Count; i++)
        {
            var op = new CrossbarOperator(new CrossbarLayerRuntime(programmed[i], Math.Max(1, threads)), _state);
            _operators.Add(op);
            GraphNode node = nodes[Layers[i].NodeIndex];
            nodes[Layers[i].NodeIndex] = node with { Operator = op };
        }

        _executor = new GraphExecutor(new NetworkGraph(graph.Name, graph.Source, graph.Inputs, graph.Outputs, graph.Constants, nodes), kernels);
    }

    public MappingSpec Spec { get; }

    public NetworkGraph Graph { get; }

    public IReadOnlyList<MatrixLayer> Layers { get; }

    public IReadOnlyList<CrossbarOperator> Operators => _operators;

    /// <summary>Sets input scales and ADC ranges from the first <see cref="MappingSpec.CalibrationImages"/> images (see <see cref="CrossbarLayerRuntime.Calibrate"/>).</summary>
    public void Calibrate(ImageDataset data)
    {
        _state.Calibrating = true;
        try
        {
            int n = Math.Min(Spec.CalibrationImages, data.Count);
            ImageClassifier.Run(_executor, data, n, n);
        }
        finally
        {
            _state.Calibrating = false;
        }
    }

    /// <summary>Calibrates on arbitrary graph inputs (see <see cref="Calibrate(ImageDataset)"/>).</summary>
    public void Calibrate(IReadOnlyDictionary<string, Simulator.Tensors.Tensor> inputs)
    {
        _state.Calibrating = true;
        try
        {
            _executor.Run(inputs);
        }
        finally
        {
            _state.Calibrating = false;
        }
    }

    /// <summary>Runs the mapped graph on arbitrary inputs whose first sample has global index <paramref name="firstSample"/> (random streams key on it).</summary>
    public IReadOnlyDictionary<string, Simulator.Tensors.Tensor> Execute(IReadOnlyDictionary<string, Simulator.Tensors.Tensor> inputs, long firstSample, int samples)
    {
        _state.FirstSample = firstSample;
        var result = _executor.Run(inputs);
        _imagesRead += samples;
        return result;
    }

    public ClassificationResult Run(ImageDataset data, int samples, int batch, IProgress<int>? progress = null)
    {
        var result = ImageClassifier.Run(_executor, data, samples, batch, progress, start => _state.FirstSample = start);
        _imagesRead += samples;
        return result;
    }

    /// <summary>Per-layer costs per image, from the reads done so far.</summary>
    public IReadOnlyList<LayerCost> Costs() =>
        [.. _operators.Select(o => CostModel.Estimate(o.Runtime, o.RowsPerSample, _imagesRead))];
}
