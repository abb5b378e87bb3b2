using IMCSim.Accelerators;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The ILGPU GEMM on ILGPU's CPU accelerator against CpuKernels, bit for bit, at sizes that hit every tail (0, 1, lanes - 1, lanes,
/// lanes + 1, across the K block of 256); its CUDA build compiled to PTX for sm_90 without a device and linted; and CUDA asked for
/// on a machine without one.
/// </summary>
public sealed class IlgpuGemmTests : IClassFixture<IlgpuGemmTests.CpuAccelerator>
{
    private readonly IlgpuGemm _gemm;

    public IlgpuGemmTests(CpuAccelerator device) => _gemm = new IlgpuGemm(device.Device);

    public sealed class CpuAccelerator : IDisposable
    {
        public IlgpuDevice Device { get; } = IlgpuDevice.Open(AcceleratorKind.Cpu);

        public void Dispose() => Device.Dispose();
    }

    [Theory]
    [InlineData(1, 1, 1, false, false, false)]
    [InlineData(0, 5, 3, false, false, false)]
    [InlineData(4, 0, 3, false, false, false)]
    [InlineData(3, 4, 0, false, false, false)]
    [InlineData(3, 4, 0, false, false, true)]
    [InlineData(15, 16, 17, false, false, false)]
    [InlineData(17, 31, 33, true, false, false)]
    [InlineData(13, 33, 255, false, true, false)]
    [InlineData(12, 32, 256, true, true, true)]
    [InlineData(11, 9, 257, false, false, true)]
    [InlineData(25, 47, 600, false, false, false)]
    public void Gemm_OnTheCpuAccelerator_IsCpuKernelsBitForBit(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var random = new Random((m * 31) + (n * 7) + k);
        // Leading dimensions wider than the matrices: strided operands and output rows.
        var args = new GemmArgs(m, n, k, (transposeA ? m : k) + 3, (transposeB ? k : n) + 2, n + 1, transposeA, transposeB, accumulate);
        var (la, lb, lc) = args.RequiredLengths();
        float[] a = [.. Enumerable.Range(0, (int)la + 1).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] b = [.. Enumerable.Range(0, (int)lb + 1).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] c0 = [.. Enumerable.Range(0, (int)lc + 1).Select(_ => (float)random.NextDouble())];
        float[] expected = [.. c0], actual = [.. c0];
        new CpuKernels(2).Gemm(args, a, b, expected);
        _gemm.Run(args, a, b, actual);
        Assert.Equal(expected, actual); // float[] equality: every bit (NaN-free here)
        if (m > 0 && n > 0 && k > 0)
        {
            Assert.NotEqual(c0, actual);
        }
    }

    [Fact]
    public void Gemm_BadArguments_AreRejectedAsOnTheCpu()
    {
        Assert.Throws<ArgumentException>(() => _gemm.Run(GemmArgs.Dense(4, 4, 4), new float[15], new float[16], new float[16]));
        Assert.Throws<ArgumentException>(() => _gemm.Run(new GemmArgs(2, 2, 2, 1, 2, 2), new float[4], new float[4], new float[4]));
    }

    [Fact]
    public void CudaKernels_CompileToPtxForSm90_WithoutExternalCallsOrApproximateInstructions()
    {
        var ptx = PtxKernels.Compile();
        Assert.NotEmpty(ptx);
        foreach (var (name, text) in ptx)
        {
            // ILGPU targets the lowest architecture covering the features used; it must run on sm_90 (an H100 or H200).
            var target = System.Text.RegularExpressions.Regex.Match(text, @"\.target sm_(\d+)");
            Assert.True(target.Success && int.Parse(target.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 90, $"{name}: {target.Value}");
            Assert.DoesNotContain("mul.f32", text, StringComparison.Ordinal); // an unfused product could be contracted into an FMA
            Assert.DoesNotContain(".extern .func", text, StringComparison.Ordinal); // a driver rejects calls of undefined functions
            Assert.DoesNotContain(".approx", text, StringComparison.Ordinal);
            Assert.DoesNotContain("mad.f32", text, StringComparison.Ordinal); // unfused or contracted multiply-adds would change the sums
            foreach (string op in new[] { "mul.f64", "add.f64", "sub.f64", "fma.f64", "mad.f64", "div.f64", "div.full", "sqrt.f64" })
            {
                Assert.DoesNotContain(op, text, StringComparison.Ordinal); // the solver's double operations: round-to-nearest forms only
            }
        }

        Assert.Contains("fma.rn.f32", ptx["gemm"], StringComparison.Ordinal);
        Assert.Contains("fma.rn.f64", ptx["effective-matrix"], StringComparison.Ordinal);
        Assert.Contains("div.rn.f64", ptx["effective-matrix"], StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_OnAMachineWithoutAGpu_IsAnErrorNamingTheOptionAndWhatWasLookedFor()
    {
        if (File.Exists("/dev/nvidiactl"))
        {
            using var gpu = IlgpuDevice.Open(AcceleratorKind.Cuda);
            Assert.Equal(AcceleratorKind.Cuda, gpu.Kind);
            Assert.StartsWith("CUDA driver", gpu.Driver, StringComparison.Ordinal);
            return;
        }

        var e = Assert.Throws<InputException>(() => IlgpuDevice.Open(AcceleratorKind.Cuda));
        Assert.StartsWith("--backend: cuda: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA", e.Message, StringComparison.Ordinal);
        Assert.Contains("cpu, ilgpu-cpu", e.Message, StringComparison.Ordinal);
    }
}
