using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Kernels;

/// <summary>
/// The GEMM family, run against every backend: shapes that hit every tail (0, 1, lanes - 1, lanes, lanes + 1, across the K block of
/// 256), transposes, accumulation and leading dimensions wider than the matrices: within float rounding of the reference, nothing
/// outside the views written, and CpuKernels' bits on the backends that promise them; bad buffers are argument errors.
/// </summary>
public abstract class GemmFamily
{
    protected abstract IComputeKernels Kernels { get; }

    /// <summary>The backend promises CpuKernels' bits (one FMA chain per output in K blocks of 256).</summary>
    protected virtual bool CpuBits => true;

    public static TheoryData<int, int, int, bool, bool, bool, int> Shapes => new()
    {
        { 1, 1, 1, false, false, false, 0 },
        { 0, 5, 3, false, false, false, 1 },
        { 4, 0, 3, false, false, false, 0 },
        { 3, 4, 0, false, false, false, 0 },
        { 3, 4, 0, false, false, true, 2 },
        { 15, 16, 17, false, false, false, 0 },
        { 17, 31, 33, true, false, false, 3 },
        { 13, 33, 255, false, true, false, 2 },
        { 12, 32, 256, true, true, true, 1 },
        { 11, 9, 257, false, false, true, 0 },
        { 25, 47, 600, false, false, false, 5 },
        { 6, 784, 25, false, false, false, 0 },
        { 29, 45, 260, true, true, true, 0 },
        { 150, 130, 513, false, true, true, 7 },
        { 7, 5000, 3, false, false, true, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_AnyShapeTransposeAndTail_MatchesTheReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, int pad)
    {
        var rng = new Random((m * 1000) + (n * 10) + k);
        var args = new GemmArgs(m, n, k, (transposeA ? m : k) + pad, (transposeB ? k : n) + pad, n + pad, transposeA, transposeB, accumulate);
        var (la, lb, lc) = args.RequiredLengths();
        float[] a = KernelData.Uniform(rng, la + 1), b = KernelData.Uniform(rng, lb + 1), c0 = KernelData.Uniform(rng, lc + 1);
        float[] reference = [.. c0], actual = [.. c0];
        new ReferenceKernels().Gemm(args, a, b, reference);
        Kernels.Gemm(args, a, b, actual);
        for (int i = 0; i < reference.Length; i++)
        {
            // Float accumulation over k terms of |a b| <= 1; elements outside the views stay as they were.
            Assert.True(Math.Abs(reference[i] - actual[i]) <= (1e-6 * k) + 1e-6, $"C[{i}]: {actual[i]} vs reference {reference[i]}");
        }

        if (CpuBits)
        {
            float[] cpu = [.. c0];
            new CpuKernels(1).Gemm(args, a, b, cpu);
            Assert.True(KernelData.SameBits(cpu, actual), "not CpuKernels' bits");
        }

        if (m > 0 && n > 0 && k > 0)
        {
            Assert.NotEqual(c0, actual);
        }
    }

    [Fact]
    public void Gemm_BadBuffers_AreArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => Kernels.Gemm(GemmArgs.Dense(4, 4, 4), new float[15], new float[16], new float[16]));
        Assert.Throws<ArgumentException>(() => Kernels.Gemm(new GemmArgs(2, 2, 2, 1, 2, 2), new float[4], new float[4], new float[4]));
    }
}

public sealed class ReferenceGemmTests : GemmFamily
{
    protected override IComputeKernels Kernels { get; } = new ReferenceKernels();

    protected override bool CpuBits => false;
}

public sealed class CpuGemmTests : GemmFamily
{
    protected override IComputeKernels Kernels { get; } = new CpuKernels(2);
}

public sealed class IlgpuCpuGemmTests(IlgpuCpuKernelsFixture fixture) : GemmFamily, IClassFixture<IlgpuCpuKernelsFixture>
{
    protected override IComputeKernels Kernels => fixture.Kernels;
}
