using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>The crossbar's input vectors of a convolution against the definition, tap by tap.</summary>
public sealed class Im2RowTests
{
    /// <summary>
    /// rows[(n, oy, ox), (c, ki, kj)] = x[first + n, c, oy s - pad + ki d, ox s - pad + kj d], 0 outside the image. Kernels 1 to 9
    /// wide cover the copy of a window wholly inside the row four taps at a time and its remainder (LeNet's 5-wide kernels: one
    /// four-tap move and one tap); padding, strides and dilation cover the tap-by-tap path beside it.
    /// </summary>
    [Theory]
    [InlineData(1, 7, 9, 3, 5, 1, 0, 1)]
    [InlineData(2, 12, 12, 5, 5, 1, 2, 1)]
    [InlineData(3, 9, 11, 4, 4, 2, 1, 1)]
    [InlineData(1, 10, 13, 7, 7, 1, 3, 1)]
    [InlineData(2, 9, 12, 2, 9, 1, 0, 1)]
    [InlineData(2, 11, 11, 3, 6, 1, 1, 2)]
    [InlineData(4, 5, 5, 1, 1, 1, 0, 1)]
    [InlineData(2, 8, 8, 3, 3, 2, 1, 1)]
    public void Rows_EqualTheDefinitionTapByTap(int c, int h, int w, int kh, int kw, int stride, int pad, int dilation)
    {
        int oh = ((h + (2 * pad) - (dilation * (kh - 1)) - 1) / stride) + 1, ow = ((w + (2 * pad) - (dilation * (kw - 1)) - 1) / stride) + 1;
        int stored = 3, first = 1, samples = 2, k = c * kh * kw;
        var args = new Conv2dArgs(samples, c, h, w, 4, kh, kw, oh, ow, stride, stride, dilation, dilation, pad, pad, 1);
        var random = new Random((c * 1000) + (kh * 100) + kw);
        float[] x = [.. Enumerable.Range(0, stored * c * h * w).Select(_ => (float)random.NextDouble() - 0.5f)];
        float[] rows = [.. Enumerable.Repeat(float.NaN, samples * oh * ow * k)];
        Im2Row.Run(args, x, rows, 2, first);

        for (int n = 0; n < samples; n++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int row = (((n * oh) + oy) * ow) + ox;
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int ki = 0; ki < kh; ki++)
                        {
                            for (int kj = 0; kj < kw; kj++)
                            {
                                int iy = (oy * stride) - pad + (ki * dilation), ix = (ox * stride) - pad + (kj * dilation);
                                float expected = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0f : x[((((first + n) * c) + ch) * h * w) + (iy * w) + ix];
                                float actual = rows[(row * k) + (((ch * kh) + ki) * kw) + kj];
                                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"sample {n}, pixel ({oy}, {ox}), tap ({ch}, {ki}, {kj}): {actual}, expected {expected}");
                            }
                        }
                    }
                }
            }
        }
    }
}
