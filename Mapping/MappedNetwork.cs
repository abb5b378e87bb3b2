using IMCSim.Devices.Models;
using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping;

/// <summary>
/// A network mapped onto crossbars: every Conv / Gemm / MatMul with constant weights is placed
/// (<see cref="NetworkPlacement"/>), programmed onto arrays of its layer's device and replaced by a
/// <see cref="CrossbarOperator"/>; all other operators run digitally with their float reference
/// semantics. Calibrate once, then run; every read adds to the layers' events.
/// </summary>
public sealed class MappedNetwork
{
    private readonly CrossbarRunState _state = new();
    private readonly GraphExecutor _executor;
    private readonly List<CrossbarOperator> _operators = [];
    private readonly ProgrammingCache? _arrays;
    private readonly bool _plainLayers;
    private long _imagesRead;

    /// <param name="threads">Bound on every parallel loop of programming, solving and reading (>= 1).</param>
    /// <param name="arrays">Arrays programmed and solved by earlier networks of the same model (a sweep's points), reused where this
    /// network programs them the same way; null programs every array here. Results are the same either way.</param>
    /// <param name="spikeInputNodes">Indices of the graph nodes whose inputs are binary spikes (a spiking network's layers after a neuron
    /// layer): their crossbars read 1-bit inputs, one read per timestep (<see cref="MappingSpec.ForSpikes"/>).</param>
    /// <param name="heldNodes">Indices of the graph nodes whose crossbars read an unchanging input once per presentation and hold their
    /// outputs for the later timesteps (<see cref="CrossbarOperator.HoldAcrossTimesteps"/>); null = none.</param>
    /// <param name="weightsOf">The graph whose weights these are, for the programming cache (a spiking network's source ANN: the same
    /// weights, so the same programmed arrays); null = <paramref name="graph"/>.</param>
    public MappedNetwork(NetworkGraph graph, MappingSpec spec, DeviceAssignment devices, IComputeKernels kernels, int threads, ProgrammingCache? arrays = null, IReadOnlySet<int>? spikeInputNodes = null,
        IReadOnlySet<int>? heldNodes = null, NetworkGraph? weightsOf = null)
    {
        threads = Math.Max(1, threads);
        Spec = spec;
        Graph = graph;
        _arrays = arrays;
        _plainLayers = spikeInputNodes is null && heldNodes is null && weightsOf is null;
        Layers = NetworkLowering.FindLayers(graph);
        devices.CheckLayers(Layers.Select(l => l.Name));
        foreach (MatrixLayer layer in Layers)
        {
            ProgrammedLayer.CheckCompatible(layer, spec, devices.For(layer.Name));
        }

        Placement = NetworkPlacement.Create(Layers, spec, devices);
        var nodes = graph.Nodes.ToList();
        var programmed = new ProgrammedLayer[Layers.Count];
        IEffectiveMatrixSolver solver = kernels as IEffectiveMatrixSolver ?? new CpuEffectiveMatrixSolver(threads);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        // Failures name the lowest failing layer whatever the threads did (OrderedParallel).
        // The layers' cells first, then every circuit they need solved in as few solver calls as memory allows (one launch on a
        // GPU for LeNet; about 2,000 arrays of 128 x 128 per call), then each layer finished with its share of the results.
        var pending = new ProgrammedLayer.Pending[Layers.Count];
        OrderedParallel.For(Layers.Count, options, i =>
        {
            MatrixLayer layer = Layers[i];
            var device = devices.For(layer.Name);
            MappingSpec own = spec.ForDevice(device);
            own = spikeInputNodes?.Contains(layer.NodeIndex) == true ? own.ForSpikes() : own;
            pending[i] = ProgrammedLayer.Begin(layer, Placement.Layers[i], own, new DeviceModel(device, spec.Noise), solver, arrays, weightsOf ?? graph);
        });

        foreach (int[] group in SolveGroups([.. pending.Select(p => (p.CircuitCells, p.SolveSettings))], SolveGroupCells))
        {
            // The group's circuits made, solved in one call, and its layers finished: its matrices are released before the next group.
            var (tolerance, maxIterations) = pending[group[0]].SolveSettings;
            CrossbarCircuit[] circuits = [.. group.SelectMany(i => pending[i].CreateCircuits())];
            IReadOnlyList<EffectiveMatrix.Result> results = circuits.Length == 0 ? [] : solver.Compute(circuits, tolerance, maxIterations);
            int[] first = new int[group.Length];
            for (int g = 1; g < group.Length; g++)
            {
                first[g] = first[g - 1] + pending[group[g - 1]].CircuitCount;
            }

            OrderedParallel.For(group.Length, options, g =>
            {
                int i = group[g];
                programmed[i] = pending[i].Finish([.. results.Skip(first[g]).Take(pending[i].CircuitCount)]);
            });
        }

        for (int i = 0; i < Layers.Count; i++)
        {
            var op = new CrossbarOperator(new CrossbarLayerRuntime(programmed[i], kernels, threads), _state, threads) { HoldAcrossTimesteps = heldNodes?.Contains(Layers[i].NodeIndex) == true };
            _operators.Add(op);
            GraphNode node = nodes[Layers[i].NodeIndex];
            nodes[Layers[i].NodeIndex] = node with { Operator = op };
        }

        _executor = new GraphExecutor(new NetworkGraph(graph.Name, graph.Source, graph.Inputs, graph.Outputs, graph.Constants, nodes), kernels);
    }

