using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Simulator;

public sealed class KernelTests
{
    public static TheoryData<int, int, int, bool, bool, bool> GemmShapes() => new()
    {
        { 1, 1, 1, false, false, false },
        { 12, 32, 7, false, false, false },
        { 13, 33, 300, false, false, false },
        { 6, 784, 25, false, false, false },
        { 5, 31, 17, true, false, false },
        { 40, 70, 9, false, true, false },
        { 29, 45, 260, true, true, true },
        { 150, 130, 513, false, true, true },
        { 256, 120, 400, false, true, false },
        { 7, 5000, 3, false, false, true },
    };

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void CpuGemm_AnyShapeAndTranspose_MatchesReference(int m, int n, int k, bool ta, bool tb, bool accumulate)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c0 = Random(rng, m * n);
        var args = GemmArgs.Dense(m, n, k, ta, tb, accumulate);
        float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
        new ReferenceKernels().Gemm(args, a, b, expected);
        new CpuKernels(2).Gemm(args, a, b, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            // Float accumulation over k terms of |a b| <= 1: error bound ~ k * eps * sum|ab|.
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * k + 1e-6, $"C[{i}]: {actual[i]} vs reference {expected[i]}");
        }
    }

    [Fact]
    public void CpuGemm_LeadingDimensionsLargerThanShape_ReadsAndWritesOnlyTheViews()
    {
        int m = 20, n = 40, k = 30, lda = 37, ldb = 45, ldc = 50;
        var rng = new Random(7);
        float[] a = Random(rng, m * lda), b = Random(rng, k * ldb), c = Random(rng, m * ldc);
        float[] expected = (float[])c.Clone();
        var args = new GemmArgs(m, n, k, lda, ldb, ldc);
        new ReferenceKernels().Gemm(args, a, b, expected);
        new CpuKernels().Gemm(args, a, b, c);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                Assert.True(Math.Abs(expected[(i * ldc) + j] - c[(i * ldc) + j]) < 1e-4, $"C[{i},{j}]");
            }
        }
    }

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

    [Fact]
    public void Gemm_BuffersTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CpuKernels().Gemm(GemmArgs.Dense(4, 4, 4), new float[15], new float[16], new float[16]));
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
    public void CpuConv2d_Geometries_MatchDirectReferenceConvolution(Conv2dArgs args)
    {
        var rng = new Random(args.GetHashCode());
        float[] x = Random(rng, (int)args.InputLength), w = Random(rng, (int)args.WeightLength), bias = Random(rng, args.M);
        float[] expected = new float[args.OutputLength], actual = new float[args.OutputLength];
        new ReferenceKernels().Conv2d(args, x, w, bias, expected);
        new CpuKernels().Conv2d(args, x, w, bias, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"y[{i}]: {actual[i]} vs reference {expected[i]}");
        }
    }

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
