using ILGPU;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators.Kernels;

/// <summary>
/// The operators between crossbar layers on the device, one output element per work item, each written to its host operator's
/// arithmetic (the same operations in the same order, correctly rounded through <typeparamref name="TMath"/>), so a batch that stays on
/// the device gets the host's bits: ReLU and max pooling as .NET's MathF.Max (NaN kept, +0 above −0), average pooling as a float sum in
/// tap order divided once, global average pooling as a double sum in index order, the residual add, and the crossbar layers' lowering
/// (im2row) and layout change.
/// </summary>
internal static class TensorKernels
{
    /// <summary>.NET's MathF.Max: the NaN operand if either is NaN; of +0 and −0, +0.</summary>
    private static float Max<TMath>(float a, float b)
        where TMath : struct, IFusedMath
    {
        if (float.IsNaN(a))
        {
            return a;
        }

        if (float.IsNaN(b))
        {
            return b;
        }

        if (a > b)
        {
            return a;
        }

        return b > a ? b : TMath.AsFloat(TMath.AsInt(a) & TMath.AsInt(b));
    }

    public static void Relu<TMath>(Index1D i, ArrayView<float> x, ArrayView<float> y)
        where TMath : struct, IFusedMath => y[i] = Max<TMath>(x[i], 0f);

