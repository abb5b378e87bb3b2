using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Kernels;

/// <summary>One crossbar-read case: arguments and operands.</summary>
internal sealed record ReadCase(CrossbarReadArgs Args, float[] Inputs, float[] G, float[] V, float[] RowG, float[] Weights)
{
    /// <summary>Reads the case on <paramref name="kernels"/> into fresh buffers (the events start from non-zero values: a read adds to them).</summary>
    public (float[] Y, double[] Energy, long[] Driven, long[] Histogram, float[] Max) Run(IComputeKernels kernels, bool calibrate = false) =>
        Run((a, x, g, v, rg, w, y, e, d, h, m) => kernels.CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), calibrate);

    public (float[] Y, double[] Energy, long[] Driven, long[] Histogram, float[] Max) Run(Action<CrossbarReadArgs, float[], float[], float[], float[], float[], float[], double[], long[], long[], float[]> read, bool calibrate)
    {
        var y = Enumerable.Repeat(float.NaN, Args.Rows * Args.N).ToArray();
        var energy = Enumerable.Repeat(1.5, Args.Tiles * Args.ColumnGroups).ToArray();
        var driven = Enumerable.Repeat(3L, Args.Tiles).ToArray();
        var histogram = calibrate ? new long[CurrentHistogram.Bins] : [];
        float[] max = calibrate ? [0.25f] : [];
        read(Args, Inputs, G, V, RowG, Weights, y, energy, driven, histogram, max);
        return (y, energy, driven, histogram, max);
    }

    /// <summary>Integer digits and levels, dyadic variances: every sum is exact in float and double, so every backend gives the reference's outputs.</summary>
    public static ReadCase Exact(int seed, int quantise, bool noisy, int dacBits, bool tallArrays = false, int inputBits = 8)
    {
        var rng = new Random(seed);
        int rows = rng.Next(1, 300), k = tallArrays ? rng.Next(300, 800) : rng.Next(1, 200), arrayRows = tallArrays ? rng.Next(260, 600) : rng.Next(4, 80), n = rng.Next(1, 40), slices = rng.Next(1, 4);
        int width = ((slices * n) + 15) / 16 * 16, wpa = rng.Next(1, n + 1), cycles = (inputBits + dacBits - 1) / dacBits;
        var args = new CrossbarReadArgs(rows, k, arrayRows, n, slices, width, wpa, cycles, dacBits, (1 << dacBits) - 1, quantise, 1f / 3f, -31, 31,
            0xC0FFEEUL + (ulong)seed, rng.Next(0, 1000), 0, 1, 0.25, CrossbarReadMode.Read);
        float[] x = [.. Enumerable.Range(0, rows * k).Select(_ => (float)(rng.Next(3) == 0 ? 0 : rng.Next(0, 1 << inputBits)))];
        var g = new float[k * width];
        var v = new float[noisy ? k * width : 0];
        for (int i = 0; i < k; i++)
        {
            for (int c = 0; c < slices * n; c++)
            {
                g[(i * width) + c] = rng.Next(-3, 4);
                if (noisy)
                {
                    v[(i * width) + c] = rng.Next(0, 4) / 64f;
                }
            }
        }

        float[] rowG = [.. Enumerable.Range(0, k * args.ColumnGroups).Select(_ => (float)rng.Next(0, 100))];
        var weights = new float[args.Tiles * cycles * width];
        for (int t = 0; t < args.Tiles; t++)
        {
            for (int c = 0; c < cycles; c++)
            {
                for (int col = 0; col < slices * n; col++)
                {
                    weights[(((t * cycles) + c) * width) + col] = (1 << (c * dacBits)) * (1 << (2 * (col / n)));
                }
            }
        }

        return new ReadCase(args, x, g, v, rowG, weights);
    }

    /// <summary>Arbitrary float planes and variances: a sum taken in another order, another rounding or another normal would show.</summary>
    public static ReadCase Float(int seed, int rows, int k, int arrayRows, int dacBits, int inputBits, bool analog, bool noisy, int quantise, int phases, CrossbarReadMode mode)
    {
        var rng = new Random(seed);
        int n = rng.Next(1, 24), slices = rng.Next(1, 4), width = ((slices * n) + 15) / 16 * 16, wpa = rng.Next(1, n + 1);
        int cycles = analog ? 1 : (inputBits + dacBits - 1) / dacBits;
        var args = new CrossbarReadArgs(rows, k, arrayRows, n, slices, width, wpa, cycles, dacBits, analog ? 0 : (1 << dacBits) - 1, quantise, 7.3f, -31, 31,
            0xBEEFUL + (ulong)seed, rng.Next(0, 5000), phases - 1, phases, 0.37, mode);
        float[] x = [.. Enumerable.Range(0, rows * k).Select(_ => rng.Next(4) == 0 ? 0f : analog ? (float)rng.NextDouble() : rng.Next(0, 1 << inputBits))];
        var g = new float[k * width];
        var v = new float[noisy ? k * width : 0];
        for (int i = 0; i < k * width; i++)
        {
            g[i] = (float)((rng.NextDouble() * 2) - 1);
            if (noisy)
            {
                v[i] = (float)(rng.NextDouble() * 0.01);
            }
        }

        float[] rowG = [.. Enumerable.Range(0, k * args.ColumnGroups).Select(_ => (float)(rng.NextDouble() * 50))];
        float[] weights = [.. Enumerable.Range(0, args.Tiles * cycles * width).Select(_ => (float)(rng.NextDouble() * 4))];
        return new ReadCase(args, x, g, v, rowG, weights);
    }
}

