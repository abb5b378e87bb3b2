using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>The crossbar-read kernel: CPU against the reference, the ADC's clipping and rounding, and the events it counts.</summary>
public sealed class CrossbarReadKernelTests
{
    private sealed record Case(CrossbarReadArgs Args, float[] Inputs, float[] G, float[] V, float[] RowG, float[] Weights);

    /// <summary>Integer digits and levels, dyadic variances: every sum is exact in float, so both kernels must agree bit for bit.</summary>
    private static Case RandomCase(int seed, int quantise, bool noisy, int dacBits, bool tallArrays = false, int inputBits = 8)
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

        return new Case(args, x, g, v, rowG, weights);
    }

    private static (float[] Y, double[] Energy, long[] Driven) Read(IComputeKernels kernels, Case c)
    {
        var y = new float[c.Args.Rows * c.Args.N];
        var energy = new double[c.Args.Tiles * c.Args.ColumnGroups];
        var driven = new long[c.Args.Tiles];
        kernels.CrossbarRead(c.Args, c.Inputs, c.G, c.V, c.RowG, c.Weights, y, energy, driven, [], []);
        return (y, energy, driven);
    }

    [Theory]
    [InlineData(1, 1, false, 1)]
    [InlineData(2, 1, true, 1)]
    [InlineData(3, 0, true, 2)]
    [InlineData(4, 1, true, 4)]
    [InlineData(5, 1, false, 8)]
    [InlineData(6, 0, false, 3)]
    public void CpuKernel_MatchesReferenceKernel(int seed, int quantise, bool noisy, int dacBits)
    {
        Case c = RandomCase(seed, quantise, noisy, dacBits);
        var (refY, refE, refD) = Read(new ReferenceKernels(), c);
        var (cpuY, cpuE, cpuD) = Read(new CpuKernels(2), c);
        Assert.Equal(refD, cpuD);
        for (int i = 0; i < refE.Length; i++)
        {
            Assert.Equal(refE[i], cpuE[i], 9);
        }

        // Quantised or noise-free reads sum integers (exact in float and double): bit for bit. Unquantised noisy
        // currents are summed over cycles and slices in float by the CPU kernel and in double by the reference.
        bool exact = quantise == 1 || !noisy;
        for (int i = 0; i < refY.Length; i++)
        {
            Assert.True(exact ? refY[i] == cpuY[i] : Math.Abs(refY[i] - cpuY[i]) <= 1e-2 + (1e-5 * Math.Abs(refY[i])), $"output {i}: reference {refY[i]}, cpu {cpuY[i]}");
        }
    }

    [Theory]
    [InlineData(12, 1, true, 12)]
    [InlineData(13, 1, false, 16)]
    public void CpuKernel_MatchesReferenceKernel_WithWideBitSerialInputs(int seed, int quantise, bool noisy, int inputBits)
    {
        // 0/1 digits of 12- and 16-bit codes: driven rows and cell energy count every set bit of every code.
        Case c = RandomCase(seed, quantise, noisy, 1, inputBits: inputBits);
        var (refY, refE, refD) = Read(new ReferenceKernels(), c);
        var (cpuY, cpuE, cpuD) = Read(new CpuKernels(2), c);
        Assert.Equal(refD, cpuD);
        Assert.Equal(refY, cpuY);
        for (int i = 0; i < refE.Length; i++)
        {
            Assert.Equal(refE[i], cpuE[i], 9);
        }
    }

    [Theory]
    [InlineData(7, 1, true)]
    [InlineData(8, 0, false)]
    [InlineData(9, 1, false)]
    public void CpuKernel_MatchesReferenceKernel_OnArraysTallerThanOneGemmBlock(int seed, int quantise, bool noisy)
    {
        // 0/1 digits on arrays of 260-600 rows: the selected-row sums run over several 256-row segments.
        Case c = RandomCase(seed, quantise, noisy, 1, tallArrays: true);
        var (refY, _, refD) = Read(new ReferenceKernels(), c);
        var (cpuY, _, cpuD) = Read(new CpuKernels(2), c);
        Assert.Equal(refD, cpuD);
        Assert.Equal(refY, cpuY);
    }

    [Fact]
    public void CpuKernel_OneThreadAndTwo_GiveIdenticalOutputsAndEvents()
    {
        Case c = RandomCase(11, 1, true, 2);
        var (y1, e1, d1) = Read(new CpuKernels(1), c);
        var (y2, e2, d2) = Read(new CpuKernels(2), c);
        Assert.Equal(y1, y2);
        Assert.Equal(e1, e2);
        Assert.Equal(d1, d2);
    }

    [Fact]
    public void Adc_ClipsBeyondFullScaleToTheExtremeCode_AndRoundsToNearest()
    {
        var adc = new AdcModel(4, signedCodes: true, fullScaleLevels: 7);
        Assert.Equal(7, adc.CodeMax);
        Assert.Equal(-7, adc.CodeMin);
        Assert.Equal(1.0, adc.LsbLevels);
        Assert.Equal(7f, adc.Convert(100f));
        Assert.Equal(-7f, adc.Convert(-100f));
        Assert.Equal(3f, adc.Convert(3.49f));
        Assert.Equal(4f, adc.Convert(3.51f));
        Assert.Equal(-2f, adc.Convert(-2.4f));
        var unsigned = new AdcModel(3, signedCodes: false, fullScaleLevels: 14);
        Assert.Equal(7, unsigned.CodeMax);
        Assert.Equal(0f, unsigned.Convert(-5f));
        Assert.Equal(7f, unsigned.Convert(15f));
        Assert.Equal(3f, unsigned.Convert(6.9f));

        // The kernel applies the same clamp and rounding: one row, one column of conductance 1, lsb 2 (inverse 0.5), codes -3..3.
        var args = new CrossbarReadArgs(4, 1, 1, 1, 1, 16, 1, 1, 8, 255, 1, 0.5f, -3, 3, 1, 0, 0, 1, 0, CrossbarReadMode.Read);
        var g = new float[16];
        g[0] = 1;
        var weights = new float[16];
        weights[0] = 1;
        var y = new float[4];
        foreach (IComputeKernels kernels in new IComputeKernels[] { new CpuKernels(1), new ReferenceKernels() })
        {
            kernels.CrossbarRead(args, [5, 100, 3, 0], g, [], [], weights, y, new double[1], new long[1], [], []);
            Assert.Equal([2f, 3f, 2f, 0f], y);
        }

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
        var g = new float[5 * 16];
        var weights = new float[2 * 2 * 16];
        foreach (IComputeKernels kernels in new IComputeKernels[] { new CpuKernels(2), new ReferenceKernels() })
        {
            var energy = new double[4];
            var driven = new long[2];
            kernels.CrossbarRead(args, x, g, [], rowG, weights, new float[4], energy, driven, [], []);

            // Driven rows: tile 0 has non-zero digits (row 0, c0), (row 2, c1) = 2; tile 1: (row 3, c0), (row 3, c1) = 2; the zero vector drives none.
            Assert.Equal([2L, 2L], driven);

            // Energy = 0.5 x sum digit^2 x G_row[group]: tile 0 group 0: 1x1 + 1x3 = 4 -> 2; group 1: 1x10 + 1x30 = 40 -> 20;
            // tile 1 group 0: (9 + 9) x 4 = 72 -> 36; group 1: 18 x 40 = 720 -> 360.
            Assert.Equal([2.0, 20.0, 36.0, 360.0], energy);
        }
    }
}
