using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Lowering;
using IMCSim.Workloads.Graph;
using IMCSim.Simulator.Chip;
using IMCSim.Mapping.Run;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Spiking;

namespace IMCSim.Mapping.Spiking;

/// <summary>
/// A spiking network on the simulated crossbars: its synaptic layers are placed and programmed like a DNN's (every device and circuit
/// non-ideality; programming noise, drift and IR drop fixed), layers fed by spikes read 1-bit inputs once per timestep while the
/// first layer takes the image through the DNN input path, read noise is drawn fresh per timestep (each timestep its own stream),
/// and the neurons integrate the ADC and shift-and-add outputs digitally. Calibration presents the calibration images for all the
/// timesteps in each of its two passes. Same determinism as DNNs: same seed, same result on any thread count.
/// </summary>
public static class SpikingSimulation
{
    /// <param name="holdInputLayer">Layers fed the unchanging image (direct input) read it once per presentation and hold their outputs
    /// for the later timesteps (<see cref="CrossbarOperator.HoldAcrossTimesteps"/>), instead of reading it on every timestep.</param>
    public static (ClassificationResult Result, MappedNetwork Mapped) Run(SpikingNetwork snn, MappingSpec spec, DeviceAssignment devices, ImageDataset data, int samples, int batch, int timesteps,
        IComputeKernels kernels, int threads, ProgrammingCache? arrays = null, IProgress<int>? progress = null, SpikingExit? exit = null, bool holdInputLayer = false)
    {
        ArgumentNullException.ThrowIfNull(snn);
        var mapped = new MappedNetwork(snn.Graph, spec, devices, kernels, threads, arrays, snn.SpikeInputNodes, holdInputLayer ? snn.ImageInputNodes : null, snn.Ann);
        string output = mapped.ExecutedGraph.Outputs[0].Name;
        int calibration = Math.Min(spec.CalibrationImages, data.Count);
        mapped.CalibrateWith(() => ImageClassifier.Run(mapped.ExecutedGraph, inputs => snn.Present(t => mapped.Run(snn.InputsAt(inputs, 0, t))[output], timesteps), data, calibration, calibration));

        snn.ClearCounts(); // spikes are counted for the run's images only
        long first = 0;
        ClassificationResult result = ImageClassifier.Run(mapped.ExecutedGraph, inputs => snn.Present(t => mapped.ExecuteTimestep(snn.InputsAt(inputs, first, t), first, t)[output], timesteps, exit),
            data, samples, batch, progress, start => first = start);
        mapped.CountImages(samples);
        return (result, mapped);
    }

    /// <summary>
    /// The cost model's view of a finished spiking run (<paramref name="layers"/>: the DNN view of the same mapped layers, from
    /// <see cref="ChipCostInputs.Layers"/> with the run's counted activity): each crossbar layer reads its input vectors once per
    /// timestep used (the average over the images, <paramref name="summary"/>), a spike-fed layer 1 bit per input (one read per
    /// timestep) with the row activity its spikes drove, and charges the neurons its outputs feed: neurons x timesteps used updates
    /// and that many times the counted spike rate in spikes, membranes of <paramref name="membraneBits"/> bits (0 = float: costed as
    /// 32-bit), as many as it stores after membrane sharing (<see cref="SpikingNeuronOperator.StoredMembranesPerImage"/>). Rates (row activity, spikes per update) are counted over every timestep the batches ran; images that exited early
    /// are charged only their own timesteps.
    /// </summary>
    public static IReadOnlyList<LayerWorkload> CostLayers(SpikingNetwork snn, MappedNetwork mapped, IReadOnlyList<LayerWorkload> layers, SpikingSummary summary, int membraneBits)
    {
        ArgumentNullException.ThrowIfNull(snn);
        ArgumentNullException.ThrowIfNull(mapped);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(summary);
        int bits = membraneBits == 0 ? FloatMembraneBits : membraneBits;
        var fed = snn.NeuronsFedBy(new HashSet<int>(mapped.Layers.Select(l => l.NodeIndex)));
        var result = new List<LayerWorkload>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            CrossbarLayerRuntime r = mapped.Operators[i].Runtime;
            NeuronWorkload? neurons = null;
            if (fed.TryGetValue(r.Programmed.Layer.NodeIndex, out var ops))
            {
                long count = ops.Sum(o => o.NeuronsPerImage), updates = ops.Sum(o => o.Updates), spikes = ops.Sum(o => o.Spikes);
                long stored = ops.Sum(o => o.StoredMembranesPerImage);
                double updatesPerImage = count * summary.AverageTimesteps;
                neurons = new NeuronWorkload(layers[i].Name + " neurons", count, updatesPerImage, updates > 0 ? updatesPerImage * spikes / updates : 0, bits, stored, ops.Any(o => o.Leak < 1));
            }

            // A held layer reads once per image; the neurons it feeds still update every timestep.
            double timesteps = mapped.Operators[i].HoldAcrossTimesteps ? 1 : summary.AverageTimesteps;
            result.Add(layers[i] with { InputBits = r.Programmed.Spec.InputBits, TimestepsPerImage = timesteps, Neurons = neurons });
        }

