using IMCSim.Accelerators;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The ILGPU crossbar read on ILGPU's CPU accelerator against CpuKernels, bit for bit: outputs, cell energy, driven rows, and in
/// calibration the current histogram and the largest current. Conductances and variances are arbitrary floats (not exact
/// integers), so a sum taken in another order, another rounding or another normal would show.
/// </summary>
public sealed class IlgpuCrossbarReadTests : IClassFixture<IlgpuGemmTests.CpuAccelerator>
{
    private readonly IlgpuCrossbarRead _read;

    public IlgpuCrossbarReadTests(IlgpuGemmTests.CpuAccelerator device) => _read = new IlgpuCrossbarRead(device.Device);

    private sealed record Case(CrossbarReadArgs Args, float[] Inputs, float[] G, float[] V, float[] RowG, float[] Weights);

    private static Case RandomCase(int seed, int rows, int k, int arrayRows, int dacBits, int inputBits, bool analog, bool noisy, int quantise, int phases, CrossbarReadMode mode)
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
        return new Case(args, x, g, v, rowG, weights);
    }

    private static (float[] Y, double[] Energy, long[] Driven, long[] Histogram, float[] Max) Run(Action<CrossbarReadArgs, float[], float[], float[], float[], float[], float[], double[], long[], long[], float[]> read, Case c, bool calibrate)
    {
        var y = Enumerable.Repeat(float.NaN, c.Args.Rows * c.Args.N).ToArray();
        var energy = Enumerable.Repeat(1.5, c.Args.Tiles * c.Args.ColumnGroups).ToArray(); // the read adds to what is there
        var driven = Enumerable.Repeat(3L, c.Args.Tiles).ToArray();
        var histogram = calibrate ? new long[CurrentHistogram.Bins] : [];
        float[] max = calibrate ? [0.25f] : [];
        read(c.Args, c.Inputs, c.G, c.V, c.RowG, c.Weights, y, energy, driven, histogram, max);
        return (y, energy, driven, histogram, max);
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
    public void Read_OnTheCpuAccelerator_IsCpuKernelsBitForBit(int seed, int rows, int k, int arrayRows, int dacBits, int inputBits, bool analog, bool noisy, int quantise, int phases)
    {
        Case c = RandomCase(seed, rows, k, arrayRows, dacBits, inputBits, analog, noisy, quantise, phases, CrossbarReadMode.Read);
        var cpu = Run((a, x, g, v, rg, w, y, e, d, h, m) => new CpuKernels(2).CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), c, false);
        var gpu = Run((a, x, g, v, rg, w, y, e, d, h, m) => _read.Run(a, x, g, v, rg, w, y, e, d, h, m), c, false);
        Assert.Equal(cpu.Y, gpu.Y);
        Assert.Equal(cpu.Energy, gpu.Energy);
        Assert.Equal(cpu.Driven, gpu.Driven);
        Assert.True(cpu.Y.Distinct().Count() > Math.Min(5, cpu.Y.Length / 2), "too few distinct outputs: the test would not see a wrong sum");
    }

    [Fact]
    public void ResidentPlanes_GiveTheSameBits_ReadAfterRead()
    {
        // The planes stay on the device after the first read; new inputs each time, as a layer's batches.
        Case c = RandomCase(21, 70, 90, 48, 1, 8, false, true, 1, 1, CrossbarReadMode.Read);
        var cpu = new CpuKernels(2);
        for (int batch = 0; batch < 3; batch++)
        {
            float[] x = [.. c.Inputs.Select((v, i) => (float)((v + (batch * i)) % 256))];
            var expected = Run((a, _, g, v, rg, w, y, e, d, h, m) => cpu.CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), c, false);
            var actual = Run((a, _, g, v, rg, w, y, e, d, h, m) => _read.RunResident(a, x, g, v, rg, w, y, e, d, h, m), c, false);
            Assert.Equal(expected.Y, actual.Y);
            Assert.Equal(expected.Energy, actual.Energy);
            Assert.Equal(expected.Driven, actual.Driven);
        }
    }

    [Fact]
    public void ReusedDeviceBuffers_LargeSmallLargeAndCalibration_GiveTheSameBits()
    {
        // The device buffers grow to the largest call and are reused: a small read after a large one must not see its leftovers
        // (outputs, row counts, energy chunks, histogram), nor a large one after a small one.
        var cpu = new CpuKernels(2);
        foreach (var (seed, rows, k, calibrate) in new[] { (31, 300, 150, false), (32, 5, 20, true), (33, 2, 7, false), (34, 260, 180, true), (35, 1, 3, false) })
        {
            Case c = RandomCase(seed, rows, k, 64, 1, 8, false, true, 1, 1, calibrate ? CrossbarReadMode.Calibrate : CrossbarReadMode.Read);
            var expected = Run((a, x, g, v, rg, w, y, e, d, h, m) => cpu.CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), c, calibrate);
            var actual = Run((a, x, g, v, rg, w, y, e, d, h, m) => _read.Run(a, x, g, v, rg, w, y, e, d, h, m), c, calibrate);
            Assert.Equal(expected.Y, actual.Y);
            Assert.Equal(expected.Energy, actual.Energy);
            Assert.Equal(expected.Driven, actual.Driven);
            Assert.Equal(expected.Histogram, actual.Histogram);
            Assert.Equal(expected.Max, actual.Max);
        }
    }

    [Fact]
    public void Calibration_OnTheCpuAccelerator_CountsTheSameHistogramAndLargestCurrent()
    {
        Case c = RandomCase(11, 150, 80, 48, 1, 8, false, true, 1, 1, CrossbarReadMode.Calibrate);
        var cpu = Run((a, x, g, v, rg, w, y, e, d, h, m) => new CpuKernels(2).CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), c, true);
        var gpu = Run((a, x, g, v, rg, w, y, e, d, h, m) => _read.Run(a, x, g, v, rg, w, y, e, d, h, m), c, true);
        Assert.Equal(cpu.Y, gpu.Y);
        Assert.Equal(cpu.Histogram, gpu.Histogram);
        Assert.Equal(cpu.Max, gpu.Max);
        Assert.True(cpu.Histogram.Sum() > 1000);
    }

    [Fact]
    public void BadShapes_AreRejectedAsOnTheCpu()
    {
        Case c = RandomCase(12, 4, 8, 8, 1, 8, false, false, 1, 1, CrossbarReadMode.Read);
        Assert.Throws<ArgumentException>(() => _read.Run(c.Args, c.Inputs.AsSpan(1), c.G, c.V, c.RowG, c.Weights, new float[c.Args.Rows * c.Args.N], new double[c.Args.Tiles * c.Args.ColumnGroups], new long[c.Args.Tiles], [], []));
    }
}

/// <summary>The GPU check's conformance run (what scripts/gpu-check.sh runs on a GPU) on ILGPU's CPU accelerator: every case passes, and a broken backend fails it.</summary>
public sealed class KernelConformanceTests
{
    [Fact]
    public void IlgpuCpu_PassesEveryCase_AndAWrongBackendFails()
    {
        using var ilgpu = new IlgpuKernels(AcceleratorKind.Cpu);
        var results = KernelConformance.Run(ilgpu, new CpuKernels(2));
        Assert.Equal(14, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Kernel} {r.Case}: {r.Detail}"));
        Assert.All(results.Where(r => r.Kernel == "effective-matrix"), r => Assert.Equal("bit for bit", r.Detail));
        Assert.Contains(KernelConformance.Run(new ReferenceKernels(), new CpuKernels(2)), r => !r.Passed); // double sums: not CpuKernels' bits
    }
}
