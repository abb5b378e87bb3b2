using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Accelerators;

/// <summary>
/// <see cref="IComputeKernels"/> on an ILGPU device: the crossbar read and GEMM bit for bit <see cref="CpuKernels"/>', convolution
/// within float rounding. Through <see cref="IResidentCrossbarRead"/> (what the mapped network calls) the programmed planes and
/// shift-and-add weights stay on the device after their first read; the input vectors travel per call. Through
/// <see cref="IEffectiveMatrixSolver"/> the mapped network's circuit solves run there too, all its layers' arrays in one launch. Through
/// <see cref="IDeviceTensors"/> a mapped network's activations stay on the device from layer to layer.
/// </summary>
public sealed class IlgpuKernels : IComputeKernels, IResidentCrossbarRead, IEffectiveMatrixSolver, IDeviceTensors, IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly IlgpuGemm _gemm;
    private readonly IlgpuConv2d _conv;
    private readonly IlgpuCrossbarRead _read;
    private readonly IlgpuEffectiveMatrix _effective;
    private readonly IlgpuTensors _tensors;

    /// <param name="chainParallelNodes">Circuits of at least this many nodes are solved chain-parallel (0: <see cref="IlgpuEffectiveMatrix.DefaultChainParallelNodes"/>).</param>
    /// <param name="threads">Threads of the work that stays on the CPU (the effective matrices' check solves; 0: all cores).</param>
    public IlgpuKernels(AcceleratorKind kind, string option = "--backend", int chainParallelNodes = 0, int threads = 0)
    {
        _device = IlgpuDevice.Open(kind, option);
        _gemm = new IlgpuGemm(_device);
        _conv = new IlgpuConv2d(_device);
        _read = new IlgpuCrossbarRead(_device);
        _effective = new IlgpuEffectiveMatrix(_device, threads, chainParallelNodes: chainParallelNodes);
        _tensors = new IlgpuTensors(_device);
    }

    /// <summary>"ilgpu-cpu" or "cuda", the device and its driver: what the manifest records.</summary>
    public string Name => $"{(_device.Kind == AcceleratorKind.Cuda ? "cuda" : "ilgpu-cpu")} ({_device.DeviceName}; {_device.Driver})";

    public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) => _gemm.Run(args, a, b, c);

    public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output) =>
        _conv.Run(args, input, weights, bias, output);

    public void CrossbarRead(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, ReadOnlySpan<float> conductance, ReadOnlySpan<float> variance, ReadOnlySpan<float> rowConductanceUs,
        ReadOnlySpan<float> columnWeights, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent) =>
        _read.Run(args, inputs, conductance, variance, rowConductanceUs, columnWeights, output, cellEnergyFj, drivenRows, histogram, maxCurrent);

    public void CrossbarRead(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, float[] conductance, float[]? variance, float[]? rowConductanceUs, float[] columnWeights,
        Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent) =>
        _read.RunResident(args, inputs, conductance, variance, rowConductanceUs, columnWeights, output, cellEnergyFj, drivenRows, histogram, maxCurrent);

    /// <summary>Circuits of at least this many nodes are solved chain-parallel (within 1e-12 of the CPU), smaller ones bit for bit.</summary>
    public int ChainParallelNodes => _effective.ChainParallelNodes;

    public string Numerics => _effective.Numerics;

    public IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations) =>
        _effective.Compute(circuits, tolerance, maxIterations);

    /// <summary>Floats moved between host and device by the activations so far.</summary>
    public TensorTransfers Transfers => _tensors.Transfers;

    public bool Owns(IDeviceBuffer buffer) => _tensors.Owns(buffer);

    public IDeviceBuffer Allocate(int length) => _tensors.Allocate(length);

    public IDeviceBuffer Upload(ReadOnlySpan<float> data) => _tensors.Upload(data);

    public IDeviceBuffer Zeros(int length) => _tensors.Zeros(length);

    public IDeviceBuffer Constant(float[] values) => _tensors.Constant(values);

    public void Gemm(in GemmArgs args, IDeviceBuffer a, IDeviceBuffer b, IDeviceBuffer c)
    {
        IlgpuTensors.Distinct(a, c, "gemm");
        IlgpuTensors.Distinct(b, c, "gemm");
        _gemm.RunOnDevice(args, _tensors.View(a), _tensors.View(b), _tensors.Output(c));
    }

    public void Conv2d(in Conv2dArgs args, IDeviceBuffer input, IDeviceBuffer weights, IDeviceBuffer? bias, IDeviceBuffer output)
    {
        IlgpuTensors.Distinct(input, output, "conv2d");
        _conv.RunOnDevice(args, _tensors.View(input), _tensors.View(weights), _tensors.View(bias ?? _tensors.Constant(_noBias)), bias is not null, _tensors.Output(output));
    }

    private readonly float[] _noBias = [0f];

    public void Relu(IDeviceBuffer x, IDeviceBuffer y) => _tensors.Relu(x, y);

    public long SpikingStep(in SpikingStepArgs args, IDeviceBuffer x, IDeviceBuffer membranes, IDeviceBuffer y) => _tensors.SpikingStep(args, x, membranes, y);

    public void Add(IDeviceBuffer a, IDeviceBuffer b, IDeviceBuffer y) => _tensors.Add(a, b, y);

    public void Pool(in PoolArgs args, IDeviceBuffer x, IDeviceBuffer y) => _tensors.Pool(args, x, y);

    public void GlobalAveragePool(int planes, int plane, IDeviceBuffer x, IDeviceBuffer y) => _tensors.GlobalAveragePool(planes, plane, x, y);

    public void Im2Row(in Conv2dArgs args, int firstSample, IDeviceBuffer x, IDeviceBuffer rows) => _tensors.Im2Row(args, firstSample, x, rows);

    public void ToChannelMajor(int samples, int plane, int channels, int firstSample, IDeviceBuffer rows, IDeviceBuffer y) =>
        _tensors.ToChannelMajor(samples, plane, channels, firstSample, rows, y);

    public void CrossbarLayerRead(in CrossbarLayerReadArgs layer, in CrossbarReadArgs read, IDeviceBuffer x, float[] conductance, float[]? variance, float[]? rowConductanceUs,
        float[] columnWeights, float[]? bias, IDeviceBuffer y, Span<double> cellEnergyFj, Span<long> drivenRows) =>
        _read.RunLayer(layer, read, ReferenceEquals(x, y) ? throw new ArgumentException("crossbar layer read: the output buffer is the input buffer") : _tensors.View(x),
            conductance, variance, rowConductanceUs, columnWeights, bias, _tensors.Output(y), cellEnergyFj, drivenRows);

    public void Dispose() => _device.Dispose();
}
