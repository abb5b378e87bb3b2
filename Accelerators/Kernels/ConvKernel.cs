using ILGPU;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators.Kernels;

/// <summary>A convolution's geometry as a kernel parameter (blittable).</summary>
internal readonly record struct ConvKernelArgs(int N, int C, int H, int W, int M, int KH, int KW, int OH, int OW, int StrideH, int StrideW, int DilationH, int DilationW,
    int PadTop, int PadLeft, int Groups, int HasBias)
{
    public static ConvKernelArgs From(in Conv2dArgs a, bool hasBias) =>
        new(a.N, a.C, a.H, a.W, a.M, a.KH, a.KW, a.OH, a.OW, a.StrideH, a.StrideW, a.DilationH, a.DilationW, a.PadTop, a.PadLeft, a.Groups, hasBias ? 1 : 0);
}

/// <summary>
/// A direct 2-D convolution (NCHW, grouped, strided, dilated, zero-padded), one output per work item: the patch (channel, kernel row,
/// kernel column) summed in that order by FMA chains in blocks of <see cref="GemmKernel.BlockK"/> as the im2col GEMM sums it, then the
/// bias. Float inference, where CpuKernels' strategies differ in summation order too: compared within float tolerance, not bitwise.
/// </summary>
internal static class ConvKernel
{
    public static void Run<TMath>(Index1D index, ConvKernelArgs g, ArrayView<float> input, ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> output)
        where TMath : struct, IFusedMath
    {
        int ox = index.X % g.OW;
        int rest = index.X / g.OW;
        int oy = rest % g.OH;
        rest /= g.OH;
        int m = rest % g.M;
        int n = rest / g.M;
        int cg = g.C / g.Groups, mg = g.M / g.Groups, c0 = m / mg * cg;
        int patch = cg * g.KH * g.KW;
        float result = 0f, sum = 0f;
        for (int p = 0; p < patch; p++)
        {
            int c = p / (g.KH * g.KW), kk = p - (c * g.KH * g.KW), ki = kk / g.KW, kj = kk - (ki * g.KW);
            int iy = (oy * g.StrideH) - g.PadTop + (ki * g.DilationH);
            int ix = (ox * g.StrideW) - g.PadLeft + (kj * g.DilationW);
            float x = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? input[((((long)((n * g.C) + c0 + c) * g.H) + iy) * g.W) + ix] : 0f;
            sum = TMath.Fma(weights[((long)m * patch) + p], x, sum);
            if ((p + 1) % GemmKernel.BlockK == 0 || p + 1 == patch)
            {
                result = p < GemmKernel.BlockK ? sum : TMath.Add(result, sum);
                sum = 0f;
            }
        }

        if (g.HasBias != 0)
        {
            result = TMath.Add(result, bias[m]);
        }

        output[index.X] = result;
    }
}
