using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>CpuKernels' GEMM and convolution give the same bits on any thread count (the families in Tests/Kernels hold every backend to the reference).</summary>
public sealed class KernelTests
{
    [Fact]
    public void CpuGemm_OneThreadAndAllThreads_AreBitIdentical()
    {
        var rng = new Random(3);
        int m = 300, n = 257, k = 700;
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        float[] c1 = new float[m * n], c4 = new float[m * n];
        new CpuKernels(1).Gemm(GemmArgs.Dense(m, n, k), a, b, c1);
        new CpuKernels(4).Gemm(GemmArgs.Dense(m, n, k), a, b, c4);
        Assert.Equal(c1, c4);
    }

    public static TheoryData<Conv2dArgs> ConvShapes() => new()
    {
        new Conv2dArgs(3, 1, 28, 28, 6, 5, 5, 28, 28, 1, 1, 1, 1, 2, 2, 1),
        new Conv2dArgs(2, 6, 14, 14, 16, 5, 5, 10, 10, 1, 1, 1, 1, 0, 0, 1),
        new Conv2dArgs(2, 4, 9, 11, 6, 3, 3, 4, 5, 2, 2, 1, 1, 0, 0, 2),
        new Conv2dArgs(1, 3, 10, 10, 5, 3, 2, 5, 6, 2, 2, 2, 1, 1, 1, 1),
        new Conv2dArgs(5, 2, 1, 20, 3, 1, 4, 1, 9, 1, 2, 1, 1, 0, 1, 1),
        new Conv2dArgs(3, 3, 12, 9, 40, 3, 3, 12, 9, 1, 1, 1, 1, 1, 1, 1),
        new Conv2dArgs(2, 4, 11, 13, 10, 3, 3, 7, 9, 1, 1, 2, 2, 0, 0, 1),
        new Conv2dArgs(2, 32, 6, 6, 8, 3, 3, 6, 6, 1, 1, 1, 1, 1, 1, 1),
        new Conv2dArgs(4, 4, 7, 7, 4, 3, 3, 5, 5, 1, 1, 1, 1, 0, 0, 4),
    };

    [Theory]
    [MemberData(nameof(ConvShapes))]
    public void CpuConv2d_OneImageOrMany_OneThreadOrAll_AreBitIdentical(Conv2dArgs args)
    {
        var rng = new Random(11);
        float[] x = Random(rng, (int)args.InputLength), w = Random(rng, (int)args.WeightLength), bias = Random(rng, args.M);
        float[] one = new float[args.OutputLength], all = new float[args.OutputLength];
        new CpuKernels(1).Conv2d(args, x, w, bias, one);
        new CpuKernels(4).Conv2d(args, x, w, bias, all);
        Assert.Equal(one, all);

        // Image 0 alone (fewer work items than threads takes another code path) gives the same numbers.
        var single = args with { N = 1 };
        float[] alone = new float[single.OutputLength];
        new CpuKernels(4).Conv2d(single, x, w, bias, alone);
        Assert.Equal(one.AsSpan(0, alone.Length).ToArray(), alone);
    }

    private static float[] Random(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return v;
    }
}
