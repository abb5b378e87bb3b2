using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Kernels;

/// <summary>
/// The convolution family, run against every backend: strides, dilations, paddings, groups, non-square kernels, a missing bias,
/// patches longer than one K block and an empty batch, within float rounding of the reference (double sums) and of CpuKernels;
/// an impossible geometry is an argument error.
/// </summary>
public abstract class Conv2dFamily
{
    protected abstract IComputeKernels Kernels { get; }

    public static TheoryData<Conv2dArgs, bool> Geometries => new()
    {
        { new Conv2dArgs(3, 1, 28, 28, 6, 5, 5, 28, 28, 1, 1, 1, 1, 2, 2, 1), true },
        { new Conv2dArgs(2, 6, 14, 14, 16, 5, 5, 10, 10, 1, 1, 1, 1, 0, 0, 1), true },
        { new Conv2dArgs(2, 4, 9, 11, 6, 3, 3, 4, 5, 2, 2, 1, 1, 0, 0, 2), false },
        { new Conv2dArgs(1, 3, 10, 10, 5, 3, 2, 5, 6, 2, 2, 2, 1, 1, 1, 1), true },
        { new Conv2dArgs(5, 2, 1, 20, 3, 1, 4, 1, 9, 1, 2, 1, 1, 0, 1, 1), true },
        { new Conv2dArgs(3, 3, 12, 9, 40, 3, 3, 12, 9, 1, 1, 1, 1, 1, 1, 1), true },
        { new Conv2dArgs(2, 4, 11, 13, 10, 3, 3, 7, 9, 1, 1, 2, 2, 0, 0, 1), false },
        { new Conv2dArgs(2, 32, 6, 6, 8, 3, 3, 6, 6, 1, 1, 1, 1, 1, 1, 1), true },
        { new Conv2dArgs(4, 4, 7, 7, 4, 3, 3, 5, 5, 1, 1, 1, 1, 0, 0, 4), true },
        { new Conv2dArgs(0, 2, 4, 4, 2, 3, 3, 4, 4, 1, 1, 1, 1, 1, 1, 1), true },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2d_Geometries_MatchTheReferenceAndCpuKernels(Conv2dArgs args, bool withBias)
    {
        var rng = new Random((args.C * 13) + args.H + args.M + args.N);
        float[] x = KernelData.Uniform(rng, args.InputLength), w = KernelData.Uniform(rng, args.WeightLength), bias = withBias ? KernelData.Uniform(rng, args.M) : [];
        float[] reference = new float[args.OutputLength], cpu = new float[args.OutputLength];
        float[] actual = Enumerable.Repeat(float.NaN, (int)args.OutputLength).ToArray();
        new ReferenceKernels().Conv2d(args, x, w, bias, reference);
        new CpuKernels(1).Conv2d(args, x, w, bias, cpu);
        Kernels.Conv2d(args, x, w, bias, actual);
        for (int i = 0; i < reference.Length; i++)
        {
            double tolerance = 4e-7 * args.PatchLength * (1 + Math.Abs(reference[i]));
            Assert.True(Math.Abs(actual[i] - reference[i]) <= tolerance, $"y[{i}]: {actual[i]} vs reference {reference[i]}");
            Assert.True(Math.Abs(actual[i] - cpu[i]) <= 2 * tolerance, $"y[{i}]: {actual[i]} vs CpuKernels {cpu[i]}");
        }
    }

    [Fact]
    public void Conv2d_BadGeometry_IsAnArgumentError() =>
        Assert.Throws<ArgumentException>(() => Kernels.Conv2d(new Conv2dArgs(1, 3, 4, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 2), new float[48], new float[54], [], new float[16]));
}

public sealed class ReferenceConv2dTests : Conv2dFamily
{
    protected override IComputeKernels Kernels { get; } = new ReferenceKernels();
}

public sealed class CpuConv2dTests : Conv2dFamily
{
    protected override IComputeKernels Kernels { get; } = new CpuKernels(2);
}

public sealed class IlgpuCpuConv2dTests(IlgpuCpuKernelsFixture fixture) : Conv2dFamily, IClassFixture<IlgpuCpuKernelsFixture>
{
    protected override IComputeKernels Kernels => fixture.Kernels;
}
