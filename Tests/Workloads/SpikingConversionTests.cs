using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Spiking;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>
/// ANN-to-SNN conversion of the embedded LeNet-5 (float, no hardware yet): accuracy approaches the ANN's as the timesteps grow,
/// soft reset beats hard reset at few timesteps, a few timesteps are already far above chance, and neurons are reset per input.
/// </summary>
public sealed class SpikingConversionTests
{
    private const int Images = 500;
    private static readonly Lazy<(IMCSim.Workloads.Graph.NetworkGraph Ann, ImageDataset Data, IReadOnlyList<float> Thresholds)> Workload = new(() =>
    {
        var ann = WorkloadFiles.LoadModel(null);
        var data = WorkloadFiles.LoadDataset(null);
        return (ann, data, SpikingNetwork.Thresholds(ann, data.Images(Images, 256), 256, 99.9, new CpuKernels(2)));
    });

    private static double Accuracy(SpikeReset reset, int timesteps)
    {
        var (ann, data, thresholds) = Workload.Value;
        return new SpikingNetwork(ann, thresholds, reset).Run(data, Images, 250, timesteps, new CpuKernels(2)).Accuracy;
    }

    [Fact]
    public void ConvertedLeNet_ApproachesTheAnn_AsTimestepsGrow_AndSoftResetBeatsHardAtFewTimesteps()
    {
        var (ann, data, thresholds) = Workload.Value;
        double annAccuracy = ImageClassifier.Run(new GraphExecutor(ann, new CpuKernels(2)), data, Images, 250).Accuracy;
        double t4 = Accuracy(SpikeReset.Soft, 4), t16 = Accuracy(SpikeReset.Soft, 16), t64 = Accuracy(SpikeReset.Soft, 64);
        double hard4 = Accuracy(SpikeReset.Hard, 4);

        Assert.Equal(4, thresholds.Count);
        Assert.True(t64 >= annAccuracy - 0.01, $"T = 64: {t64} against the ANN's {annAccuracy}");
        Assert.True(t4 > 0.5, $"T = 4: {t4}, chance is 0.1");
        Assert.True(t16 >= t4, $"T = 16 ({t16}) below T = 4 ({t4})");
        Assert.True(t4 > hard4, $"soft reset {t4} should beat hard reset {hard4} at T = 4");
    }

    [Fact]
    public void Neurons_SpikeOnlyAtOrAboveTheirThreshold_CarryTheExcessWithSoftReset_AndStartAgainAfterReset()
    {
        var soft = new SpikingNeuronOperator(1f, SpikeReset.Soft);
        var hard = new SpikingNeuronOperator(1f, SpikeReset.Hard);
        var context = new IMCSim.Workloads.Graph.OperatorContext(new CpuKernels(1), n => new float[n]);
        var x = IMCSim.Simulator.Tensors.Tensor.FromFloat([1, 3], [0.6f, 1.5f, -2f]);
        float[] Step(SpikingNeuronOperator n) => n.Evaluate([x], context)[0].Data;

        Assert.Equal([0f, 1f, 0f], Step(soft)); // v = 0.6, 1.5 -> spike (0.5 left), -2
        Assert.Equal([1f, 1f, 0f], Step(soft)); // v = 1.2 -> spike, 0.5 + 1.5 = 2 -> spike (1 left), -4
        Assert.Equal([0f, 1f, 0f], Step(hard));
        Assert.Equal([1f, 1f, 0f], Step(hard)); // v = 1.2 -> spike, 0 + 1.5 -> spike
        Assert.Equal(3, soft.Spikes);
        Assert.Equal(6, soft.Updates);

        soft.Reset();
        Assert.Equal([0f, 1f, 0f], Step(soft)); // the membranes start again from 0
        Assert.Equal(4, soft.Spikes);
        soft.ClearCounts();
        Assert.Equal(0, soft.Spikes);
    }

