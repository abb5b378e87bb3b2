using System.Diagnostics;
using System.Globalization;
using IMCSim.Simulator.Circuit;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>The IR-drop solver against ngspice (the reference) and against the circuit's properties.</summary>
public sealed class CrossbarSolverTests
{
    public static TheoryData<string, int, int, double, double, double, double, double, double, bool> SpiceCases() => new()
    {
        // name, rows, cols, Rs, Rw row, Rw col, Rsink, G min (S), G max (S), some zero inputs and cells
        { "square 16, Rs 100, 1 ohm wires", 16, 16, 100, 1, 1, 0, 1e-6, 1e-4, false },
        { "non-square 32x24, Rs 0, row 2 / column 0.5 ohm", 32, 24, 0, 2, 0.5, 0, 1e-6, 1e-4, false },
        { "20x40 with sink 100 ohm", 20, 40, 50, 1, 1, 100, 1e-6, 1e-4, false },
        { "64x64, row 1 / column 3 ohm", 64, 64, 100, 1, 3, 0, 1e-6, 1e-4, false },
        { "48x32 high conductance 10 uS-1 mS, 2.5 ohm wires", 48, 32, 10, 2.5, 2.5, 0, 1e-5, 1e-3, false },
        { "24x16, zero inputs and open cells", 24, 16, 100, 1, 1, 20, 1e-6, 1e-4, true },
        { "12x10, zero row wire (merged rows)", 12, 10, 20, 0, 1, 0, 1e-6, 1e-4, false },
        { "9x70, more than 64 columns", 9, 70, 100, 1.5, 1, 5, 1e-6, 1e-4, false },
        { "14x11, zero column wire (merged columns), sink 5 ohm", 14, 11, 30, 1, 0, 5, 1e-5, 1e-3, false },
        { "10x8, Rs 0 and zero row wire (rows held at their inputs), sink 2 ohm", 10, 8, 0, 0, 1, 2, 1e-5, 1e-3, true },
    };

    private static (CrossbarCircuit Circuit, double[] Voltages) Case(int rows, int cols, double rs, double rwRow, double rwCol, double rsink, double gMin, double gMax, bool zeros, int seed)
    {
        var rng = new Random(seed);
        var g = new double[rows * cols];
        for (int k = 0; k < g.Length; k++)
        {
            g[k] = zeros && rng.Next(7) == 0 ? 0 : gMin + ((gMax - gMin) * rng.NextDouble());
        }

        var v = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            v[i] = zeros && i % 3 == 0 ? 0 : 0.05 + (0.25 * rng.NextDouble());
        }

