using System.Runtime.CompilerServices;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>Max and average pooling over 1-D or 2-D windows, one (n, c) plane at a time, planes in parallel.</summary>
internal static class Pooling
{
    public static Tensor Run(Tensor x, WindowGeometry geometry, bool max, bool countIncludePad, OperatorContext context)
    {
        var xs = Spatial2D.Of(x.Shape, $"{(max ? "MaxPool" : "AveragePool")} input X");
        int[] kernel = geometry.KernelShape ?? throw new OperatorException("kernel_shape is required");
        if (kernel.Length != x.Rank - 2)
        {
            throw new OperatorException($"kernel_shape has {kernel.Length} dims but X has {x.Rank - 2} spatial dims");
        }

        ResolvedWindow win = Spatial2D.Lift(geometry.Resolve(x.Shape.AsSpan(2), kernel));
        int[] k2 = Spatial2D.Lift(kernel, 1);
        var g = new PlaneGeometry(
            xs.W,
            win.Output[0],
            win.Output[1],
            win.Dilations[0],
            win.Dilations[1],
            Windows(win.Output[0], win.Strides[0], win.PadBegin[0], win.Dilations[0], k2[0], xs.H, xs.H + win.PadEnd[0]),
            Windows(win.Output[1], win.Strides[1], win.PadBegin[1], win.Dilations[1], k2[1], xs.W, xs.W + win.PadEnd[1]));
        int planes = xs.N * xs.C, inPlane = xs.Plane, outPlane = g.OH * g.OW;
        int[] outputShape = xs.OutputShape(xs.C, win.Output, x.Rank);
        if (context.DeviceOf(x) is { } device)
        {
            var args = new PoolArgs(planes, xs.H, xs.W, g.OH, g.OW, k2[0], k2[1], win.Strides[0], win.Strides[1], win.PadBegin[0], win.PadBegin[1], g.DH, g.DW,
                xs.H + win.PadEnd[0], xs.W + win.PadEnd[1], max ? 1 : 0, countIncludePad ? 1 : 0);
            IDeviceBuffer output = device.Allocate(checked(planes * outPlane));
            device.Pool(args, x.Device!, output);
            return Tensor.OnDevice(outputShape, output);
        }

        float[] src = x.Data;
        float[] y = context.Allocate(checked(planes * outPlane));
        int chunks = Math.Min(planes, Environment.ProcessorCount * 4);
        Parallel.For(0, chunks, chunk =>
        {
            int p0 = (int)((long)planes * chunk / chunks), p1 = (int)((long)planes * (chunk + 1) / chunks);
            for (int p = p0; p < p1; p++)
            {
                Plane(src.AsSpan(p * inPlane, inPlane), y.AsSpan(p * outPlane, outPlane), g, max, countIncludePad);
            }
        });
        return Tensor.FromFloat(outputShape, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Plane(ReadOnlySpan<float> input, Span<float> output, PlaneGeometry g, bool max, bool countIncludePad)
    {
        if (max && g.IsDense2x2)
        {
            MaxPlane2x2(input, output, g.W, g.OH, g.OW);
            return;
        }

        for (int oy = 0; oy < g.OH; oy++)
        {
            PoolWindow rows = g.Rows[oy];
            for (int ox = 0; ox < g.OW; ox++)
            {
                PoolWindow cols = g.Cols[ox];
                float result;
                if (max)
                {
                    float acc = float.NegativeInfinity;
                    for (int ki = rows.Lo; ki < rows.Hi; ki++)
                    {
                        ReadOnlySpan<float> line = input.Slice((rows.Start + (ki * g.DH)) * g.W);
                        for (int kj = cols.Lo; kj < cols.Hi; kj++)
                        {
                            float v = line[cols.Start + (kj * g.DW)]; // MathF.Max propagates NaN, as ONNX requires
                            acc = MathF.Max(acc, v);
                        }
                    }

                    result = acc;
                }
                else
                {
                    float acc = 0f;
                    for (int ki = rows.Lo; ki < rows.Hi; ki++)
                    {
                        ReadOnlySpan<float> line = input.Slice((rows.Start + (ki * g.DH)) * g.W);
                        for (int kj = cols.Lo; kj < cols.Hi; kj++)
                        {
                            acc += line[cols.Start + (kj * g.DW)];
                        }
                    }

                    int divisor = countIncludePad ? rows.Padded * cols.Padded : (rows.Hi - rows.Lo) * (cols.Hi - cols.Lo);
                    result = acc / Math.Max(divisor, 1);
                }

                output[(oy * g.OW) + ox] = result;
            }
        }
    }

    /// <summary>The common CNN case (2 x 2 window, stride 2, no padding) without per-window range logic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPlane2x2(ReadOnlySpan<float> input, Span<float> output, int w, int oh, int ow)
    {
        for (int oy = 0; oy < oh; oy++)
        {
            ReadOnlySpan<float> top = input.Slice(2 * oy * w, w);
            ReadOnlySpan<float> bottom = input.Slice(((2 * oy) + 1) * w, w);
            Span<float> dst = output.Slice(oy * ow, ow);
            for (int ox = 0; ox < dst.Length; ox++)
            {
                int x = 2 * ox;
                dst[ox] = MathF.Max(MathF.Max(top[x], top[x + 1]), MathF.Max(bottom[x], bottom[x + 1]));
            }
        }
    }

    /// <summary>Every output position's window along one axis.</summary>
    private static PoolWindow[] Windows(int outputs, int stride, int padBegin, int dilation, int kernel, int input, int padded) =>
        [.. Enumerable.Range(0, outputs).Select(o => PoolWindow.At(o, stride, padBegin, dilation, kernel, input, padded))];

    private sealed record PlaneGeometry(int W, int OH, int OW, int DH, int DW, PoolWindow[] Rows, PoolWindow[] Cols)
    {
        /// <summary>Every window is 2 x 2, fully inside the input, at stride 2.</summary>
        public bool IsDense2x2 { get; } =
            DH == 1 && DW == 1 && Rows.All(r => r.Lo == 0 && r.Hi == 2) && Cols.All(c => c.Lo == 0 && c.Hi == 2)
            && Rows.Select((r, i) => r.Start == 2 * i).All(x => x) && Cols.Select((c, i) => c.Start == 2 * i).All(x => x);
    }
}
