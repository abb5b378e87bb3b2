using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Lowering;
using IMCSim.Mapping.Placement;
using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Spiking;
using IMCSim.Workloads.Spiking;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Zoo;

namespace IMCSim.Mapping.Run;

/// <summary>What a cost-only run found: the chip and placement, the layers' workloads, where their activity came from, and the cost report.</summary>
public sealed record CostResult(SimulationSettings Settings, string ModelLabel, string ActivitySource, ChipSpec Chip, NetworkPlacement Placement, IReadOnlyList<LayerWorkload> Workloads, ChipCostReport Report);

/// <summary>
/// The cost model alone, below `imcsim cost`: loads the model, places its crossbar layers, measures their row activity on a float
/// reference run (the first activity-images images of the dataset when one is given or the model is not a zoo network; else
/// one seeded uniform random input in [0, 1), as NeuroSim's wrapper does) and evaluates <see cref="ChipCostModel"/>. No arrays are
/// programmed and no crossbar is read.
/// </summary>
public static class CostEstimate
{
    public static CostResult Run(SimulationSettings settings, IComputeKernels kernels)
    {
        ChipCostInputs.Chip(settings); // a chip the model rejects fails before the network is loaded
        return CostWorkload.Load(settings, kernels).Evaluate(settings);
    }
}

/// <summary>
/// What many cost evaluations of one network share (for sweeps): the model, its crossbar layers and their float input vectors from
/// one reference run. <see cref="Evaluate"/> takes any settings with the same model, dataset, activity images and seed; activity is
/// quantised once per (input bits, DAC bits) and reused. Thread-safe.
/// </summary>
public sealed class CostWorkload
{
    private readonly IReadOnlyList<LayerInputs> _inputs;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int), IReadOnlyList<LayerActivity>> _activity = new();
    private readonly (string? Model, string? Dataset, int Images, ulong Seed) _key;

    private CostWorkload(SimulationSettings settings, string label, NetworkGraph model, IReadOnlyList<MatrixLayer> layers, IReadOnlyList<LayerInputs> inputs, string source)
    {
        _key = Key(settings);
        ModelLabel = label;
        Model = model;
        Layers = layers;
        _inputs = inputs;
        ActivitySource = source;
    }

    public string ModelLabel { get; }

    public NetworkGraph Model { get; }

    public IReadOnlyList<MatrixLayer> Layers { get; }

    public string ActivitySource { get; }

    public static CostWorkload Load(SimulationSettings settings, IComputeKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int images = settings.Get(SimulationSchema.ActivityImages);

        string label = settings.ModelPath ?? WorkloadFiles.DefaultModelLabel;
        NetworkGraph model = WorkloadFiles.LoadModel(settings.ModelPath);
        var layers = NetworkLowering.FindLayers(model);
        if (layers.Count == 0)
        {
            throw new InputException(label, "has no Conv, Gemm or MatMul layer with constant weights to place on crossbars");
        }

        var (input, source) = ActivityInput(settings, model, label, images);
        var workload = new CostWorkload(settings, label, model, layers, ActivityProbe.Capture(model, layers, input, kernels), source);
        workload.ActivityFor(settings.Mapping.Dac);
        return workload;
    }

    /// <summary>The cost of this network on the chip of <paramref name="settings"/>.</summary>
    public CostResult Evaluate(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Key(settings) != _key)
        {
            throw new ArgumentException("settings name another model, dataset, activity images or seed than this workload was loaded with", nameof(settings));
        }

        ChipSpec chip = ChipCostInputs.Chip(settings);
        MappingSpec spec = settings.Mapping;
        settings.Devices.CheckLayers(Layers.Select(l => l.Name));
        foreach (MatrixLayer layer in Layers)
        {
            ProgrammedLayer.CheckCompatible(layer, spec, settings.Devices.For(layer.Name));
        }

        NetworkPlacement placement = NetworkPlacement.Create(Layers, spec, settings.Devices);
        var activity = ActivityFor(spec.Dac);
        var workloads = ChipCostInputs.Layers(Model, Layers, placement, activity, settings.Devices, settings.Get(SimulationSchema.ValidPositions));
        if (settings.Get(SimulationSchema.Snn))
        {
            // A spiking network costed at an assumed spike rate (simulate counts the spikes instead).
            SnnParameters? trained = SpikingSetup.Sidecar(settings);
            bool leaky = trained is not null ? SpikingSetup.TrainedLayers(Model, trained).Any(l => l.Leak < 1) : settings.NeuronLeak < 1;
            workloads = SpikingSimulation.AssumedCostLayers(Model, Layers, workloads, SpikingSetup.TimestepsFor(settings, trained), settings.Get(SimulationSchema.SpikeRate),
                settings.Get(SimulationSchema.MembraneBits), leaky, settings.NeuronSharing, SpikingSetup.EncodingFor(settings, trained), settings.HoldInputLayer);
        }

        return new CostResult(settings, ModelLabel, ActivitySource, chip, placement, workloads, ChipCostModel.Evaluate(chip, workloads));
    }

    /// <summary>The layers' activity with inputs applied by <paramref name="dac"/>, quantised once per input and DAC bits.</summary>
    public IReadOnlyList<LayerActivity> ActivityFor(Simulator.Crossbar.InputDac dac) =>
        _activity.GetOrAdd((dac.InputBits, dac.DacBits), _ => [.. _inputs.Select(i => i.Activity(dac))]);

    /// <summary>What a workload is shared by: model, dataset, activity images and seed (as text, for caches).</summary>
    public static string KeyOf(SimulationSettings settings) => Key(settings).ToString();

    private static (string?, string?, int, ulong) Key(SimulationSettings s) => (s.ModelPath, s.DatasetPath, s.Get(SimulationSchema.ActivityImages), s.Mapping.Seed);
    private static (Tensor Input, string Source) ActivityInput(SimulationSettings settings, NetworkGraph model, string label, int images)
    {
        bool zoo = settings.ModelPath is { } path && ModelZoo.IsZooName(path);
        if (settings.DatasetPath is null && zoo)
        {
            int[] shape = [images, .. model.Inputs[0].Dims!.Skip(1).Select(d => d!.Value)];
            var data = new float[shape.Aggregate(1, (a, b) => a * b)];
            CounterRng rng = CounterRng.For(settings.Mapping.Seed, "cost-activity-input");
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)rng.Uniform((ulong)i);
            }

            return (Tensor.FromFloat(shape, data), $"{images} seeded uniform random input{(images == 1 ? "" : "s")} (seed {settings.Mapping.Seed})");
        }

        var dataset = WorkloadFiles.LoadDataset(settings.DatasetPath, model);
        if (images > dataset.Count)
        {
            throw new SettingException(SimulationSchema.ActivityImages.Key, $"must be between 1 and the dataset's {dataset.Count} images, got {images}");
        }

        var layout = ImageInputLayout.For(model, dataset);
        return (layout.Batch(dataset, 0, images), $"the first {images} image{(images == 1 ? "" : "s")} of {dataset.Source} through {label}");
    }
}