    [Theory]
    [InlineData(2, SpikeReset.Soft, 1f)]
    [InlineData(4, SpikeReset.Soft, 0.9f)]
    [InlineData(8, SpikeReset.Hard, 1f)]
    [InlineData(12, SpikeReset.Soft, 0.75f)]
    public void MintMembranes_SpikeAsTheScaledFloatCompareOnTheSameQuantisedValues(int bits, SpikeReset reset, float leak)
    {
        // Oracle: the same quantised membrane kept as a real value on the layer's scale s = threshold / 2^(B - 2), compared with
        // the float threshold. The operator keeps integers and compares with the integer threshold: the spikes must agree.
        const float threshold = 0.37f;
        var neuron = new SpikingNeuronOperator(threshold, reset, leak, bits);
        double s = threshold / Math.ScaleB(1.0, bits - 2), top = Math.ScaleB(1.0, bits - 1) - 1, bottom = -Math.ScaleB(1.0, bits - 1);
        Assert.Equal(threshold, neuron.MembraneScale * neuron.IntegerThreshold, 12);
        var context = new IMCSim.Workloads.Graph.OperatorContext(new CpuKernels(1), n => new float[n]);
        var random = new Random(bits);
        const int neurons = 257;
        var oracle = new double[neurons];
        long spikes = 0;
        for (int t = 0; t < 40; t++)
        {
            float[] input = [.. Enumerable.Range(0, neurons).Select(_ => (float)((random.NextDouble() * 0.6) - 0.15))];
            float[] y = neuron.Evaluate([IMCSim.Simulator.Tensors.Tensor.FromFloat([1, neurons], input)], context)[0].Data;
            for (int i = 0; i < neurons; i++)
            {
                double m = Math.Clamp((Math.Round(leak * oracle[i] / s) + Math.Round(input[i] / s)) * s, bottom * s, top * s);
                bool spike = m >= threshold;
                oracle[i] = !spike ? m : reset == SpikeReset.Soft ? m - threshold : 0;
                Assert.True((y[i] > 0) == spike, $"bits {bits}, timestep {t}, neuron {i}: operator {(y[i] > 0 ? "spiked" : "stayed silent")}, oracle membrane {m} against threshold {threshold}");
                spikes += spike ? 1 : 0;
            }
        }

        Assert.Equal(spikes, neuron.Spikes);
        Assert.True(spikes > 100, $"only {spikes} spikes: the test would not see a wrong threshold");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpikingNeuronOperator(1f, SpikeReset.Soft, 1f, 1));
    }

    [Fact]
    public void DynamicExit_AtThresholdOneIsTheStaticSnn_AtZeroStopsAfterOneTimestep_AndInBetweenSavesTimesteps()
    {
        var (ann, data, thresholds) = Workload.Value;
        var kernels = new CpuKernels(2);
        SpikingNetwork Net() => new(ann, thresholds, SpikeReset.Soft);

        var staticRun = Net().Run(data, Images, 250, 16, kernels);
        var never = Net();
        var neverRun = never.Run(data, Images, 250, 16, kernels, SpikingExit.Confidence(1));
        Assert.Equal(staticRun.Predicted, neverRun.Predicted);
        Assert.Equal(staticRun.Logits, neverRun.Logits);
        Assert.All(never.ExitTimesteps, t => Assert.Equal(16, t));

        var always = Net();
        var alwaysRun = always.Run(data, Images, 250, 16, kernels, SpikingExit.Entropy(0));
        Assert.Equal(Net().Run(data, Images, 250, 1, kernels).Logits, alwaysRun.Logits);
        Assert.All(always.ExitTimesteps, t => Assert.Equal(1, t));

        var entropy = Net();
        var entropyRun = entropy.Run(data, Images, 250, 16, kernels, SpikingExit.Entropy(0.9));
        Assert.Equal(Images, entropy.ExitTimesteps.Count);
        Assert.True(entropy.ExitTimesteps.Average() < 12, $"average exit timestep {entropy.ExitTimesteps.Average()}");
        Assert.True(entropyRun.Accuracy >= staticRun.Accuracy - 0.02, $"entropy exit {entropyRun.Accuracy} against static {staticRun.Accuracy}");
    }

    [Fact]
    public void RateCodedInput_Classifies_AndItsSpikesDoNotDependOnTheBatchSize()
    {
        var (ann, data, thresholds) = Workload.Value;
        var kernels = new CpuKernels(2);
        SpikingNetwork Net() => new(ann, thresholds, SpikeReset.Soft, encoding: SpikeEncoding.Rate(5));

        var a = Net().Run(data, 200, 100, 32, kernels);
        var b = Net().Run(data, 200, 64, 32, kernels);
        Assert.Equal(a.Logits, b.Logits);
        Assert.True(a.Accuracy > 0.9, $"rate-coded accuracy at T = 32: {a.Accuracy}");
        Assert.NotEqual(new SpikingNetwork(ann, thresholds, SpikeReset.Soft, encoding: SpikeEncoding.Rate(6)).Run(data, 200, 100, 32, kernels).Logits, a.Logits);
        Assert.Contains(0, Net().SpikeInputNodes); // the first layer reads spikes
        Assert.DoesNotContain(0, new SpikingNetwork(ann, thresholds, SpikeReset.Soft).SpikeInputNodes);
    }
}
