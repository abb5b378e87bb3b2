using System.Diagnostics;
using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Spiking;
using IMCSim.Workloads.Spiking;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads.Inference;

namespace IMCSim.Mapping.Run;

/// <summary>
/// The run API below the command line: float reference inference, mapping (placement, programming,
/// circuit solves), calibration, the hardware run, and costs from the counted events, for one
/// request. What `imcsim simulate`, sweeps and searches call.
/// </summary>
public static class Simulation
{
    public static SimulationResult Run(SimulationRequest request, IProgress<int>? progress = null) => Run(request, null, null, progress);

    /// <summary>
    /// The same, with the work a sweep shares between its points: the float reference when it is already known for this model,
    /// dataset and sample count (null computes it), and arrays already programmed and solved for this model (null programs all).
    /// </summary>
    public static SimulationResult Run(SimulationRequest request, ClassificationResult? knownReference, ProgrammingCache? arrays, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        IComputeKernels kernels = ComputeBackend.Create(request.Settings);
        try
        {
            return RunWith(request, kernels, knownReference, arrays, progress);
        }
        finally
        {
            (kernels as IDisposable)?.Dispose();
        }
    }

    /// <summary>The same on <paramref name="kernels"/> (a benchmark's timing wrapper, say).</summary>
    public static SimulationResult RunWith(SimulationRequest request, IComputeKernels kernels, ClassificationResult? knownReference = null, ProgrammingCache? arrays = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(kernels);
        var settings = request.Settings;
        var (chip, costNote) = CostableChip(settings);
        int threads = settings.Threads == 0 ? Environment.ProcessorCount : settings.Threads;
        int samples = request.Samples;

        var clock = Stopwatch.StartNew();
        ClassificationResult reference = knownReference is { } known && known.Samples == samples
            ? known
            : Reference(request, kernels);
        double floatSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        MappedNetwork mapped;
        ClassificationResult hardware;
        SpikingSummary? spiking = null;
        ChipCostReport? spikingReport = null;
        IReadOnlyList<LayerWorkload>? spikingWorkloads = null;
        if (settings.Get(SimulationSchema.Snn))
        {
            // A trained SNN from its sidecar, or ANN-to-SNN conversion (thresholds from the calibration images).
            arrays ??= new ProgrammingCache(); // the hardware thresholds' mapping and the SNN's share programmed arrays
            var (snn, timesteps) = SpikingSetup.For(request, kernels, arrays);
            (hardware, mapped) = SpikingSimulation.Run(snn, settings.Mapping, settings.Devices, request.Dataset, samples, settings.Batch, timesteps, kernels, threads, arrays, progress, settings.SpikingExit, settings.HoldInputLayer);
            spiking = SpikingSimulation.Summarise(snn, mapped, samples, timesteps);
            if (chip is not null)
            {
                var dnnView = ChipCostInputs.Layers(request.Model, mapped.Layers, mapped.Placement, mapped.Activity(), settings.Devices, settings.Get(SimulationSchema.ValidPositions));
                spikingWorkloads = SpikingSimulation.CostLayers(snn, mapped, dnnView, spiking, settings.Get(SimulationSchema.MembraneBits));
                spikingReport = ChipCostModel.Evaluate(chip, spikingWorkloads, SpikingSimulation.Exit(settings.SpikingExit, spiking, hardware.Classes));
            }
        }
        else
        {
            mapped = new MappedNetwork(request.Model, settings.Mapping, settings.Devices, kernels, threads, arrays);
            mapped.Calibrate(request.Dataset);
            hardware = mapped.Run(request.Dataset, samples, settings.Batch, progress);
        }

        double hardwareSeconds = clock.Elapsed.TotalSeconds;

        ChipCostReport? report = spikingReport;
        if (chip is not null && spiking is null)
        {
            var workloads = ChipCostInputs.Layers(request.Model, mapped.Layers, mapped.Placement, mapped.Activity(), settings.Devices, settings.Get(SimulationSchema.ValidPositions));
            report = ChipCostModel.Evaluate(chip, workloads);
        }

        var layers = mapped.Operators.Select((o, i) => Diagnostics(o, report?.Layers[i], spikingWorkloads?[i].Neurons)).ToList();
        var summary = new SimulationSummary(reference.Accuracy, hardware.Accuracy, mapped.Placement.Arrays, report, costNote, spiking);
        return new SimulationResult(request, reference, hardware, summary, mapped.Placement, layers, kernels.Name, threads, floatSeconds, hardwareSeconds);
    }

    /// <summary>
    /// The float reference inference of <paramref name="request"/>'s images: the model's graph, or for a trained SNN (whose graph is
    /// only its synaptic layers) the spiking network itself in float for its timesteps.
    /// </summary>
    public static ClassificationResult Reference(SimulationRequest request, IComputeKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SnnParameters is not null)
        {
            var (snn, timesteps) = SpikingSetup.For(request, kernels);
            return snn.Run(request.Dataset, request.Samples, request.Settings.Batch, timesteps, kernels);
        }

        return ImageClassifier.Run(new GraphExecutor(request.Model, kernels), request.Dataset, request.Samples, request.Settings.Batch);
    }

    /// <summary>The chip to cost (checked before the run, so a configuration the cost model rejects fails fast), or none with the reason.</summary>
    private static (ChipSpec? Chip, string Note) CostableChip(SimulationSettings settings)
    {
        MappingSpec m = settings.Mapping;
        if (m.AdcBits == 0)
        {
            return (null, "no cost model for an unlimited ADC (adc-bits 0)");
        }

        return m.InputBits == 0 ? (null, "no cost model for analog inputs (input-bits 0)") : (ChipCostInputs.Chip(settings), "");
    }

    private static LayerDiagnostics Diagnostics(CrossbarOperator o, LayerChipCost? cost, NeuronWorkload? neurons)
    {
        CrossbarLayerRuntime r = o.Runtime;
        return new(r.Placement, cost, r.Events, (double)o.RowsPerSample * r.Programmed.Layer.MacsPerRow, r.Programmed.Solve, r.ParasiticsErrorLsb, r.Programmed.SliceRanges(),
            r.InputScale, r.FullScale, r.CalibrationMaxCurrent, r.DriftCompensation, neurons);
    }
}
