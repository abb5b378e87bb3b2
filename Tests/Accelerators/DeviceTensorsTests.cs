using IMCSim.Accelerators;
using IMCSim.Devices;
using IMCSim.Mapping;
using IMCSim.Mapping.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Tests.Kernels;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;
using IMCSim.Workloads.Spiking;
using IMCSim.Workloads.Zoo;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// Activations on the device (<see cref="IDeviceTensors"/>): every operator with a device version, fed device tensors on ILGPU's CPU
/// accelerator, keeps its result on the device and gives its host operator's bits, with NaN, ±0 and ±∞ among the inputs and shapes that
/// leave tails; a mapped network with residual adds, pools and both input encodings runs wholly on the device, moving only its input up
/// and its logits down, and gives the CPU backend's logits and events bit for bit.
/// </summary>
public sealed class DeviceTensorsTests(IlgpuCpuKernelsFixture fixture) : IClassFixture<IlgpuCpuKernelsFixture>
{
    private static float[] Values(int seed, int length) => DeviceOperatorConformance.Values(seed, length, finite: false);

    public static TheoryData<string> Cases => [.. DeviceOperatorConformance.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_OnDeviceTensors_StaysOnTheDevice_WithTheHostOperatorsBits(string name)
    {
        DeviceOperatorResult result = DeviceOperatorConformance.Run(fixture.Kernels, name);
        Assert.True(result.Passed, $"{name}: {result.Detail}");
    }

    [Theory]
    [InlineData(SpikeReset.Soft, 1f, 1)]
    [InlineData(SpikeReset.Hard, 0.9f, 1)]
    [InlineData(SpikeReset.Soft, 0.75f, 2)]
    public void SpikingNeurons_OnTheDevice_KeepTheirMembranesThere_WithTheHostsSpikesAndCounts(SpikeReset reset, float leak, int groups)
    {
        // Two layers sharing membranes (equal neurons per image), the first with channel groups: four timesteps, a reset, two more.
        SpikingNeuronOperator Pair(out SpikingNeuronOperator second)
        {
            var first = new SpikingNeuronOperator(0.6f, reset, leak, channelGroups: groups);
            second = new SpikingNeuronOperator(0.45f, reset, leak, spikeValue: 1f) { ShareWith = first };
            return first;
        }

        SpikingNeuronOperator hostA = Pair(out var hostB), deviceA = Pair(out var deviceB);
        IlgpuKernels device = fixture.Kernels;
        var hostContext = new OperatorContext(new CpuKernels(2));
        var deviceContext = new OperatorContext(device);
        for (int t = 0; t < 6; t++)
        {
            if (t == 4)
            {
                hostA.Reset();
                deviceA.Reset();
            }

            float[] x = Values(100 + t, 2 * 4 * 3 * 3).Select(v => float.IsFinite(v) ? v : 0.3f).ToArray();
            Tensor h = hostB.Evaluate([hostA.Evaluate([Tensor.FromFloat([2, 4, 3, 3], x)], hostContext)[0]], hostContext)[0];
            Tensor d = deviceB.Evaluate([deviceA.Evaluate([Tensor.OnDevice([2, 4, 3, 3], device.Upload(x))], deviceContext)[0]], deviceContext)[0];
            Assert.NotNull(d.Device);
            Assert.True(KernelData.SameBits(h.Data, d.Data), $"timestep {t}: spikes differ");
        }

        Assert.Equal(hostA.Spikes, deviceA.Spikes);
        Assert.Equal(hostB.Spikes, deviceB.Spikes);
        Assert.True(hostA.Spikes > 0 && hostB.Spikes > 0);
        Assert.Equal(hostA.Updates, deviceA.Updates);
        Assert.True(deviceB.SharesLayerMembranes);

        // A step on the host afterwards continues from the membranes the device left.
        float[] last = Values(200, 72).Select(v => float.IsFinite(v) ? v : 0.3f).ToArray();
        Tensor hostLast = hostA.Evaluate([Tensor.FromFloat([2, 4, 3, 3], last)], hostContext)[0];
        Tensor deviceLast = deviceA.Evaluate([Tensor.FromFloat([2, 4, 3, 3], last)], deviceContext)[0];
        Assert.Null(deviceLast.Device);
        Assert.True(KernelData.SameBits(hostLast.Data, deviceLast.Data));
    }

    [Fact]
    public void Flatten_OfADeviceTensor_IsAViewOfTheSameBuffer()
    {
        IDeviceBuffer buffer = fixture.Kernels.Upload(Values(3, 24));
        Tensor x = Tensor.OnDevice([2, 3, 2, 2], buffer);
        Tensor y = new FlattenOperator(1).Evaluate([x], new OperatorContext(fixture.Kernels))[0];
        Assert.Same(buffer, y.Device);
        Assert.Equal([2, 12], y.Shape);
        buffer.Release();
    }

    [Fact]
    public void Executor_LeavesTheCallersDeviceInputAlone_AndReusesItsUploadOfTheSameInput()
    {
        GraphValue Value(string name, int?[] dims) => new(name, ElementType.Float32, dims);
        var graph = new NetworkGraph("flatten", "test", [Value("x", [null, 3, 2, 2])], [Value("y", [null, 12])], new Dictionary<string, Tensor>(),
            [new GraphNode("flatten", new FlattenOperator(1), ["x"], ["y"])]);
        var executor = new IMCSim.Workloads.Inference.GraphExecutor(graph, fixture.Kernels);
        float[] values = Values(4, 24);

        // A caller's device tensor whose view is the graph's output: the output comes back on the host, the caller's buffer survives.
        IDeviceBuffer buffer = fixture.Kernels.Upload(values);
        Tensor y = executor.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.OnDevice([2, 3, 2, 2], buffer) })["y"];
        Assert.Null(y.Device);
        Assert.True(KernelData.SameBits(values, y.Data));

