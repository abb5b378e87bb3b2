using System.Diagnostics;
using IMCSim.Mapping.Crossbar;
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
    public static SimulationResult Run(SimulationRequest request, IProgress<int>? progress = null)
    {
        var settings = request.Settings;
        var kernels = new CpuKernels(settings.Threads);
        int threads = kernels.MaxThreads;
        int samples = request.Samples;

        var clock = Stopwatch.StartNew();
        ClassificationResult reference = ImageClassifier.Run(new GraphExecutor(request.Model, kernels), request.Dataset, samples, settings.Batch);
        double floatSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var mapped = new MappedNetwork(request.Model, settings.Mapping, settings.Devices, kernels, threads);
        mapped.Calibrate(request.Dataset);
        ClassificationResult hardware = mapped.Run(request.Dataset, samples, settings.Batch, progress);
        double hardwareSeconds = clock.Elapsed.TotalSeconds;

        var costs = mapped.Costs();
        var layers = mapped.Operators.Select((o, i) => Diagnostics(o.Runtime, costs[i])).ToList();
        return new SimulationResult(request, reference, hardware, new SimulationSummary(reference.Accuracy, hardware.Accuracy, costs), mapped.Placement, layers, kernels.Name, threads, floatSeconds, hardwareSeconds);
    }

    private static LayerDiagnostics Diagnostics(CrossbarLayerRuntime r, Costs.LayerCost cost) =>
        new(cost, r.Events, r.Programmed.Solve, r.InputScale, r.FullScale, r.CalibrationMaxCurrent, r.DriftCompensation);
}
