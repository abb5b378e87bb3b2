using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators;

/// <summary>One kernel case compared between two backends.</summary>
public sealed record ConformanceResult(string Kernel, string Case, bool Passed, string Detail);

/// <summary>
/// Every kernel of a candidate backend against a reference backend (CpuKernels) on seeded random cases at small sizes: the GEMM and the
/// crossbar read (outputs, energy, driven rows; calibration histogram and largest current) bit for bit, the convolution within float
/// rounding; with a candidate that solves circuits (<see cref="IEffectiveMatrixSolver"/>), effective matrices against the CPU's block
/// solves, promised within 1e-12 relative to each matrix's largest entry and reported bit for bit when they are. What the GPU check
/// script runs on a GPU machine, and the test suite on ILGPU's CPU accelerator.
/// </summary>
public static class KernelConformance
{
    public static IReadOnlyList<ConformanceResult> Run(IComputeKernels candidate, IComputeKernels reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        var results = new List<ConformanceResult>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (17, 33, 257), (64, 96, 600) })
        {
            var rng = new Random((m * 7) + n + k);
            var args = GemmArgs.Dense(m, n, k);
            float[] a = Random(rng, m * k), b = Random(rng, k * n);
            float[] c1 = new float[m * n], c2 = new float[m * n];
            reference.Gemm(args, a, b, c1);
            candidate.Gemm(args, a, b, c2);
            int differ = c1.Where((v, i) => BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(c2[i])).Count();
            results.Add(new("gemm", $"{m}x{n}x{k}", differ == 0, differ == 0 ? "bit for bit" : $"{differ} of {c1.Length} outputs differ"));
        }

        foreach (var (c, size, mOut, stride, groups) in new[] { (3, 12, 8, 1, 1), (8, 9, 6, 2, 2) })
        {
            var rng = new Random(c + size);
            int oh = ((size + 2 - 3) / stride) + 1;
            var args = new Conv2dArgs(2, c, size, size, mOut, 3, 3, oh, oh, stride, stride, 1, 1, 1, 1, groups);
            float[] x = Random(rng, (int)args.InputLength), w = Random(rng, (int)args.WeightLength), bias = Random(rng, mOut);
            float[] y1 = new float[args.OutputLength], y2 = new float[args.OutputLength];
            reference.Conv2d(args, x, w, bias, y1);
            candidate.Conv2d(args, x, w, bias, y2);
            double worst = y1.Select((v, i) => Math.Abs(v - y2[i]) / (1 + Math.Abs(v))).Max();
            double tolerance = 1e-6 * args.PatchLength;
            results.Add(new("conv2d", $"{c}x{size}x{size} -> {mOut}, stride {stride}, groups {groups}", worst <= tolerance, $"largest relative difference {worst:G3} (tolerance {tolerance:G3})"));
        }

        foreach (var (seed, rows, kIn, arrayRows, dacBits, analog, noisy, mode) in new[]
        {
            (1, 300, 200, 96, 1, false, true, CrossbarReadMode.Read),
            (2, 90, 120, 64, 2, false, true, CrossbarReadMode.Read),
            (3, 60, 40, 40, 1, true, false, CrossbarReadMode.Read),
            (4, 150, 80, 48, 1, false, false, CrossbarReadMode.Calibrate),
        })
        {
            string name = $"{rows} vectors, K {kIn}, {arrayRows}-row arrays, {(analog ? "analog" : $"{dacBits}-bit digits")}, {(noisy ? "noisy" : "noiseless")}, {mode.ToString().ToLowerInvariant()}";
            var (args, x, g, v, rowG, weights) = ReadCase(seed, rows, kIn, arrayRows, dacBits, analog, noisy, mode);
            bool calibrate = mode == CrossbarReadMode.Calibrate;
            var one = Read(reference, args, x, g, v, rowG, weights, calibrate);
            var two = Read(candidate, args, x, g, v, rowG, weights, calibrate);
            bool same = one.Y.Select(BitConverter.SingleToInt32Bits).SequenceEqual(two.Y.Select(BitConverter.SingleToInt32Bits))
                && one.Energy.SequenceEqual(two.Energy) && one.Driven.SequenceEqual(two.Driven) && one.Histogram.SequenceEqual(two.Histogram) && one.Max.SequenceEqual(two.Max);
            results.Add(new("crossbar-read", name, same, same ? "bit for bit (outputs, energy, driven rows" + (calibrate ? ", histogram, largest current)" : ")") : "differs"));
        }

        if (candidate is IEffectiveMatrixSolver solver)
        {
            results.AddRange(EffectiveMatrices(solver));
        }

        return results;
    }

    /// <summary>Relative tolerance promised for effective matrices off the CPU (of each matrix's largest |entry|).</summary>
    public const double EffectiveMatrixTolerance = 1e-12;

    private static IEnumerable<ConformanceResult> EffectiveMatrices(IEffectiveMatrixSolver solver)
    {
        var circuits = new List<(string Name, CrossbarCircuit Circuit)>();
        foreach (var (seed, rows, cols, rs, rw, rsink) in new[] { (1, 33, 17, 50.0, 2.0, 0.0), (2, 16, 16, 0.0, 1.0, 20.0), (3, 1, 9, 10.0, 1.0, 0.0), (4, 12, 1, 10.0, 1.0, 5.0), (5, 64, 48, 20.0, 1.5, 10.0) })
        {
            var rng = new Random(seed);
            double[] g = [.. Enumerable.Range(0, rows * cols).Select(_ => 1e-6 + (1e-4 * rng.NextDouble()))];
            circuits.Add(($"{rows}x{cols}, source {rs:G3} ohm, wires {rw:G3} ohm, sink {rsink:G3} ohm", new CrossbarCircuit(rows, cols, g, rs, rw, rw, rsink)));
        }

        // All circuits in one call, as a network's arrays are solved.
        IReadOnlyList<EffectiveMatrix.Result> actual = solver.Compute([.. circuits.Select(c => c.Circuit)], EffectiveMatrix.DefaultTolerance, EffectiveMatrix.DefaultMaxIterations);
        for (int c = 0; c < circuits.Count; c++)
        {
            double[] expected = EffectiveMatrix.Compute(circuits[c].Circuit).Matrix, got = actual[c].Matrix;
            double scale = expected.Max(Math.Abs), worst = expected.Select((v, i) => Math.Abs(v - got[i]) / scale).Max();
            bool bits = expected.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(got.Select(BitConverter.DoubleToInt64Bits));
            yield return new("effective-matrix", circuits[c].Name, worst <= EffectiveMatrixTolerance,
                bits ? "bit for bit" : $"largest relative difference {worst:G3} (tolerance {EffectiveMatrixTolerance:G0})");
        }
    }

    private static float[] Random(Random rng, int length) => [.. Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() * 2) - 1))];

    private static (CrossbarReadArgs, float[], float[], float[], float[], float[]) ReadCase(int seed, int rows, int k, int arrayRows, int dacBits, bool analog, bool noisy, CrossbarReadMode mode)
    {
        var rng = new Random(seed);
        int n = 12, slices = 2, width = 32, cycles = analog ? 1 : 8 / dacBits;
        var args = new CrossbarReadArgs(rows, k, arrayRows, n, slices, width, 5, cycles, dacBits, analog ? 0 : (1 << dacBits) - 1, 1, 7.3f, -31, 31, 0xFEEDUL + (ulong)seed, 1000, 0, 1, 0.37, mode);
        float[] x = [.. Enumerable.Range(0, rows * k).Select(_ => rng.Next(4) == 0 ? 0f : analog ? (float)rng.NextDouble() : rng.Next(0, 256))];
        float[] g = Random(rng, k * width);
        float[] v = noisy ? [.. Enumerable.Range(0, k * width).Select(_ => (float)(rng.NextDouble() * 0.01))] : [];
        float[] rowG = [.. Enumerable.Range(0, k * args.ColumnGroups).Select(_ => (float)(rng.NextDouble() * 50))];
        float[] weights = [.. Enumerable.Range(0, args.Tiles * cycles * width).Select(_ => (float)(rng.NextDouble() * 4))];
        return (args, x, g, v, rowG, weights);
    }

    private static (float[] Y, double[] Energy, long[] Driven, long[] Histogram, float[] Max) Read(IComputeKernels kernels, CrossbarReadArgs args, float[] x, float[] g, float[] v, float[] rowG, float[] weights, bool calibrate)
    {
        var y = new float[args.Rows * args.N];
        var energy = new double[args.Tiles * args.ColumnGroups];
        var driven = new long[args.Tiles];
        var histogram = calibrate ? new long[CurrentHistogram.Bins] : [];
        float[] max = calibrate ? [0f] : [];
        kernels.CrossbarRead(args, x, g, v, rowG, weights, y, energy, driven, histogram, max);
        return (y, energy, driven, histogram, max);
    }
}