/// <summary>
/// The crossbar-read family, run against every backend: exact-integer reads equal the reference's (outputs, driven rows, cell
/// energy) over ADC settings, DAC widths, wide bit-serial inputs and arrays taller than one K block; arbitrary float reads and
/// calibration reads (histogram, largest current) are CpuKernels' bits on the backends that promise them; the ADC's clamp and
/// rounding and the events of a read worked out by hand; bad shapes are argument errors.
/// </summary>
public abstract class CrossbarReadFamily
{
    protected abstract IComputeKernels Kernels { get; }

    /// <summary>The backend promises CpuKernels' bits on any planes (the reference sums in double instead).</summary>
    protected virtual bool CpuBits => true;

    [Theory]
    [InlineData(1, 1, false, 1)]
    [InlineData(2, 1, true, 1)]
    [InlineData(3, 0, true, 2)]
    [InlineData(4, 1, true, 4)]
    [InlineData(5, 1, false, 8)]
    [InlineData(6, 0, false, 3)]
    public void ExactReads_MatchTheReference(int seed, int quantise, bool noisy, int dacBits) =>
        AssertMatchesReference(ReadCase.Exact(seed, quantise, noisy, dacBits), quantise == 1 || !noisy);

    [Theory]
    [InlineData(12, 1, true, 12)]
    [InlineData(13, 1, false, 16)]
    public void WideBitSerialInputs_MatchTheReference(int seed, int quantise, bool noisy, int inputBits) =>
        AssertMatchesReference(ReadCase.Exact(seed, quantise, noisy, 1, inputBits: inputBits), exact: true);

    /// <summary>
    /// Input codes with bits above the read's cycles (6-bit reads of 8-bit codes, 8-bit reads of 10-bit codes): every backend reads
    /// only the cycles' bits, as the reference does, so a path that takes all of a code's bits (a bit-plane transpose of whole bytes)
    /// or that saturates codes while narrowing them to bytes (the AVX2 row masks) shows here.
    /// </summary>
    [Theory]
    [InlineData(31, true, 6)]
    [InlineData(32, false, 6)]
    [InlineData(33, true, 8)]
    [InlineData(34, false, 8)]
    public void CodesWiderThanTheCycles_ReadOnlyTheCyclesBits(int seed, bool noisy, int inputBits)
    {
        ReadCase narrow = ReadCase.Exact(seed, 1, noisy, 1, inputBits: inputBits);
        var rng = new Random(seed);
        float[] wide = [.. narrow.Inputs.Select(x => x + ((1 << inputBits) * rng.Next(0, 4)))];
        AssertMatchesReference(narrow with { Inputs = wide }, exact: true);
    }

    /// <summary>
    /// Noise of about a tenth of an LSB: most of a read's columns sit within 6 sigma of a code boundary, yet their normals rarely
    /// move them, so an early-out (a column converted from its mean without its normal) that is too bold changes codes here.
    /// </summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void NoiseOfATenthOfAnLsb_MatchesTheReference(int seed)
    {
        ReadCase c = ReadCase.Exact(seed, 1, noisy: true, dacBits: 1);
        for (int i = 0; i < c.V.Length; i++)
        {
            c.V[i] /= 16;
        }

        AssertMatchesReference(c, exact: true);
    }

