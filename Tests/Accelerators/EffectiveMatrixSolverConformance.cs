using IMCSim.Accelerators;
using IMCSim.Simulator.Circuit;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The effective-matrix family, run against every backend: each backend's matrices are the CPU block solve's bits
/// (<see cref="EffectiveMatrix.Compute(CrossbarCircuit, int, double, int)"/>) for circuits that hit every boundary and tail: held or
/// resistive row starts and column ends, odd and even row counts (the descending pass's row pairs and its lone row 0), one row,
/// one column, and many circuits of different sizes in one call; their worst residuals and check deviations agree too.
/// </summary>
public abstract class EffectiveMatrixSolverConformance
{
    protected abstract IEffectiveMatrixSolver Solver { get; }

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
        AssertSameBits(expected.Matrix, actual.Matrix, $"{rows}x{cols}");
        Assert.Equal(expected.WorstResidual, actual.WorstResidual);
        Assert.Equal(expected.CheckDeviation, actual.CheckDeviation);
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
            AssertSameBits(alone.Matrix, together[c].Matrix, $"circuit {c}");
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

public sealed class CpuEffectiveMatrixSolverTests : EffectiveMatrixSolverConformance
{
    protected override IEffectiveMatrixSolver Solver { get; } = new CpuEffectiveMatrixSolver(2);
}

public sealed class IlgpuCpuEffectiveMatrixSolverTests : EffectiveMatrixSolverConformance, IClassFixture<IlgpuGemmTests.CpuAccelerator>
{
    public IlgpuCpuEffectiveMatrixSolverTests(IlgpuGemmTests.CpuAccelerator device) => Solver = new IlgpuEffectiveMatrix(device.Device, threads: 2);

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
