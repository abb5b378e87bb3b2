using IMCSim.Accelerators;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The ILGPU convolution on ILGPU's CPU accelerator against the reference kernels (double sums) and CpuKernels, within float
/// rounding, over strides, dilations, paddings, groups, a missing bias and patches longer than one K block.
/// </summary>
public sealed class IlgpuConv2dTests : IClassFixture<IlgpuGemmTests.CpuAccelerator>
{
    private readonly IlgpuConv2d _conv;

    public IlgpuConv2dTests(IlgpuGemmTests.CpuAccelerator device) => _conv = new IlgpuConv2d(device.Device);

    [Theory]
    [InlineData(2, 3, 9, 9, 4, 3, 3, 1, 1, 1, 1, true)]
    [InlineData(1, 1, 28, 28, 6, 5, 5, 1, 1, 2, 1, true)]
    [InlineData(2, 4, 8, 7, 6, 3, 3, 2, 1, 1, 2, false)]
    [InlineData(1, 6, 10, 10, 4, 3, 3, 1, 2, 0, 2, true)]
    [InlineData(1, 32, 6, 6, 3, 3, 3, 1, 1, 1, 1, true)]
    [InlineData(0, 2, 4, 4, 2, 3, 3, 1, 1, 1, 1, true)]
    public void Conv2d_OnTheCpuAccelerator_MatchesTheReferenceWithinFloatRounding(int n, int c, int h, int w, int m, int kh, int kw, int stride, int dilation, int pad, int groups, bool withBias)
    {
        int oh = ((h + (2 * pad) - (dilation * (kh - 1)) - 1) / stride) + 1, ow = ((w + (2 * pad) - (dilation * (kw - 1)) - 1) / stride) + 1;
        var args = new Conv2dArgs(n, c, h, w, m, kh, kw, oh, ow, stride, stride, dilation, dilation, pad, pad, groups);
        var random = new Random((c * 13) + h + m);
        float[] x = [.. Enumerable.Range(0, (int)args.InputLength).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] wts = [.. Enumerable.Range(0, (int)args.WeightLength).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] bias = withBias ? [.. Enumerable.Range(0, m).Select(_ => (float)random.NextDouble())] : [];
        var reference = new float[args.OutputLength];
        var cpu = new float[args.OutputLength];
        var gpu = Enumerable.Repeat(float.NaN, (int)args.OutputLength).ToArray();
        new ReferenceKernels().Conv2d(args, x, wts, bias, reference);
        new CpuKernels(2).Conv2d(args, x, wts, bias, cpu);
        _conv.Run(args, x, wts, bias, gpu);
        int patch = args.PatchLength;
        for (int i = 0; i < reference.Length; i++)
        {
            double tolerance = 4e-7 * patch * (1 + Math.Abs(reference[i]));
            Assert.True(Math.Abs(gpu[i] - reference[i]) <= tolerance, $"output {i}: ILGPU {gpu[i]}, reference {reference[i]}");
            Assert.True(Math.Abs(gpu[i] - cpu[i]) <= 2 * tolerance, $"output {i}: ILGPU {gpu[i]}, CpuKernels {cpu[i]}");
        }
    }

    [Fact]
    public void Conv2d_BadGeometry_IsRejectedAsOnTheCpu() =>
        Assert.Throws<ArgumentException>(() => _conv.Run(new Conv2dArgs(1, 3, 4, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 2), new float[48], new float[54], [], new float[16]));
}
