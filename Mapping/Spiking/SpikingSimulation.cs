using IMCSim.Mapping.Crossbar;
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
    public static (ClassificationResult Result, MappedNetwork Mapped) Run(SpikingNetwork snn, MappingSpec spec, DeviceAssignment devices, ImageDataset data, int samples, int batch, int timesteps,
        IComputeKernels kernels, int threads, ProgrammingCache? arrays = null, IProgress<int>? progress = null, SpikingExit? exit = null)
    {
        ArgumentNullException.ThrowIfNull(snn);
        var mapped = new MappedNetwork(snn.Graph, spec, devices, kernels, threads, arrays, snn.SpikeInputNodes);
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
        double dense = 0, effective = 0, footprint = 0;
        foreach (CrossbarOperator o in mapped.Operators)
        {
            CrossbarLayerRuntime r = o.Runtime;
            double macs = (double)o.RowsPerSample * r.Programmed.Layer.MacsPerRow * samples * averageTimesteps;
            dense += macs;
            effective += snn.SpikeInputNodes.Contains(r.Programmed.Layer.NodeIndex)
                ? r.Placement.Arrays.Select((a, i) => (double)r.Events.DrivenRows[i] * a.WeightCount).Sum()
                : macs;
            int bits = r.Programmed.Spec.WeightBits == 0 ? 32 : r.Programmed.Spec.WeightBits;
            footprint += r.Programmed.Layer.MacsPerRow * bits / 8.0;
        }

        return new SpikingSummary(timesteps, averageTimesteps, [.. Enumerable.Range(1, timesteps).Select(t => exits.Count(e => e == t))], (double)snn.Spikes / samples,
            snn.Updates == 0 ? 1 : 1 - ((double)snn.Spikes / snn.Updates), dense / samples, effective / samples, footprint);
    }
}
