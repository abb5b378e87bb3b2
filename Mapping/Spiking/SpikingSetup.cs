using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;
using IMCSim.Workloads.Spiking;

namespace IMCSim.Mapping.Spiking;

/// <summary>The spiking network a request runs and the timesteps it sees each image.</summary>
public sealed record SpikingSetup(SpikingNetwork Network, int Timesteps)
{
    /// <summary>
    /// The spiking network of <paramref name="request"/>: a trained SNN from its sidecar (each neuron layer's parameters; its
    /// timesteps and input unless the settings give them), or the model converted (thresholds from the calibration images, the
    /// settings' neuron, leak and reset). Membrane bits, sharing and input from the settings.
    /// </summary>
    /// <param name="arrays">Arrays already programmed for this model (shared with the hardware-calibrated thresholds' mapping); null = none.</param>
    public static SpikingSetup For(SimulationRequest request, IComputeKernels kernels, ProgrammingCache? arrays = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        SimulationSettings settings = request.Settings;
        SnnParameters? trained = request.SnnParameters;
        IReadOnlyList<NeuronParameters> layers = trained is not null
            ? TrainedLayers(request.Model, trained)
            : ConversionThresholds(request, kernels, arrays).Select(t => new NeuronParameters(t, settings.NeuronLeak, settings.Get(SimulationSchema.Reset))).ToList();
        NeuronSharing sharing = settings.NeuronSharing;
        if (sharing.Mode == NeuronSharingMode.Channel)
        {
            var channels = SpikingNetwork.ReluShapes(request.Model, request.Dataset, kernels).Select(s => s.Length > 1 ? s[1] : 1).ToList();
            if (channels.FirstOrDefault(c => c % sharing.ChannelGroups != 0) is > 0 and int bad)
            {
                throw new SettingException(SimulationSchema.LifShareGroups.Key, $"a neuron layer of {bad} channels cannot be split into {sharing.ChannelGroups} equal groups; valid: a common divisor >= 2 of the neuron layers' channels ({string.Join(", ", channels)})");
            }
        }

        return new SpikingSetup(new SpikingNetwork(request.Model, layers, EncodingFor(settings, trained), settings.Get(SimulationSchema.MembraneBits), sharing), TimestepsFor(settings, trained));
    }

    /// <summary>
    /// A converted network's thresholds: the percentile of each ReLU's positive outputs on the calibration images, measured on the
    /// float ANN, or (<c>threshold-calibration hardware</c>) on the ANN mapped on this chip after its calibration, so that they follow
    /// what drift, IR drop and quantisation do to the column currents.
    /// </summary>
    public static IReadOnlyList<float> ConversionThresholds(SimulationRequest request, IComputeKernels kernels, ProgrammingCache? arrays = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        SimulationSettings settings = request.Settings;
        int images = settings.Mapping.CalibrationImages;
        double percentile = settings.Get(SimulationSchema.ThresholdPercentile);
        if (settings.Get(SimulationSchema.ThresholdCalibration) != "hardware")
        {
            return SpikingNetwork.Thresholds(request.Model, request.Dataset, images, percentile, kernels);
        }

        int threads = settings.Threads == 0 ? Environment.ProcessorCount : settings.Threads;
        var ann = new MappedNetwork(request.Model, settings.Mapping, settings.Devices, kernels, threads, arrays);
        ann.Calibrate(request.Dataset);
        return SpikingNetwork.Thresholds(ann.ExecutedGraph, request.Dataset, images, percentile, kernels);
    }

    /// <summary>The trained SNN's sidecar the settings name (<see cref="SimulationSchema.SnnParams"/>), read and validated; null when none is named.</summary>
    public static SnnParameters? Sidecar(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Get(SimulationSchema.SnnParams) is { } path ? SnnParametersFile.Load(path) : null;
    }

    /// <summary>The timesteps per image: the settings' when given, else a trained SNN's sidecar's, else the default.</summary>
    public static int TimestepsFor(SimulationSettings settings, SnnParameters? trained)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return trained is not null && !settings.IsGiven(SimulationSchema.Timesteps) ? trained.Timesteps : settings.Get(SimulationSchema.Timesteps);
    }

    /// <summary>How images enter: the settings' input when given, else a trained SNN's sidecar's, else direct; rate coding is seeded by the settings' seed.</summary>
    public static SpikeEncoding EncodingFor(SimulationSettings settings, SnnParameters? trained)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string input = trained?.Input is { } fileInput && !settings.IsGiven(SimulationSchema.SpikeInput) ? fileInput : settings.Get(SimulationSchema.SpikeInput);
        if (input == "rate" && settings.HoldInputLayer)
        {
            throw new SettingException(SimulationSchema.InputLayerReads.Key, "once needs --input direct (rate-coded spikes change every timestep); valid with --input rate: timestep");
        }

        return input == "rate" ? SpikeEncoding.Rate(settings.Mapping.Seed) : SpikeEncoding.Direct;
    }

    /// <summary>
    /// Each ReLU node's neuron parameters (node order) from a trained SNN's sidecar: the entry of the crossbar layer that feeds it
    /// (as <see cref="NetworkLowering"/> names layers). A sidecar layer that feeds no neurons, a neuron layer without an entry, or
    /// a ReLU no crossbar layer feeds is an <see cref="InputException"/> naming the sidecar and the field.
    /// </summary>
    public static IReadOnlyList<NeuronParameters> TrainedLayers(NetworkGraph ann, SnnParameters sidecar)
    {
        ArgumentNullException.ThrowIfNull(ann);
        ArgumentNullException.ThrowIfNull(sidecar);
        var synaptic = NetworkLowering.FindLayers(ann).ToDictionary(l => l.NodeIndex, l => l.Name);
        var feeding = SpikingNetwork.FeedingNodes(ann, op => op is ReluOperator, new HashSet<int>(synaptic.Keys));
        var feeders = feeding.Where(f => f.Synaptic is not null).Select(f => synaptic[f.Synaptic!.Value]).Distinct().ToList();
        var entries = sidecar.Layers.ToDictionary(l => l.Layer, l => l.Neuron, StringComparer.Ordinal);
        string valid = feeders.Count == 0 ? "none: the model has no Relu after a crossbar layer" : string.Join(", ", feeders);
        for (int i = 0; i < sidecar.Layers.Count; i++)
        {
            if (!feeders.Contains(sidecar.Layers[i].Layer))
            {
                throw new InputException(sidecar.Source, $"layers[{i}].layer: '{sidecar.Layers[i].Layer}' is not a layer of {ann.Source} that feeds neurons (a Relu); valid: {valid}");
            }
        }

        var result = new List<NeuronParameters>();
        foreach (var (neuron, feeder) in feeding)
        {
            if (feeder is not { } node)
            {
                throw new InputException(sidecar.Source, $"layers: {ann.Source} has a neuron layer (Relu node '{ann.Nodes[neuron].Name}') that no crossbar layer feeds, so no entry can name it");
            }

            string name = synaptic[node];
            result.Add(entries.TryGetValue(name, out NeuronParameters? p) ? p
                : throw new InputException(sidecar.Source, $"layers: no entry for layer '{name}', which feeds neurons in {ann.Source} (every neuron layer needs one: {valid})"));
        }

        return result;
    }
}
