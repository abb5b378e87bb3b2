using IMCSim.Accelerators;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Kernels;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// What only the ILGPU crossbar read has, against CpuKernels bit for bit: planes kept resident read after read, and device buffers
/// reused from large reads to small ones and back (the read family itself runs in Tests/Kernels/CrossbarReadFamily.cs).
/// </summary>
public sealed class IlgpuCrossbarReadTests : IClassFixture<IlgpuDeviceTests.CpuAccelerator>
{
    private readonly IlgpuCrossbarRead _read;

    public IlgpuCrossbarReadTests(IlgpuDeviceTests.CpuAccelerator device) => _read = new IlgpuCrossbarRead(device.Device);

    [Fact]
    public void ResidentPlanes_GiveTheSameBits_ReadAfterRead()
    {
        // The planes stay on the device after the first read; new inputs each time, as a layer's batches.
        ReadCase c = ReadCase.Float(21, 70, 90, 48, 1, 8, false, true, 1, 1, CrossbarReadMode.Read);
        var cpu = new CpuKernels(2);
        for (int batch = 0; batch < 3; batch++)
        {
            float[] x = [.. c.Inputs.Select((v, i) => (float)((v + (batch * i)) % 256))];
            var expected = c.Run((a, _, g, v, rg, w, y, e, d, h, m) => cpu.CrossbarRead(a, x, g, v, rg, w, y, e, d, h, m), false);
            var actual = c.Run((a, _, g, v, rg, w, y, e, d, h, m) => _read.RunResident(a, x, g, v, rg, w, y, e, d, h, m), false);
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
            ReadCase c = ReadCase.Float(seed, rows, k, 64, 1, 8, false, true, 1, 1, calibrate ? CrossbarReadMode.Calibrate : CrossbarReadMode.Read);
            var expected = c.Run(cpu, calibrate);
            var actual = c.Run((a, x, g, v, rg, w, y, e, d, h, m) => _read.Run(a, x, g, v, rg, w, y, e, d, h, m), calibrate);
            Assert.Equal(expected.Y, actual.Y);
            Assert.Equal(expected.Energy, actual.Energy);
            Assert.Equal(expected.Driven, actual.Driven);
            Assert.Equal(expected.Histogram, actual.Histogram);
            Assert.Equal(expected.Max, actual.Max);
        }
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