    public MappingSpec Spec { get; }

    public NetworkGraph Graph { get; }

    public IReadOnlyList<MatrixLayer> Layers { get; }

    /// <summary>Where every weight lands; the accuracy path and the cost path both read it.</summary>
    public NetworkPlacement Placement { get; }

    public IReadOnlyList<CrossbarOperator> Operators => _operators;

    /// <summary>Images read by hardware runs so far.</summary>
    public long ImagesRead => _imagesRead;

    /// <summary>
    /// Sets input scales and ADC ranges from the first <see cref="MappingSpec.CalibrationImages"/> images,
    /// whatever the model's batch size: pass 1 takes every layer's input range over all of them (float
    /// activations), pass 2 reads them on the calibration plane and collects the column currents; the ADC
    /// full scale then follows the mapping's rule, and with GDC each array's drift reference is read.
    /// </summary>
    public void Calibrate(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = Math.Min(Spec.CalibrationImages, data.Count);
        void Pass() => ImageClassifier.Run(_executor, data, n, n);
        if (CalibrationKey(data, n) is not { } key)
        {
            CalibrateWith(Pass);
            return;
        }

        // The passes read only the arrays as programmed, the inputs' quantisation and the images, never the ADC, the drift time or
        // GDC: a network of the same arrays calibrated on the same images measured what these passes would (a sweep's points that
        // differ only in read-side settings), and this one takes its readings.
        bool measured = false;
        CalibrationReadings[] readings = _arrays!.GetOrAdd<CalibrationReadings[]>(key, () =>
        {
            measured = true;
            RunCalibrationPasses(Pass);
            return [.. _operators.Select(o => o.Runtime.Readings)];
        }, r => r.Sum(x => ((long)x.Histogram.Length * sizeof(long)) + 64));
        if (!measured)
        {
            for (int i = 0; i < _operators.Count; i++)
            {
                _operators[i].Runtime.Restore(readings[i]);
            }
        }

        FinishCalibration();
    }

    /// <summary>
    /// What this network's calibration passes on the first <paramref name="images"/> images of <paramref name="data"/> read (see
    /// <see cref="NetworkCalibrationKey"/>); null when it cannot be shared: no programming cache, or layers read as spikes or held.
    /// </summary>
    private NetworkCalibrationKey? CalibrationKey(ImageDataset data, int images)
    {
        if (_arrays is null || !_plainLayers)
        {
            return null;
        }

        var arrays = new List<ArrayProgrammingKey>();
        var layers = new List<LayerCalibrationInputs>();
        foreach (CrossbarOperator op in _operators)
        {
            ProgrammedLayer p = op.Runtime.Programmed;
            if (p.ProgrammingKeys() is not { } keys)
            {
                return null;
            }

            arrays.AddRange(keys);
            layers.Add(new LayerCalibrationInputs(p.Spec.InputBits, p.Spec.DacBits, p.Spec.ParallelRows, p.Spec.ColsPerAdc, p.Spec.Calibration));
        }

        return new NetworkCalibrationKey(Graph, data, images, layers, arrays);
    }

    /// <summary>Calibrates on arbitrary graph inputs (see <see cref="Calibrate(ImageDataset)"/>).</summary>
    public void Calibrate(IReadOnlyDictionary<string, Tensor> inputs) => CalibrateWith(() => _executor.Run(inputs));

