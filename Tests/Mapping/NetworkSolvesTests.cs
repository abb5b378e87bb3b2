using IMCSim.Devices;
using IMCSim.Mapping;
using IMCSim.Mapping.Crossbar;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// A mapped network solves the circuits of all its layers together: one solver call for LeNet-5 (what a GPU backend makes one launch),
/// holding every array's programmed circuit and, with drift, its drifted one; the layers equal those built one at a time; a second
/// network on the same programming cache asks only for what the cache lacks, unless its solver's arithmetic differs.
/// </summary>
public sealed class NetworkSolvesTests
{
    private static NetworkGraph LeNet() => OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded");

    /// <summary>CpuKernels, plus the circuit solves counted.</summary>
    private sealed class CountingKernels(string numerics = CpuEffectiveMatrixSolver.BlockNumerics) : IComputeKernels, IEffectiveMatrixSolver
    {
        private readonly CpuKernels _cpu = new(2);

        public string Numerics => numerics;

        public List<int> Calls { get; } = [];

        public string Name => "counting";

        public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) => _cpu.Gemm(args, a, b, c);

        public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output) => _cpu.Conv2d(args, input, weights, bias, output);

        public void CrossbarRead(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, ReadOnlySpan<float> conductance, ReadOnlySpan<float> variance, ReadOnlySpan<float> rowConductanceUs,
            ReadOnlySpan<float> columnWeights, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent) =>
            _cpu.CrossbarRead(args, inputs, conductance, variance, rowConductanceUs, columnWeights, output, cellEnergyFj, drivenRows, histogram, maxCurrent);

        public IReadOnlyList<EffectiveMatrix.Result> Compute(IReadOnlyList<CrossbarCircuit> circuits, double tolerance, int maxIterations)
        {
            lock (Calls)
            {
                Calls.Add(circuits.Count);
            }

            return new CpuEffectiveMatrixSolver(2).Compute(circuits, tolerance, maxIterations);
        }
    }

    // PCM drifts (1 day): every array has a programmed and a drifted circuit. 64 x 64 arrays keep the solves short.
    private static MappingSpec Spec(double driftTimeS = 86400, int adcBits = 6) =>
        new(arrayRows: 64, arrayCols: 64, driftTimeS: driftTimeS, adcBits: adcBits, parasitics: new ParasiticsSpec(ParasiticsMode.Exact, 32, 2, 1, 0, 0));

    [Fact]
    public void AllLayersCircuits_InOneSolverCall_BothStages_AsLayersBuiltAlone()
    {
        var kernels = new CountingKernels();
        DeviceAssignment pcm = DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!);
        var network = new MappedNetwork(LeNet(), Spec(), pcm, kernels, 2);
        int arrays = network.Operators.Sum(o => o.Runtime.Placement.Arrays.Count);

        Assert.True(network.Operators.Count >= 3, "LeNet has several crossbar layers");
        Assert.Equal([2 * arrays], kernels.Calls);
        foreach (CrossbarOperator op in network.Operators)
        {
            ProgrammedLayer together = op.Runtime.Programmed;
            var alone = new ProgrammedLayer(together.Layer, together.Placement, together.Spec, together.Device, 2);
            Assert.Equal(alone.ProgrammedPlane, together.ProgrammedPlane);
            Assert.Equal(alone.ReadPlane, together.ReadPlane);
            Assert.Equal(alone.Solve, together.Solve);
            Assert.NotEqual(together.ProgrammedPlane, together.ReadPlane); // drift moved the cells: the drifted circuits were solved
        }
    }

    [Fact]
    public void OnACache_ASecondNetworkSolvesOnlyWhatTheCacheLacks()
    {
        var cache = new ProgrammingCache();
        DeviceAssignment pcm = DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!);
        NetworkGraph lenet = LeNet();
        var first = new CountingKernels();
        var network = new MappedNetwork(lenet, Spec(), pcm, first, 2, cache);
        int arrays = network.Operators.Sum(o => o.Runtime.Placement.Arrays.Count);

        var readSide = new CountingKernels();
        _ = new MappedNetwork(lenet, Spec(adcBits: 4), pcm, readSide, 2, cache);
        var otherDrift = new CountingKernels();
        _ = new MappedNetwork(lenet, Spec(driftTimeS: 3600), pcm, otherDrift, 2, cache);

        var otherSolver = new CountingKernels("another solver's arithmetic");
        _ = new MappedNetwork(lenet, Spec(), pcm, otherSolver, 2, cache);

        Assert.Equal([2 * arrays], first.Calls);
        Assert.Empty(readSide.Calls);             // both stages cached: nothing to solve
        Assert.Equal([arrays], otherDrift.Calls); // the drifted stage only
        Assert.Equal([2 * arrays], otherSolver.Calls); // another solver's bits are not shared
    }

    [Fact]
    public void SolveGroups_KeepLayersInOrder_SplitAtTheCapAndAtOtherSettings()
    {
        (double, int) exact = (1e-13, 2000), fast = (1e-6, 200);
        var groups = MappedNetwork.SolveGroups([(40, exact), (50, exact), (20, exact), (200, exact), (0, exact), (10, fast), (10, fast), (5, exact)], capCells: 100);
        Assert.Equal([[0, 1], [2], [3, 4], [5, 6], [7]], groups);
        Assert.Empty(MappedNetwork.SolveGroups([], 100));
    }
}
