using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators;

/// <summary>
/// <see cref="IComputeKernels"/> on an ILGPU device: the crossbar read and GEMM bit for bit <see cref="CpuKernels"/>', convolution
/// within float rounding. Through <see cref="IResidentCrossbarRead"/> (what the mapped network calls) the programmed planes and
/// shift-and-add weights stay on the device after their first read; the input vectors travel per call. Through
/// <see cref="IEffectiveMatrixSolver"/> the mapped network's circuit solves run there too, all its layers' arrays in one launch.
/// </summary>
public sealed class IlgpuKernels : IComputeKernels, IResidentCrossbarRead, IEffectiveMatrixSolver, IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly IlgpuGemm _gemm;
    private readonly IlgpuConv2d _conv;
    private readonly IlgpuCrossbarRead _read;
    private readonly IlgpuEffectiveMatrix _effective;

    /// <param name="chainParallelNodes">Circuits of at least this many nodes are solved chain-parallel (0: <see cref="IlgpuEffectiveMatrix.DefaultChainParallelNodes"/>).</param>
    /// <param name="threads">Threads of the work that stays on the CPU (the effective matrices' check solves; 0: all cores).</param>
    public IlgpuKernels(AcceleratorKind kind, string option = "--backend", int chainParallelNodes = 0, int threads = 0)
    {
        _device = IlgpuDevice.Open(kind, option);
        _gemm = new IlgpuGemm(_device);
        _conv = new IlgpuConv2d(_device);
        _read = new IlgpuCrossbarRead(_device);
        _effective = new IlgpuEffectiveMatrix(_device, threads, chainParallelNodes: chainParallelNodes);
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

    public void Dispose() => _device.Dispose();
}