        return result;
    }

    /// <summary>
    /// The cost model's view of a spiking network that was not run (<c>imcsim cost --snn</c>): <paramref name="layers"/> is the DNN
    /// view of <paramref name="model"/>'s crossbar layers (<paramref name="synaptic"/>, same order). Every layer reads its input vectors
    /// on each of <paramref name="timesteps"/> timesteps; a layer fed by spikes (<see cref="SpikingNetwork.SpikeInputNodes"/>; the first
    /// layer too with rate-coded input) reads 1-bit inputs with row activity <paramref name="spikeRate"/> (the assumed fraction of its
    /// inputs spiking per timestep); the image-fed first layer keeps its measured activity. A layer whose outputs feed neurons (a Relu)
    /// charges outputs x input vectors neurons, updated every timestep, spiking at <paramref name="spikeRate"/>, with membranes of
    /// <paramref name="membraneBits"/> bits (0 = float: 32) stored as <paramref name="sharing"/> allows (layer sharing: consecutive
    /// neuron layers of equal size store one buffer; channel sharing: neurons / groups).
    /// </summary>
    public static IReadOnlyList<LayerWorkload> AssumedCostLayers(NetworkGraph model, IReadOnlyList<MatrixLayer> synaptic, IReadOnlyList<LayerWorkload> layers, int timesteps, double spikeRate,
        int membraneBits, bool leaky, NeuronSharing sharing, SpikeEncoding encoding, bool holdInputLayer = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(synaptic);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(sharing);
        IReadOnlySet<int> spikeFed = SpikingNetwork.SpikeInputNodesOf(model, encoding), imageFed = SpikingNetwork.ImageInputNodesOf(model, encoding);
        var index = synaptic.Select((l, i) => (l.NodeIndex, i)).ToDictionary(x => x.NodeIndex, x => x.i);
        var fed = SpikingNetwork.FeedingNodes(model, op => op is IMCSim.Workloads.Operators.ReluOperator, new HashSet<int>(index.Keys));
        var neurons = new long[layers.Count];
        var stored = new long[layers.Count];
        long previous = -1;
        foreach (var (_, feeder) in fed)
        {
            if (feeder is not { } node)
            {
                continue;
            }

            LayerWorkload w = layers[index[node]];
            long count = (long)w.Outputs * w.InputVectorsPerImage;
            neurons[index[node]] += count;
            stored[index[node]] += sharing.Mode switch
            {
                NeuronSharingMode.Layer => count == previous ? 0 : count,
                NeuronSharingMode.Channel => count / sharing.ChannelGroups,
                _ => count,
            };
            previous = count;
        }

        int bits = membraneBits == 0 ? FloatMembraneBits : membraneBits;
        return [.. layers.Select((w, i) =>
        {
            bool spikeInput = spikeFed.Contains(synaptic[i].NodeIndex);
            NeuronWorkload? n = neurons[i] == 0 ? null
                : new NeuronWorkload(w.Name + " neurons", neurons[i], (double)neurons[i] * timesteps, (double)neurons[i] * timesteps * spikeRate, bits, stored[i], leaky);
            bool held = holdInputLayer && imageFed.Contains(synaptic[i].NodeIndex);
            return w with { InputBits = spikeInput ? 1 : 0, RowActivity = spikeInput ? spikeRate : w.RowActivity, TimestepsPerImage = held ? 1 : timesteps, Neurons = n };
        })];
    }

    /// <summary>Bits a float membrane is costed at (IEEE single precision).</summary>
    public const int FloatMembraneBits = 32;

    /// <summary>The exit unit of a run with dynamic timesteps (null without one): one check per timestep used, over the model's classes.</summary>
    public static ExitWorkload? Exit(SpikingExit exit, SpikingSummary summary, int classes)
    {
        ArgumentNullException.ThrowIfNull(exit);
        ArgumentNullException.ThrowIfNull(summary);
        return exit == SpikingExit.None ? null : new ExitWorkload(classes, summary.AverageTimesteps);
    }

    /// <summary>
    /// What a finished run of <paramref name="samples"/> images did: its exit timesteps, spikes and sparsity, and synaptic operations
    /// (dense: every layer's MACs on every timestep used; effective: a spike-fed layer's driven rows x its arrays' outputs, the image-fed
    /// layer's MACs) and the model's footprint in bytes.
    /// </summary>
    public static SpikingSummary Summarise(SpikingNetwork snn, MappedNetwork mapped, int samples, int timesteps)
    {
        ArgumentNullException.ThrowIfNull(snn);
        ArgumentNullException.ThrowIfNull(mapped);
        var exits = snn.ExitTimesteps.Take(samples).ToList();
        double averageTimesteps = exits.Average();
        var layers = new List<LayerSynOps>();
        foreach (CrossbarOperator o in mapped.Operators)
        {
            CrossbarLayerRuntime r = o.Runtime;
            double macs = (double)o.RowsPerSample * r.Programmed.Layer.MacsPerRow * samples * (o.HoldAcrossTimesteps ? 1 : averageTimesteps);
            double effective = snn.SpikeInputNodes.Contains(r.Programmed.Layer.NodeIndex)
                ? r.Placement.Arrays.Select((a, i) => (double)r.Events.DrivenRows[i] * a.WeightCount).Sum()
                : macs;
            int bits = r.Programmed.Spec.WeightBits == 0 ? 32 : r.Programmed.Spec.WeightBits;
            layers.Add(new LayerSynOps(r.Programmed.Layer.Name, macs / samples, effective / samples, r.Programmed.Layer.MacsPerRow * bits / 8.0));
        }

        double dense = layers.Sum(l => l.SynOpsDensePerImage), effectiveTotal = layers.Sum(l => l.SynOpsEffectivePerImage), footprint = layers.Sum(l => l.FootprintBytes);
        return new SpikingSummary(timesteps, averageTimesteps, [.. Enumerable.Range(1, timesteps).Select(t => exits.Count(e => e == t))], (double)snn.Spikes / samples,
            snn.Updates == 0 ? 1 : 1 - ((double)snn.Spikes / snn.Updates), dense, effectiveTotal, footprint, layers);
    }
}
