using IMCSim.Accelerators;
using IMCSim.Simulator.Circuit;
using Xunit;

namespace IMCSim.Tests.Kernels;

/// <summary>
/// The effective-matrix family, run against every backend: each backend's matrices are the CPU block solve's bits
/// (<see cref="EffectiveMatrix.Compute(CrossbarCircuit, int, double, int)"/>) for circuits that hit every boundary and tail: held or
/// resistive row starts and column ends, odd and even row counts (the descending pass's row pairs and its lone row 0), one row,
/// one column, and many circuits of different sizes in one call; their worst residuals and check deviations agree too. A backend
/// that adds its dot products in another order (the chain-parallel GPU solve) promises agreement within 1e-12 of each matrix's
/// largest entry instead, and a converged residual.
/// </summary>
public abstract class EffectiveMatrixFamily
{
    protected abstract IEffectiveMatrixSolver Solver { get; }

    /// <summary>The backend promises the CPU's bits (else agreement within <see cref="KernelConformance.EffectiveMatrixTolerance"/>).</summary>
    protected virtual bool BitForBit => true;

    private void AssertAgrees(EffectiveMatrix.Result expected, EffectiveMatrix.Result actual, string what)
    {
        if (BitForBit)
        {
            AssertSameBits(expected.Matrix, actual.Matrix, what);
            Assert.Equal(expected.WorstResidual, actual.WorstResidual);
            Assert.Equal(expected.CheckDeviation, actual.CheckDeviation);
            return;
        }

        double scale = expected.Matrix.Max(Math.Abs), worst = expected.Matrix.Select((v, i) => Math.Abs(v - actual.Matrix[i]) / scale).Max();
        Assert.True(worst <= KernelConformance.EffectiveMatrixTolerance, $"{what}: largest relative difference {worst:G3}");
        Assert.True(actual.WorstResidual <= 1e-12, $"{what}: residual {actual.WorstResidual:G3}");
    }

    public static TheoryData<int, int, double, double, double, double> Cases => new()
    {
        { 9, 7, 50, 2, 1, 0 },      // odd rows, sink held
        { 8, 5, 0, 1, 1.5, 20 },    // even rows, source held
        { 6, 6, 0, 2, 1, 0 },       // both held
        { 7, 3, 10, 1, 1, 5 },      // neither held
        { 1, 9, 10, 1, 1, 0 },      // one row
        { 11, 1, 10, 1, 1, 5 },     // one column
        { 2, 4, 0, 1, 1, 0 },       // two rows, both held
        { 1, 1, 5, 1, 1, 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matrix_IsTheCpuBlockSolvesBits(int rows, int cols, double rs, double rwRow, double rwCol, double rsink)
    {
        CrossbarCircuit circuit = Circuit(rows, cols, rs, rwRow, rwCol, rsink, rows * 131 + cols);
        EffectiveMatrix.Result expected = EffectiveMatrix.Compute(circuit, 2, 1e-13, 1, 2000);
        EffectiveMatrix.Result actual = Solver.Compute([circuit], 1e-13, 2000).Single();
        AssertAgrees(expected, actual, $"{rows}x{cols}");
        Assert.True(actual.CheckDeviation < 1e-10, $"check deviation {actual.CheckDeviation}");
    }

    [Fact]
    public void ManyCircuitsInOneCall_EachAsAlone_AndMergedWiresToo()
    {
        CrossbarCircuit[] circuits =
        [
            Circuit(12, 10, 20, 1, 1, 0, 1),
            Circuit(5, 13, 0, 2, 1, 3, 2),
            Circuit(12, 10, 20, 0, 1, 0, 3),   // merged row wires: no block path
            Circuit(3, 2, 10, 1, 1, 5, 4),
        ];

        IReadOnlyList<EffectiveMatrix.Result> together = Solver.Compute(circuits, 1e-13, 2000);
        Assert.Equal(circuits.Length, together.Count);
        for (int c = 0; c < circuits.Length; c++)
        {
            EffectiveMatrix.Result alone = EffectiveMatrix.Compute(circuits[c], 2, 1e-13, 1, 2000);
            AssertAgrees(alone, together[c], $"circuit {c}");
        }
    }

    [Fact]
    public void IterationLimit_ShowsInTheResidual()
    {
        CrossbarCircuit circuit = Circuit(10, 10, 20, 5, 5, 0, 7);
        EffectiveMatrix.Result capped = Solver.Compute([circuit], 1e-13, 2).Single();
        Assert.True(capped.WorstResidual > 1e-10, $"2 iterations reached {capped.WorstResidual}");
    }

    internal static CrossbarCircuit Circuit(int rows, int cols, double rs, double rwRow, double rwCol, double rsink, int seed)
    {
        var rng = new Random(seed);
        double[] g = [.. Enumerable.Range(0, rows * cols).Select(_ => 1e-6 + (1e-4 * rng.NextDouble()))];
        return new CrossbarCircuit(rows, cols, g, rs, rwRow, rwCol, rsink);
    }

    internal static void AssertSameBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int differ = expected.Where((v, i) => BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(actual[i])).Count();
        Assert.True(differ == 0, $"{what}: {differ} of {expected.Length} entries differ from the CPU's bits");
    }
}

public sealed class CpuEffectiveMatrixSolverTests : EffectiveMatrixFamily
{
    protected override IEffectiveMatrixSolver Solver { get; } = new CpuEffectiveMatrixSolver(2);
}

public sealed class IlgpuCpuEffectiveMatrixSolverTests : EffectiveMatrixFamily, IClassFixture<IMCSim.Tests.Accelerators.IlgpuDeviceTests.CpuAccelerator>
{
    public IlgpuCpuEffectiveMatrixSolverTests(IMCSim.Tests.Accelerators.IlgpuDeviceTests.CpuAccelerator device) => Solver = new IlgpuEffectiveMatrix(device.Device, threads: 2);