    [Theory]
    [InlineData(7, 1, true)]
    [InlineData(8, 0, false)]
    [InlineData(9, 1, false)]
    public void ArraysTallerThanOneKBlock_MatchTheReference(int seed, int quantise, bool noisy) =>
        AssertMatchesReference(ReadCase.Exact(seed, quantise, noisy, 1, tallArrays: true), exact: true);

    /// <summary>Quantised or noise-free reads sum integers (exact in float and double): the reference's outputs. Unquantised noisy currents are summed in float here, in double by the reference.</summary>
    private void AssertMatchesReference(ReadCase c, bool exact)
    {
        var expected = c.Run(new ReferenceKernels());
        var actual = c.Run(Kernels);
        Assert.Equal(expected.Driven, actual.Driven);
        for (int i = 0; i < expected.Energy.Length; i++)
        {
            Assert.Equal(expected.Energy[i], actual.Energy[i], 9);
        }

        for (int i = 0; i < expected.Y.Length; i++)
        {
            Assert.True(exact ? expected.Y[i] == actual.Y[i] : Math.Abs(expected.Y[i] - actual.Y[i]) <= 1e-2 + (1e-5 * Math.Abs(expected.Y[i])), $"output {i}: reference {expected.Y[i]}, got {actual.Y[i]}");
        }
    }

    [Theory]
    [InlineData(1, 37, 50, 64, 1, 8, false, true, 1, 1)] // bit-serial, noisy, quantised (the default path)
    [InlineData(2, 300, 200, 96, 1, 8, false, true, 1, 2)] // several chunks and tiles, two input phases
    [InlineData(3, 130, 70, 70, 2, 8, false, true, 1, 1)] // 2-bit DAC digits (squares differ)
    [InlineData(4, 60, 120, 40, 1, 6, false, false, 1, 1)] // noiseless
    [InlineData(5, 45, 90, 30, 1, 8, false, true, 0, 1)] // noisy, unlimited ADC
    [InlineData(6, 50, 40, 16, 1, 1, true, true, 1, 1)] // analog inputs
    [InlineData(7, 20, 700, 600, 1, 4, false, true, 1, 1)] // a tile taller than one K block of 256
    [InlineData(8, 1, 1, 1, 1, 1, false, true, 1, 1)] // one of everything
    public void FloatReads_AreCpuKernelsBits(int seed, int rows, int k, int arrayRows, int dacBits, int inputBits, bool analog, bool noisy, int quantise, int phases)
    {
        ReadCase c = ReadCase.Float(seed, rows, k, arrayRows, dacBits, inputBits, analog, noisy, quantise, phases, CrossbarReadMode.Read);
        var cpu = c.Run(new CpuKernels(1));
        var actual = c.Run(Kernels);
        Assert.True(cpu.Y.Distinct().Count() > Math.Min(5, cpu.Y.Length / 2), "too few distinct outputs: the test would not see a wrong sum");
        Assert.Equal(cpu.Driven, actual.Driven);
        if (CpuBits)
        {
            // (The reference's double sums may move a current across an ADC code boundary: it is held to the exact cases.)
            Assert.True(KernelData.SameBits(cpu.Y, actual.Y), "outputs are not CpuKernels' bits");
            Assert.Equal(cpu.Energy, actual.Energy);
        }
    }

    [Fact]
    public void CalibrationReads_CountCpuKernelsHistogramAndLargestCurrent()
    {
        ReadCase c = ReadCase.Float(11, 150, 80, 48, 1, 8, false, true, 1, 1, CrossbarReadMode.Calibrate);

        // The plane's padding columns hold zero conductance, as a programmed layer's do.
        int used = c.Args.Slices * c.Args.N;
        c = c with { G = [.. c.G.Select((g, i) => i % c.Args.Width < used ? g : 0f)] };
        var cpu = c.Run(new CpuKernels(1), calibrate: true);
        var actual = c.Run(Kernels, calibrate: true);
        Assert.True(cpu.Histogram.Sum() > 1000);

        // Bin 0 (zero currents, which the ADC calibration ignores) also counts CpuKernels' padding columns; the rest is the same everywhere.
        Assert.Equal(cpu.Histogram.Skip(1).Sum(), actual.Histogram.Skip(1).Sum());
        Assert.Equal(cpu.Max[0], actual.Max[0], 1e-5 * cpu.Max[0]);
        if (CpuBits)
        {
            Assert.True(KernelData.SameBits(cpu.Y, actual.Y));
            Assert.Equal(cpu.Histogram, actual.Histogram);
            Assert.Equal(cpu.Max, actual.Max);
        }
    }

