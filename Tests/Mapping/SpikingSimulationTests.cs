using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Spiking;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Spiking;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// The converted LeNet-5 on simulated crossbars: ideal hardware gives the float SNN's answers, spike-fed layers read 1-bit inputs
/// while the first layer keeps the image's input path, a noisy device still classifies, and results do not depend on threads.
/// </summary>
public sealed class SpikingSimulationTests
{
    private const int Images = 300, Timesteps = 16;

    private static readonly Lazy<(SpikingNetwork Snn, IMCSim.Workloads.Datasets.ImageDataset Data)> Workload = new(() =>
    {
        var ann = WorkloadFiles.LoadModel(null);
        var data = WorkloadFiles.LoadDataset(null);
        var thresholds = SpikingNetwork.Thresholds(ann, data.Images(Images, 256), 256, 99.9, new CpuKernels(2));
        return (new SpikingNetwork(ann, thresholds, SpikeReset.Soft), data);
    });

    private static (IMCSim.Workloads.Inference.ClassificationResult Result, IMCSim.Mapping.MappedNetwork Mapped) OnHardware(Dictionary<string, string> settings, int threads = 2)
    {
        var (snn, data) = Workload.Value;
        var s = SimulationSettings.Create(settings);
        return SpikingSimulation.Run(snn, s.Mapping, s.Devices, data, Images, 100, Timesteps, new CpuKernels(threads), threads);
    }

    [Fact]
    public void OnIdealHardware_TheSnnGivesTheFloatSnnsAnswers_AndSpikeFedLayersReadOneBitPerTimestep()
    {
        var (snn, data) = Workload.Value;
        var floatRun = snn.Run(data, Images, 100, Timesteps, new CpuKernels(2));
        var (hardware, mapped) = OnHardware(new() { ["ideal"] = "true" });

        int agree = Enumerable.Range(0, Images).Count(i => hardware.Predicted[i] == floatRun.Predicted[i]);
        Assert.True(agree >= Images - 3, $"{agree} of {Images} predictions agree");
        Assert.Equal(floatRun.Accuracy, hardware.Accuracy, 2);

        var inputBits = mapped.Operators.Select(o => o.Runtime.Programmed.Spec.InputBits).ToList();
        Assert.Equal(0, inputBits[0]);                  // the image, analog on ideal hardware
        Assert.All(inputBits.Skip(1), b => Assert.Equal(1, b)); // spikes
        Assert.Equal(Images, mapped.ImagesRead);
    }

    [Fact]
    public void OnPcm_TheSnnStillClassifies_AndTheSameSeedGivesTheSameAnswersOnOneThreadOrTwo()
    {
        var settings = new Dictionary<string, string> { ["device"] = "pcm", ["parasitics"] = "none", ["seed"] = "3" };
        var (two, mapped) = OnHardware(settings);
        var (one, _) = OnHardware(settings, threads: 1);

        Assert.True(two.Accuracy > 0.8, $"PCM SNN accuracy {two.Accuracy}");
        Assert.Equal(two.Predicted, one.Predicted);
        Assert.Equal(two.Logits, one.Logits);
        Assert.Equal(8, mapped.Operators[0].Runtime.Programmed.Spec.InputBits);
    }
}