    protected override IEffectiveMatrixSolver Solver { get; }

    [Fact]
    public void LaunchesSplitByTheMemoryBudget_GiveTheSameBits()
    {
        // A budget of a few solves' scratch splits circuits' rows over launches.
        using IlgpuDevice device = IlgpuDevice.Open(AcceleratorKind.Cpu);
        var small = new IlgpuEffectiveMatrix(device, threads: 2, budgetBytes: 40_000);
        CrossbarCircuit[] circuits = [Circuit(9, 8, 20, 1, 1, 0, 11), Circuit(4, 3, 0, 1, 1, 2, 12)];
        IReadOnlyList<EffectiveMatrix.Result> results = small.Compute(circuits, 1e-13, 2000);
        for (int c = 0; c < circuits.Length; c++)
        {
            AssertSameBits(EffectiveMatrix.Compute(circuits[c], 2, 1e-13, 1, 2000).Matrix, results[c].Matrix, $"circuit {c}");
        }

        Assert.Equal(9 + 4, small.Counters.Solves);
    }
}

/// <summary>The chain-parallel GPU solve (every circuit sent down that path) on ILGPU's CPU accelerator: within 1e-12 of the CPU's matrices.</summary>
public sealed class IlgpuCpuChainParallelSolverTests : EffectiveMatrixFamily, IClassFixture<IMCSim.Tests.Accelerators.IlgpuDeviceTests.CpuAccelerator>
{
    private readonly IMCSim.Tests.Accelerators.IlgpuDeviceTests.CpuAccelerator _device;

    public IlgpuCpuChainParallelSolverTests(IMCSim.Tests.Accelerators.IlgpuDeviceTests.CpuAccelerator device)
    {
        _device = device;
        Solver = new IlgpuEffectiveMatrix(device.Device, threads: 2, chainParallelNodes: 1);
    }

    protected override IEffectiveMatrixSolver Solver { get; }

    protected override bool BitForBit => false;

    [Fact]
    public void DrivenRowsSplitByTheMemoryBudget_AgreeToo()
    {
        // A budget of a few lanes' scratch: the driven rows go in several launch sequences.
        var small = new IlgpuEffectiveMatrix(_device.Device, threads: 2, budgetBytes: 30_000, chainParallelNodes: 1);
        CrossbarCircuit circuit = Circuit(13, 9, 0, 1, 1, 0, 21);
        double[] expected = EffectiveMatrix.Compute(circuit, 2, 1e-13, 1, 2000).Matrix, actual = small.Compute([circuit], 1e-13, 2000)[0].Matrix;
        double scale = expected.Max(Math.Abs);
        Assert.All(expected.Select((v, i) => Math.Abs(v - actual[i]) / scale), d => Assert.True(d <= 1e-12, $"{d:G3}"));
        Assert.Equal(13, small.Counters.Solves);
        Assert.InRange(small.Counters.MaxIterations, 2, 200); // CG on a 13 x 9 array: a few to a few tens of iterations
    }
}