    /// <summary>
    /// Calibrates with a pass of the caller's (a spiking network runs its timesteps), run twice through <see cref="Run(IReadOnlyDictionary{string, Tensor})"/>:
    /// once for the input ranges, once for the ADC currents (see <see cref="Calibrate(ImageDataset)"/>).
    /// </summary>
    public void CalibrateWith(Action pass)
    {
        RunCalibrationPasses(pass);
        FinishCalibration();
    }

    private void RunCalibrationPasses(Action pass)
    {
        try
        {
            _state.Pass = CrossbarPass.CalibrateInputs;
            pass();
            _state.Pass = CrossbarPass.CalibrateAdc;
            pass();
        }
        finally
        {
            _state.Pass = CrossbarPass.Run;
        }
    }

    private void FinishCalibration()
    {
        foreach (CrossbarOperator op in _operators)
        {
            op.Runtime.FinishCalibration();
        }
    }

    /// <summary>Runs the mapped graph on arbitrary inputs whose first sample has global index <paramref name="firstSample"/> (random streams key on it).</summary>
    public IReadOnlyDictionary<string, Tensor> Execute(IReadOnlyDictionary<string, Tensor> inputs, long firstSample, int samples)
    {
        _state.FirstSample = firstSample;
        var result = _executor.Run(inputs);
        _imagesRead += samples;
        return result;
    }

    /// <summary>One evaluation of the mapped graph in the current pass, for callers that drive their own passes and timesteps.</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs) => _executor.Run(inputs);

    /// <summary>
    /// One timestep of a stateful (spiking) network on inputs whose first sample has global index <paramref name="firstSample"/>: read
    /// noise from the timestep's own stream. Images are not counted (<see cref="CountImages"/> once per input, whatever its timesteps).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> ExecuteTimestep(IReadOnlyDictionary<string, Tensor> inputs, long firstSample, int timestep)
    {
        _state.FirstSample = firstSample;
        _state.Timestep = timestep;
        try
        {
            return _executor.Run(inputs);
        }
        finally
        {
            _state.Timestep = 0;
        }
    }

    /// <summary>Adds images read by a caller-driven run (the cost model divides the counted events by them).</summary>
    public void CountImages(int samples) => _imagesRead += samples;

    /// <summary>The graph the network executes: the model with its crossbar layers replaced.</summary>
    public NetworkGraph ExecutedGraph => _executor.Graph;

    public ClassificationResult Run(ImageDataset data, int samples, int batch, IProgress<int>? progress = null)
    {
        var result = ImageClassifier.Run(_executor, data, samples, batch, progress, start => _state.FirstSample = start);
        _imagesRead += samples;
        return result;
    }

    /// <summary>Every layer's activity as its reads so far counted it (the cost model's input).</summary>
    public IReadOnlyList<LayerActivity> Activity() =>
        [.. _operators.Select(o => LayerActivity.FromEvents(o.Runtime.Programmed.Layer.Name, o.InputHeight, o.RowsPerSample, o.ValidRowsPerSample, o.Runtime.Phases, o.Runtime.Placement, Spec.ReadRows, o.Runtime.Events))];

    /// <summary>Circuit cells one solver call may hold: 32 Mi (512 MiB of conductances and effective matrices; about 2,000 arrays of 128 x 128).</summary>
    private const long SolveGroupCells = 1L << 25;

    /// <summary>
    /// Consecutive layers whose circuits one solver call takes: the same tolerance and iteration limit, at most <paramref name="capCells"/>
    /// circuit cells (a layer larger than that alone; a layer with nothing to solve joins the group before it).
    /// </summary>
    internal static List<int[]> SolveGroups(IReadOnlyList<(long Cells, (double Tolerance, int MaxIterations) Settings)> layers, long capCells)
    {
        var groups = new List<int[]>();
        var group = new List<int>();
        long cells = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            if (group.Count > 0 && (layers[i].Settings != layers[group[0]].Settings || (layers[i].Cells > 0 && cells + layers[i].Cells > capCells)))
            {
                groups.Add([.. group]);
                group.Clear();
                cells = 0;
            }

            group.Add(i);
            cells += layers[i].Cells;
        }

        if (group.Count > 0)
        {
            groups.Add([.. group]);
        }

        return groups;
    }
}