        return (new CrossbarCircuit(rows, cols, g, rs, rwRow, rwCol, rsink), v);
    }

    [Theory]
    [MemberData(nameof(SpiceCases))]
    public void Solve_MatchesNgspice(string name, int rows, int cols, double rs, double rwRow, double rwCol, double rsink, double gMin, double gMax, bool zeros)
    {
        var (circuit, v) = Case(rows, cols, rs, rwRow, rwCol, rsink, gMin, gMax, zeros, name.Length);
        double[] spice = Ngspice(circuit, v);
        var result = new CrossbarSolver(circuit).Solve(v);
        Assert.True(result.RelativeResidual <= 1e-12, $"{name}: residual {result.RelativeResidual}");
        double worst = 0;
        for (int j = 0; j < cols; j++)
        {
            worst = Math.Max(worst, Math.Abs(result.CurrentsA[j] - spice[j]) / Math.Abs(spice[j]));
        }

        Assert.True(worst <= 1e-9, $"{name}: max relative error {worst:E3} vs ngspice");

        // The case really has IR drop: the ideal G^T V differs from the circuit.
        double[] ideal = circuit.IdealCurrents(v);
        Assert.True(Enumerable.Range(0, cols).Max(j => Math.Abs(ideal[j] - spice[j]) / Math.Abs(spice[j])) > 1e-6);
    }

    [Fact]
    public void ZeroWireSourceAndSinkResistance_GiveExactlyGTransposeV()
    {
        var (circuit, v) = Case(30, 20, 0, 0, 0, 0, 1e-6, 1e-4, false, 1);
        Assert.Equal(circuit.IdealCurrents(v), new CrossbarSolver(circuit).Solve(v).CurrentsA);
    }

    [Fact]
    public void Currents_AreLinearInTheInputs()
    {
        var (circuit, v1) = Case(40, 30, 50, 2, 1, 10, 1e-6, 1e-4, false, 2);
        var (_, v2) = Case(40, 30, 50, 2, 1, 10, 1e-6, 1e-4, true, 3);
        var solver = new CrossbarSolver(circuit);
        double[] i1 = solver.Solve(v1).CurrentsA, i2 = solver.Solve(v2).CurrentsA;
        double[] combined = [.. v1.Zip(v2, (a, b) => (2.5 * a) - (0.7 * b))];
        double[] i12 = solver.Solve(combined).CurrentsA;
        for (int j = 0; j < i12.Length; j++)
        {
            double expected = (2.5 * i1[j]) - (0.7 * i2[j]);
            Assert.True(Math.Abs(i12[j] - expected) <= 1e-10 * Math.Abs(i1[j]), $"column {j}: {i12[j]} vs {expected}");
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, 1.0, 0.0)]
    [InlineData(100.0, 2.0, 0.5, 0.0)]
    [InlineData(10.0, 2.5, 2.5, 50.0)]
    public void IrDrop_NeverIncreasesAColumnCurrent_ForNonNegativeInputs(double rs, double rwRow, double rwCol, double rsink)
    {
        var (circuit, v) = Case(50, 50, rs, rwRow, rwCol, rsink, 1e-5, 1e-3, true, 4);
        double[] ideal = circuit.IdealCurrents(v);
        double[] actual = new CrossbarSolver(circuit).Solve(v).CurrentsA;
        for (int j = 0; j < actual.Length; j++)
        {
            Assert.True(actual[j] <= ideal[j] * (1 + 1e-12) && actual[j] > 0, $"column {j}: {actual[j]} vs ideal {ideal[j]}");
        }
    }

    [Theory]
    [InlineData(40, 36, 50, 2, 1, 0)]
    [InlineData(33, 70, 0, 1, 1.5, 20)]
    [InlineData(19, 13, 0, 2, 1, 0)]
    [InlineData(1, 9, 10, 1, 1, 0)]
    [InlineData(17, 1, 10, 1, 1, 5)]
    [InlineData(12, 10, 20, 0, 1, 0)]
    [InlineData(10, 12, 20, 1, 0, 3)]
    public void EffectiveMatrix_ReproducesTheDirectSolveForRandomInputs(int rows, int cols, double rs, double rwRow, double rwCol, double rsink)
    {
        var (circuit, _) = Case(rows, cols, rs, rwRow, rwCol, rsink, 1e-5, 1e-3, false, 5);
        EffectiveMatrix.Result result = EffectiveMatrix.Compute(circuit);
        double[] a = result.Matrix;
        Assert.True(result.WorstResidual <= 1e-12, $"residual {result.WorstResidual}");
        Assert.True(result.CheckDeviation <= 1e-11, $"check deviation {result.CheckDeviation}");
        var solver = new CrossbarSolver(circuit);
        var rng = new Random(9);
        for (int trial = 0; trial < 5; trial++)
        {
            double[] v = [.. Enumerable.Range(0, circuit.Rows).Select(_ => rng.NextDouble() - 0.3)];
            double[] direct = solver.Solve(v).CurrentsA;
            double scale = direct.Max(Math.Abs);
            for (int j = 0; j < circuit.Cols; j++)
            {
                double viaMatrix = Enumerable.Range(0, circuit.Rows).Sum(i => a[(i * circuit.Cols) + j] * v[i]);
                Assert.True(Math.Abs(viaMatrix - direct[j]) <= 1e-10 * scale, $"column {j}: {viaMatrix} vs {direct[j]}");
            }
        }
    }

    [Theory]
    [InlineData(30, 27, 100, 1, 1, 0, 3, 8)]
    [InlineData(25, 40, 0, 2, 0.5, 0, 8, 8)]
    [InlineData(21, 18, 0, 1, 1, 40, 5, 8)]
    [InlineData(16, 16, 30, 1.5, 1, 10, 1, 8)]
    [InlineData(23, 19, 0, 1, 2, 0, 4, 4)]
    [InlineData(18, 26, 40, 1, 1, 15, 3, 4)]
    public void SolveBlock_MatchesSingleSolvesLaneByLane(int rows, int cols, double rs, double rwRow, double rwCol, double rsink, int lanes, int width)
    {
        var (circuit, _) = Case(rows, cols, rs, rwRow, rwCol, rsink, 1e-5, 1e-3, true, 11);
        var solver = new CrossbarSolver(circuit);
        var rng = new Random(lanes);
        double[][] v = [.. Enumerable.Range(0, lanes).Select(l => Enumerable.Range(0, rows).Select(i => l == 1 ? 0 : rng.NextDouble() - 0.2).ToArray())];
        double[][] currents = [.. Enumerable.Range(0, lanes).Select(_ => new double[cols])];
        if (CrossbarSolver.MaxBlockLanes < width)
        {
            // Without this SIMD width the block path refuses; EffectiveMatrix then uses narrower blocks (down to one lane).
            Assert.Throws<InvalidOperationException>(() => solver.NewBlockWorkspace(width));
            return;
        }

        double residual = solver.SolveBlock(v, currents, workspace: solver.NewBlockWorkspace(width));
        Assert.True(residual <= 1e-12, $"residual {residual}");
        for (int l = 0; l < lanes; l++)
        {
            double[] single = solver.Solve(v[l]).CurrentsA;
            double scale = Math.Max(single.Max(Math.Abs), 1e-30);
            for (int j = 0; j < cols; j++)
            {
                Assert.True(Math.Abs(currents[l][j] - single[j]) <= 1e-11 * scale, $"lane {l}, column {j}: {currents[l][j]} vs {single[j]}");
            }
        }
    }

    [Theory]
    [InlineData(30, 27, 100, 1, 1, 0)]
    [InlineData(25, 40, 0, 2, 0.5, 0)]
    [InlineData(21, 18, 0, 1, 1, 40)]
    [InlineData(1, 9, 10, 1, 1, 0)]
    [InlineData(17, 1, 10, 1, 1, 5)]
    public void SolveBlock_EightFourAndOneLanes_GiveEveryInputTheSameBits(int rows, int cols, double rs, double rwRow, double rwCol, double rsink)
    {
        // What makes effective matrices CPU-independent: AVX-512 machines solve 8 inputs per block, AVX2 machines 4, others 1.
        var (circuit, _) = Case(rows, cols, rs, rwRow, rwCol, rsink, 1e-5, 1e-3, true, 13);
        var solver = new CrossbarSolver(circuit);
        var rng = new Random(rows + cols);
        double[][] v = [.. Enumerable.Range(0, 8).Select(l => Enumerable.Range(0, rows).Select(i => l == 2 || (l == 5 && i % 3 != 0) ? 0 : rng.NextDouble() - 0.2).ToArray())];
        double[][] Solve(int lanes, out double worst)
        {
            double[][] currents = [.. Enumerable.Range(0, 8).Select(_ => new double[cols])];
            var workspace = solver.NewBlockWorkspace(lanes);
            worst = 0;
            for (int l0 = 0; l0 < 8; l0 += lanes)
            {
                worst = Math.Max(worst, solver.SolveBlock(v[l0..(l0 + lanes)], currents[l0..(l0 + lanes)], workspace: workspace));
            }

            return currents;
        }

        double[][] one = Solve(1, out double worstOne), four = Solve(4, out double worstFour);
        Assert.True(worstOne <= 1e-12, $"residual {worstOne}");
        Assert.Equal(worstOne, worstFour);
        for (int l = 0; l < 8; l++)
        {
            Assert.Equal(one[l], four[l]);
        }

        if (CrossbarSolver.MaxBlockLanes == 8)
        {
            double[][] eight = Solve(8, out double worstEight);
            Assert.Equal(worstOne, worstEight);
            for (int l = 0; l < 8; l++)
            {
                Assert.Equal(one[l], eight[l]);
            }
        }
    }

    [Fact]
    public void EffectiveMatrix_AnyBlockWidth_IsBitIdentical()
    {
        var (circuit, _) = Case(45, 38, 20, 1.5, 1, 4, 1e-5, 1e-3, true, 17);
        EffectiveMatrix.Result one = EffectiveMatrix.Compute(circuit, 2, 1e-13, lanes: 1, maxIterations: 2000);
        Assert.True(one.WorstResidual <= 1e-12, $"residual {one.WorstResidual}");
        foreach (int lanes in CrossbarSolver.MaxBlockLanes == 8 ? new[] { 4, 8 } : [4])
        {
            EffectiveMatrix.Result other = EffectiveMatrix.Compute(circuit, 2, 1e-13, lanes, 2000);
            Assert.Equal(one.Matrix, other.Matrix);
            Assert.Equal(one.WorstResidual, other.WorstResidual);
            Assert.Equal(one.CheckDeviation, other.CheckDeviation);
        }
    }

    [Fact]
    public void Solve_IsBitIdenticalOnOneThreadOrMany()
    {
        // 260 x 256 is above the size where chunks run in parallel; 1 ohm wires, Rs 0, a sink: every chunk path.
        var (circuit, v) = Case(260, 256, 0, 1, 1, 3, 1e-6, 1e-4, false, 3);
        SolveResult one = new CrossbarSolver(circuit, threads: 1).Solve(v);
        SolveResult many = new CrossbarSolver(circuit, threads: 4).Solve(v);
        Assert.True(one.RelativeResidual <= 1e-12, $"residual {one.RelativeResidual}");
        Assert.Equal(one.Iterations, many.Iterations);
        Assert.Equal(one.RelativeResidual, many.RelativeResidual);
        Assert.Equal(one.CurrentsA, many.CurrentsA);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Solve_LargeMergedWireCircuits_ConvergeIdenticallyOnAnyThreadCount(double rwRow, double rwCol)
    {
        // Above the parallel size, with a zero row (column) wire: merged nodes take the one-chunk paths.
        var (circuit, v) = Case(300, 300, 50, rwRow, rwCol, 2, 1e-6, 1e-4, false, 8);
        SolveResult one = new CrossbarSolver(circuit, threads: 1).Solve(v);
        SolveResult many = new CrossbarSolver(circuit, threads: 4).Solve(v);
        Assert.True(one.RelativeResidual <= 1e-12, $"residual {one.RelativeResidual}");
        Assert.Equal(one.CurrentsA, many.CurrentsA);
        double[] ideal = circuit.IdealCurrents(v);
        Assert.All(Enumerable.Range(0, 300), j => Assert.True(one.CurrentsA[j] > 0 && one.CurrentsA[j] <= ideal[j], $"column {j}"));
    }

    /// <summary>Runs ngspice on the circuit's netlist and reads the column currents back.</summary>
    internal static double[] Ngspice(CrossbarCircuit circuit, double[] v)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("crossbar.cir"), SpiceNetlist.Write(circuit, v));
        var psi = new ProcessStartInfo("ngspice") { WorkingDirectory = tmp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-b");
        psi.ArgumentList.Add("crossbar.cir");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ngspice (run scripts/setup.sh)");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var currents = new List<double>();
        for (int j0 = 0; j0 < circuit.Cols; j0 += SpiceNetlist.ColumnsPerFile)
        {
            string file = tmp.File($"cols_{j0:D5}.txt");
            Assert.True(File.Exists(file), $"ngspice wrote no {file}: {stderr.Result}");
            string data = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Skip(1).First();
            currents.AddRange(data.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)));
        }

        Assert.Equal(circuit.Cols, currents.Count);
        return [.. currents];
    }
}
