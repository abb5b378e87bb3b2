using IMCSim.Mapping.Crossbar;
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
}