    /// <summary>y = a + b, b repeated every <paramref name="bLength"/> elements.</summary>
    public static void Add<TMath>(Index1D i, int bLength, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
        where TMath : struct, IFusedMath => y[i] = TMath.Add(a[i], b[i % bLength]);

    public static void Pool<TMath>(Index1D e, PoolArgs g, ArrayView<float> x, ArrayView<float> y)
        where TMath : struct, IFusedMath
    {
        int outPlane = g.OH * g.OW, p = e / outPlane, o = e - (p * outPlane), oy = o / g.OW, ox = o - (oy * g.OW);
        var rows = PoolWindow.At(oy, g.StrideH, g.PadTop, g.DilationH, g.KH, g.H, g.PaddedH);
        var cols = PoolWindow.At(ox, g.StrideW, g.PadLeft, g.DilationW, g.KW, g.W, g.PaddedW);
        long plane = (long)p * g.H * g.W;
        float acc = g.Max != 0 ? float.NegativeInfinity : 0f;
        for (int ki = rows.Lo; ki < rows.Hi; ki++)
        {
            long line = plane + ((long)(rows.Start + (ki * g.DilationH)) * g.W);
            for (int kj = cols.Lo; kj < cols.Hi; kj++)
            {
                float v = x[line + cols.Start + (kj * g.DilationW)];
                acc = g.Max != 0 ? Max<TMath>(acc, v) : TMath.Add(acc, v);
            }
        }

        if (g.Max == 0)
        {
            int divisor = g.CountIncludePad != 0 ? rows.Padded * cols.Padded : (rows.Hi - rows.Lo) * (cols.Hi - cols.Lo);
            acc = TMath.Divide(acc, divisor > 1 ? divisor : 1);
        }

        y[e] = acc;
    }

    public static void GlobalAveragePool<TMath>(Index1D p, int plane, ArrayView<float> x, ArrayView<float> y)
        where TMath : struct, IFusedMath
    {
        if (plane == 0)
        {
            y[p] = float.NaN;
            return;
        }

        double sum = 0;
        long start = (long)p.X * plane;
        for (int i = 0; i < plane; i++)
        {
            sum = TMath.AddDouble(sum, x[start + i]);
        }

        y[p] = (float)TMath.DivideDouble(sum, plane);
    }

    public static void Im2Row(Index1D e, Conv2dArgs g, int firstSample, ArrayView<float> x, ArrayView<float> rows)
    {
        int window = g.KH * g.KW, k = g.C * window, outPlane = g.OH * g.OW;
        int n = e / (outPlane * k), rem = e - (n * outPlane * k), pixel = rem / k, col = rem - (pixel * k);
        int oy = pixel / g.OW, ox = pixel - (oy * g.OW), c = col / window, tap = col - (c * window), ki = tap / g.KW, kj = tap - (ki * g.KW);
        int iy = (oy * g.StrideH) - g.PadTop + (ki * g.DilationH), ix = (ox * g.StrideW) - g.PadLeft + (kj * g.DilationW);
        rows[e] = (uint)iy < (uint)g.H && (uint)ix < (uint)g.W ? x[((((long)(firstSample + n) * g.C) + c) * g.H * g.W) + ((long)iy * g.W) + ix] : 0f;
    }

    /// <summary>One (image, membrane) of a spiking step: its channel groups in order; spikes counted into <paramref name="spikes"/>[0].</summary>
    public static void SpikingStep<TMath>(Index1D e, SpikingStepArgs g, ArrayView<float> x, ArrayView<float> membranes, ArrayView<float> y, ArrayView<long> spikes)
        where TMath : struct, IFusedMath
    {
        int image = e / g.PerGroup, i = e - (image * g.PerGroup);
        float v = membranes[e];
        long count = 0;
        for (int group = 0; group < g.Groups; group++)
        {
            long at = ((long)image * g.PerImage) + ((long)group * g.PerGroup) + i;
            float m = TMath.Add(TMath.Multiply(g.Leak, v), x[at]);
            bool spike = m >= g.Threshold;
            y[at] = spike ? g.SpikeValue : 0f;
            v = !spike ? m : g.Soft != 0 ? TMath.Subtract(m, g.Threshold) : 0f;
            count += spike ? 1 : 0;
        }

        membranes[e] = v;
        if (count != 0)
        {
            Atomic.Add(ref spikes[0], count);
        }
    }

    /// <summary>y[firstSample + i, j, p] = rows[i, p, j].</summary>
    public static void ToChannelMajor(Index1D e, int plane, int channels, int firstSample, ArrayView<float> rows, ArrayView<float> y)
    {
        int sample = e / (plane * channels), rem = e - (sample * plane * channels), p = rem / channels, j = rem - (p * channels);
        y[((((long)(firstSample + sample) * channels) + j) * plane) + p] = rows[e];
    }
}

/// <summary>A mapped layer's read around the arrays' reads (<see cref="CrossbarLayerReadArgs"/>) as kernel parameters.</summary>
internal readonly record struct LayerKernelArgs(int K, int N, float Sign, float InverseScale, float InputMax, int Analog, double Offset, int FirstPhase, float OutScale, int HasBias);

/// <summary>
/// The crossbar layer's steps around the arrays' reads on the device, written to <c>CrossbarLayerRuntime</c>'s host arithmetic: the DAC
/// codes of one input phase and their sums (one work item per input vector, the sum in double in index order: the host's for analog
/// inputs, and equal to its vectorised sum of integer codes), the offset correction and phase sign (one per output), the output scale and
/// bias (one per output).
/// </summary>
internal static class CrossbarLayerKernels
{
    public static void Quantise<TMath>(Index1D r, LayerKernelArgs g, ArrayView<float> x, ArrayView<float> q, ArrayView<double> sums)
        where TMath : struct, IFusedMath
    {
        long row = (long)r.X * g.K;
        double sum = 0;
        for (int i = 0; i < g.K; i++)
        {
            float t = TMath.Multiply(g.Sign, x[row + i]);
            float positive = float.IsNaN(t) ? t : (t > 0f ? t : 0f);
            float v = TMath.Multiply(positive, g.InverseScale);
            float value = v;
            if (g.Analog == 0)
            {
                float rounded = TMath.RoundEven(v);
                value = float.IsNaN(rounded) ? rounded : (rounded > g.InputMax ? g.InputMax : rounded);
            }

            q[row + i] = value;
            sum = TMath.AddDouble(sum, value);
        }

        sums[r] = sum;
    }

    /// <summary>y = (first phase ? +0 : y) + sign x (read − (float)(offset x sum)).</summary>
    public static void Combine<TMath>(Index1D e, LayerKernelArgs g, ArrayView<float> read, ArrayView<double> sums, ArrayView<float> y)
        where TMath : struct, IFusedMath
    {
        float offset = (float)TMath.MulDouble(g.Offset, sums[e / g.N]);
        float term = TMath.Multiply(g.Sign, TMath.Subtract(read[e], offset));
        y[e] = TMath.Add(g.FirstPhase != 0 ? 0f : y[e], term);
    }

    public static void ScaleBias<TMath>(Index1D e, LayerKernelArgs g, ArrayView<float> bias, ArrayView<float> y)
        where TMath : struct, IFusedMath
    {
        float v = TMath.Multiply(y[e], g.OutScale);
        y[e] = g.HasBias != 0 ? TMath.Add(v, bias[e % g.N]) : v;
    }
}
