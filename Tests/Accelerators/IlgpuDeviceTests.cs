using IMCSim.Accelerators;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The ILGPU device itself: every CUDA kernel compiled to PTX for sm_90 without a device and linted, and CUDA asked for on a machine
/// without one (the kernel families against every backend are in Tests/Kernels).
/// </summary>
public sealed class IlgpuDeviceTests
{
    public sealed class CpuAccelerator : IDisposable
    {
        public IlgpuDevice Device { get; } = IlgpuDevice.Open(AcceleratorKind.Cpu);

        public void Dispose() => Device.Dispose();
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
            foreach (string op in new[] { "add.f32", "sub.f32", "div.f32" })
            {
                Assert.DoesNotContain(op, text, StringComparison.Ordinal); // float adds and divisions: round-to-nearest forms only, never contracted
            }

            foreach (string op in new[] { "mul.f64", "add.f64", "sub.f64", "fma.f64", "mad.f64", "div.f64", "div.full", "sqrt.f64" })
            {
                Assert.DoesNotContain(op, text, StringComparison.Ordinal); // the solver's double operations: round-to-nearest forms only
            }
        }

        Assert.Contains("fma.rn.f32", ptx["gemm"], StringComparison.Ordinal);
        Assert.Contains("fma.rn.f64", ptx["effective-matrix"], StringComparison.Ordinal);
        Assert.Contains("div.rn.f64", ptx["effective-matrix"], StringComparison.Ordinal);
        Assert.Contains("div.rn.f32", ptx["pool"], StringComparison.Ordinal); // average pooling's one division
        Assert.Contains("cvt.rn.f32.f64", ptx["global-average-pool"], StringComparison.Ordinal); // the double mean rounded once
        Assert.Contains("cvt.rni.f32.f32", ptx["crossbar-quantise"], StringComparison.Ordinal); // DAC codes: round half to even
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