        // Had the executor given the caller's buffer back to the pool, the next buffer of its length would be that memory.
        IDeviceBuffer next = fixture.Kernels.Zeros(24);
        Assert.True(KernelData.SameBits(values, Tensor.OnDevice([24], buffer).Data), "the caller's buffer was given back to the pool");
        next.Release();
        buffer.Release();

        // A host input is uploaded once while the caller passes the same tensor with the same values (a spiking network's timesteps).
        var x = Tensor.FromFloat([2, 3, 2, 2], values);
        TensorTransfers before = fixture.Kernels.Transfers;
        for (int t = 0; t < 3; t++)
        {
            Assert.True(KernelData.SameBits(values, executor.Run(new Dictionary<string, Tensor> { ["x"] = x })["y"].Data));
        }

        Assert.Equal(24, fixture.Kernels.Transfers.UploadedFloats - before.UploadedFloats);
        values[5] = -values[5]; // the same tensor with other values goes up again
        Assert.Equal(values[5], executor.Run(new Dictionary<string, Tensor> { ["x"] = x })["y"].Data[5]);
        Assert.Equal(48, fixture.Kernels.Transfers.UploadedFloats - before.UploadedFloats);
    }

    [Fact]
    public void Im2RowAndChannelMajor_OnTheDevice_EqualTheHostLowering()
    {
        var rng = new Random(7);
        foreach (var (c, h, w, kh, kw, s, pad, d) in new[] { (3, 7, 6, 3, 3, 1, 1, 1), (2, 9, 9, 3, 2, 2, 0, 1), (4, 8, 5, 2, 3, 1, 2, 2), (1, 1, 1, 1, 1, 1, 0, 1) })
        {
            int oh = ((h + (2 * pad) - (d * (kh - 1)) - 1) / s) + 1, ow = ((w + (2 * pad) - (d * (kw - 1)) - 1) / s) + 1, n = 3, first = 1, samples = 2, m = 5;
            var args = new Conv2dArgs(samples, c, h, w, m, kh, kw, oh, ow, s, s, d, d, pad, pad, 1);
            float[] x = KernelData.Uniform(rng, (long)n * c * h * w);
            var rows = new float[samples * oh * ow * c * kh * kw];
            IMCSim.Mapping.Lowering.Im2Row.Run(args, x, rows, 2, first);

            IlgpuKernels device = fixture.Kernels;
            IDeviceBuffer dx = device.Upload(x), dr = device.Allocate(rows.Length), dy = device.Upload(Enumerable.Repeat(float.NaN, n * m * oh * ow).ToArray());
            device.Im2Row(args, first, dx, dr);
            Assert.True(KernelData.SameBits(rows, Tensor.OnDevice([rows.Length], dr).Data), $"im2row {args}");

            // The rows as one slab's read outputs [sample, pixel, channel]: back to [N, M, OH, OW] at sample `first`.
            float[] flat = KernelData.Uniform(rng, samples * oh * ow * m);
            IDeviceBuffer df = device.Upload(flat);
            device.ToChannelMajor(samples, oh * ow, m, first, df, dy);
            float[] y = Tensor.OnDevice([n * m * oh * ow], dy).Data;
            for (int i = 0; i < samples; i++)
            {
                for (int p = 0; p < oh * ow; p++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        Assert.Equal(flat[(((i * oh * ow) + p) * m) + j], y[((((first + i) * m) + j) * oh * ow) + p]);
                    }
                }
            }

            Assert.True(float.IsNaN(y[0]), "samples outside the slab are left alone");
            foreach (IDeviceBuffer b in new[] { dx, dr, dy, df })
            {
                b.Release();
            }
        }
    }

    [Fact]
    public void FloatInference_OnTheDevice_MovesOnlyItsInputAndLogits_WithinFloatRoundingOfTheCpu()
    {
        var images = Tensor.FromFloat([3, 3, 10, 10], Values(12, 3 * 300).Select(v => float.IsFinite(v) ? v : -0.5f).ToArray());
        var inputs = new Dictionary<string, Tensor> { [ZooGraphBuilder.Input] = images };
        float[] cpu = new IMCSim.Workloads.Inference.GraphExecutor(Residual(), new CpuKernels(2)).Run(inputs).Values.Single().Data;
        IlgpuKernels device = fixture.Kernels;
        TensorTransfers before = device.Transfers;
        Tensor logits = new IMCSim.Workloads.Inference.GraphExecutor(Residual(), device).Run(inputs).Values.Single();

        Assert.Null(logits.Device);
        Assert.Equal(images.Length, device.Transfers.UploadedFloats - before.UploadedFloats);
        Assert.Equal(logits.Length, device.Transfers.DownloadedFloats - before.DownloadedFloats);
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.True(Math.Abs(cpu[i] - logits.Data[i]) <= 1e-5 * (1 + Math.Abs(cpu[i])), $"logit {i}: {cpu[i]} vs {logits.Data[i]}");
        }
    }

    /// <summary>A small residual network: conv, ReLU, 2x2 max pool, conv, residual add, ReLU, global average pool, dense.</summary>
    private static NetworkGraph Residual()
    {
        var b = new ZooGraphBuilder("residual", 5, 3, 10, 10);
        string x = b.Relu(b.Conv(ZooGraphBuilder.Input, 6, 3, 1, 1));
        string pooled = b.MaxPool(x, 2);
        string y = b.Relu(b.Add(b.Conv(pooled, 6, 3, 1, 1), pooled));
        return b.Finish(b.Dense(b.Flatten(b.GlobalAveragePool(y)), 4));
    }

    public static TheoryData<string> Networks => ["digital", "analog", "offset"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void MappedNetwork_OnTheDevice_MovesOnlyItsInputAndLogits_AndGivesTheCpuBackendsBits(string variant)
    {
        // Signed inputs: the first layer reads two phases. Offset encoding: the digital offset correction.
        var spec = new MappingSpec(arrayRows: 16, arrayCols: 16, inputBits: variant == "analog" ? 0 : 8, dacBits: variant == "analog" ? 1 : 2,
            encoding: variant == "offset" ? WeightEncoding.Offset : WeightEncoding.Differential, parasitics: IMCSim.Mapping.ParasiticsSpec.None, calibrationImages: 4);
        DeviceAssignment rram = DeviceAssignment.Uniform(DeviceCatalog.Find("rram")!);
        var images = Tensor.FromFloat([5, 3, 10, 10], Values(11, 5 * 3 * 10 * 10).Select(v => float.IsFinite(v) ? v : 0.5f).ToArray());
        var calibration = Tensor.FromFloat([4, 3, 10, 10], images.Data[..(4 * 300)]);

        IlgpuKernels device = fixture.Kernels;
        var (up, down) = (0L, 0L);
        (float[] Logits, MappedNetwork Network) Run(IComputeKernels kernels)
        {
            var network = new MappedNetwork(Residual(), spec, rram, kernels, 2);
            network.Calibrate(new Dictionary<string, Tensor> { [ZooGraphBuilder.Input] = calibration });
            TensorTransfers before = device.Transfers;
            var outputs = network.Execute(new Dictionary<string, Tensor> { [ZooGraphBuilder.Input] = images }, 40, 5);
            (up, down) = (device.Transfers.UploadedFloats - before.UploadedFloats, device.Transfers.DownloadedFloats - before.DownloadedFloats);
            Tensor logits = outputs.Values.Single();
            Assert.Null(logits.Device); // the executor hands back host tensors
            return (logits.Data, network);
        }

        var (cpu, cpuNetwork) = Run(new CpuKernels(2));
        var (gpu, gpuNetwork) = Run(device);

        Assert.True(KernelData.SameBits(cpu, gpu), $"{variant}: logits differ");
        Assert.Equal(images.Length, up);
        Assert.Equal(cpu.Length, down);
        Assert.Equal(2, cpuNetwork.Operators[0].Runtime.Phases);
        for (int i = 0; i < cpuNetwork.Operators.Count; i++)
        {
            var (a, b) = (cpuNetwork.Operators[i].Runtime.Events, gpuNetwork.Operators[i].Runtime.Events);
            Assert.Equal(a.Reads, b.Reads);
            Assert.Equal(a.DrivenRows, b.DrivenRows);
            Assert.Equal(a.Conversions, b.Conversions);
            Assert.Equal(a.CellEnergyFj, b.CellEnergyFj);
            Assert.True(a.Reads.Sum() > 0);
        }
    }
}
