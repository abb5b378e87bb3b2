using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Spiking;
using IMCSim.Workloads.Zoo;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>
/// EfficientLIF-Net membrane sharing: shared state really shared (checked against a one-membrane oracle), memory falling by the
/// promised factor on equal-shaped layers, and sharing that shares nothing equal to the unshared network bit for bit.
/// </summary>
public sealed class NeuronSharingTests
{
    private static readonly OperatorContext Context = new(new CpuKernels(1), n => new float[n]);

    private static float[] Step(SpikingNeuronOperator n, int[] shape, float[] x) => n.Evaluate([Tensor.FromFloat(shape, x)], Context)[0].Data;

    private static ImageDataset Images(int count, int side, Random random)
    {
        var pixels = new byte[count * side * side];
        random.NextBytes(pixels);
        return new ImageDataset("random", "test", new IdxArray([count, side, side], pixels), new IdxArray([count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]), "images", "labels");
    }

    [Fact]
    public void LayerSharing_TheSecondLayerIntegratesOntoTheMembranesTheFirstLeft_AtEveryTimestep()
    {
        // Oracle: one membrane per neuron, updated by layer A then layer B on every timestep (A at t starts from what B left at t - 1).
        var a = new SpikingNeuronOperator(1f, SpikeReset.Soft, 0.8f, spikeValue: 1f);
        var b = new SpikingNeuronOperator(0.5f, SpikeReset.Hard, 0.9f, spikeValue: 1f) { ShareWith = a };
        var random = new Random(3);
        const int neurons = 64;
        var v = new double[neurons];
        int spikes = 0;
        for (int t = 0; t < 20; t++)
        {
            foreach (var (op, threshold, leak, soft) in new[] { (a, 1f, 0.8f, true), (b, 0.5f, 0.9f, false) })
            {
                float[] x = [.. Enumerable.Range(0, neurons).Select(_ => (float)((random.NextDouble() * 0.9) - 0.2))];
                float[] y = Step(op, [2, neurons / 2], x);
                for (int i = 0; i < neurons; i++)
                {
                    float m = (leak * (float)v[i]) + x[i];
                    bool spike = m >= threshold;
                    Assert.True((y[i] == 1f) == spike, $"timestep {t}, neuron {i}: shared membrane {m} against threshold {threshold}");
                    v[i] = !spike ? m : soft ? m - threshold : 0;
                    spikes += spike ? 1 : 0;
                }
            }
        }

        Assert.True(b.SharesLayerMembranes);
        Assert.Equal(0, b.StoredMembranesPerImage);
        Assert.Equal(neurons / 2, a.StoredMembranesPerImage);
        Assert.True(spikes > 200, $"only {spikes} spikes: the test would not see a lost membrane");
    }

    [Fact]
    public void ChannelSharing_EachGroupIntegratesOntoTheMembranesTheGroupBeforeLeft()
    {
        // [1, 4 channels, 3 positions] in 2 groups: one membrane of 2 x 3, updated by channels 0-1 then channels 2-3.
        var op = new SpikingNeuronOperator(1f, SpikeReset.Soft, 1f, channelGroups: 2);
        var random = new Random(5);
        var v = new float[6];
        int spikes = 0;
        for (int t = 0; t < 30; t++)
        {
            float[] x = [.. Enumerable.Range(0, 12).Select(_ => (float)(random.NextDouble() * 0.7))];
            float[] y = Step(op, [1, 4, 3], x);
            for (int g = 0; g < 2; g++)
            {
                for (int i = 0; i < 6; i++)
                {
                    float m = v[i] + x[(g * 6) + i];
                    bool spike = m >= 1f;
                    Assert.True((y[(g * 6) + i] > 0) == spike, $"timestep {t}, group {g}, neuron {i}");
                    v[i] = spike ? m - 1f : m;
                    spikes += spike ? 1 : 0;
                }
            }
        }

        Assert.Equal(6, op.StoredMembranesPerImage);
        Assert.True(spikes > 50);
        Assert.Throws<ArgumentException>(() => new SpikingNeuronOperator(1f, SpikeReset.Soft, channelGroups: 3).Evaluate([Tensor.FromFloat([1, 4, 3], new float[12])], Context));
    }

    [Fact]
    public void OnEqualShapedLayers_LayerSharingStoresOneBuffer_ChannelSharingOneGroup_AndSharingNothingIsTheUnsharedNetwork()
    {
        // Four 8-channel 3x3 convolutions with a neuron layer after each (equal shapes), then a classifier.
        var g = new ZooGraphBuilder("test:equal", 7, 1, 8, 8);
        string x = ZooGraphBuilder.Input;
        for (int i = 0; i < 4; i++)
        {
            x = g.Relu(g.Conv(x, 8, 3, 1, 1));
        }

        NetworkGraph ann = g.Finish(g.Dense(g.Flatten(x), 10));
        var random = new Random(11);
        var data = Images(16, 8, random);
        float[] thresholds = [0.3f, 0.3f, 0.3f, 0.3f];
        var kernels = new CpuKernels(1);

        (ClassificationResult Result, long Stored, long Neurons, long Spikes) Run(NeuronSharing sharing)
        {
            var snn = new SpikingNetwork(ann, thresholds, SpikeReset.Soft, 0.9f, sharing: sharing);
            var result = snn.Run(data, 16, 4, 6, kernels);
            return (result, snn.Neurons.Sum(n => n.StoredMembranesPerImage), snn.Neurons.Sum(n => n.NeuronsPerImage), snn.Spikes);
        }

        var none = Run(NeuronSharing.None);
        var layer = Run(new NeuronSharing(NeuronSharingMode.Layer));
        var channel = Run(new NeuronSharing(NeuronSharingMode.Channel, 4));
        Assert.Equal(4 * 8 * 64, none.Neurons);
        Assert.Equal(none.Neurons, none.Stored);
        Assert.Equal(none.Neurons / 4, layer.Stored); // one buffer for the four equal layers (EfficientLIF-Net: 1 / layers)
        Assert.Equal(none.Neurons / 4, channel.Stored); // one group's buffer per layer (1 / groups)
        Assert.True(none.Spikes > 0);
        Assert.NotEqual(none.Spikes, layer.Spikes); // shared state changes the dynamics: it is really shared

        // Sharing that finds nothing to share (the default LeNet-5's neuron layers all differ in size) is the unshared network, bit for bit.
        var lenet = ModelZoo.Build("zoo:lenet5");
        var images = Images(8, 28, random);
        float[] lenetThresholds = [0.5f, 0.5f, 0.5f, 0.5f];
        var plain = new SpikingNetwork(lenet, lenetThresholds, SpikeReset.Soft).Run(images, 8, 4, 5, kernels);
        var shared = new SpikingNetwork(lenet, lenetThresholds, SpikeReset.Soft, sharing: new NeuronSharing(NeuronSharingMode.Layer)).Run(images, 8, 4, 5, kernels);
        Assert.Equal(plain.Logits, shared.Logits);
    }
}