    [Fact]
    public void Adc_ClampsAndRoundsToNearest()
    {
        // One row, one column of conductance 1, lsb 2 (inverse 0.5), codes -3..3: 5 -> 2.5 -> 2 (ties to even), 100 -> 3 (clamped), 3 -> 1.5 -> 2.
        var args = new CrossbarReadArgs(4, 1, 1, 1, 1, 16, 1, 1, 8, 255, 1, 0.5f, -3, 3, 1, 0, 0, 1, 0, CrossbarReadMode.Read);
        var g = new float[16];
        g[0] = 1;
        var weights = new float[16];
        weights[0] = 1;
        var y = new float[4];
        Kernels.CrossbarRead(args, [5, 100, 3, 0], g, [], [], weights, y, new double[1], new long[1], [], []);
        Assert.Equal([2f, 3f, 2f, 0f], y);
    }

    [Fact]
    public void Events_OfAHandMadeRead_MatchTheCountWorkedOutByHand()
    {
        // K = 5 rows in tiles of 3 (tiles: rows 0-2, 3-4), N = 2 outputs, 1 slice, one output per array (2 column groups),
        // 4-bit inputs read 2 bits per cycle (2 cycles), two input vectors.
        var args = new CrossbarReadArgs(2, 5, 3, 2, 1, 16, 1, 2, 2, 3, 0, 1, 0, 0, 7, 0, 0, 1, 0.5, CrossbarReadMode.Read);
        // Vector 0: x = [1, 0, 4, 15, 0] -> cycle digits c0 = [1,0,0,3,0], c1 = [0,0,1,3,0]; vector 1: all zero.
        float[] x = [1, 0, 4, 15, 0, 0, 0, 0, 0, 0];
        float[] rowG = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50];
        var energy = new double[4];
        var driven = new long[2];
        Kernels.CrossbarRead(args, x, new float[5 * 16], [], rowG, new float[2 * 2 * 16], new float[4], energy, driven, [], []);

        // Driven rows: tile 0 has non-zero digits (row 0, c0), (row 2, c1) = 2; tile 1: (row 3, c0), (row 3, c1) = 2; the zero vector drives none.
        Assert.Equal([2L, 2L], driven);

        // Energy = 0.5 x sum digit^2 x G_row[group]: tile 0 group 0: 1x1 + 1x3 = 4 -> 2; group 1: 1x10 + 1x30 = 40 -> 20;
        // tile 1 group 0: (9 + 9) x 4 = 72 -> 36; group 1: 18 x 40 = 720 -> 360.
        Assert.Equal([2.0, 20.0, 36.0, 360.0], energy);
    }

    [Fact]
    public void BadShapes_AreArgumentErrors()
    {
        ReadCase c = ReadCase.Float(12, 4, 8, 8, 1, 8, false, false, 1, 1, CrossbarReadMode.Read);
        Assert.Throws<ArgumentException>(() => Kernels.CrossbarRead(c.Args, c.Inputs.AsSpan(1), c.G, c.V, c.RowG, c.Weights, new float[c.Args.Rows * c.Args.N],
            new double[c.Args.Tiles * c.Args.ColumnGroups], new long[c.Args.Tiles], [], []));
    }
}

public sealed class ReferenceCrossbarReadTests : CrossbarReadFamily
{
    protected override IComputeKernels Kernels { get; } = new ReferenceKernels();

    protected override bool CpuBits => false;
}

/// <summary>CpuKernels on two threads against one (the bits promised on any thread count).</summary>
public sealed class CpuCrossbarReadTests : CrossbarReadFamily
{
    protected override IComputeKernels Kernels { get; } = new CpuKernels(2);
}

public sealed class IlgpuCpuCrossbarReadTests(IlgpuCpuKernelsFixture fixture) : CrossbarReadFamily, IClassFixture<IlgpuCpuKernelsFixture>
{
    protected override IComputeKernels Kernels => fixture.Kernels;
}
