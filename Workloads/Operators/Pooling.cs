using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>Max and average pooling over 1-D or 2-D windows, one (n, c) plane per parallel work item.</summary>
internal static class Pooling
{
    public static Tensor Run(Tensor x, WindowGeometry geometry, bool max, bool countIncludePad)
    {
        var xs = Spatial2D.Of(x.Shape, $"{(max ? "MaxPool" : "AveragePool")} input X");
        int[] kernel = geometry.KernelShape ?? throw new OperatorException("kernel_shape is required");
        if (kernel.Length != x.Rank - 2)
        {
            throw new OperatorException($"kernel_shape has {kernel.Length} dims but X has {x.Rank - 2} spatial dims");
        }

        ResolvedWindow win = Spatial2D.Lift(geometry.Resolve(x.Shape.AsSpan(2), kernel));
        int[] k2 = Spatial2D.Lift(kernel, 1);
        int kh = k2[0], kw = k2[1];
        int oh = win.Output[0], ow = win.Output[1];
        int sh = win.Strides[0], sw = win.Strides[1], dh = win.Dilations[0], dw = win.Dilations[1];
        int ph = win.PadBegin[0], pw = win.PadBegin[1];
        int hiH = xs.H + win.PadEnd[0], hiW = xs.W + win.PadEnd[1];
        float[] src = x.Data;
        var y = new float[(long)xs.N * xs.C * oh * ow];
        Parallel.For(0, xs.N * xs.C, plane =>
        {
            int inBase = plane * xs.Plane;
            int outBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float acc = max ? float.NegativeInfinity : 0f;
                    int valid = 0, padded = 0;
                    for (int ki = 0; ki < kh; ki++)
                    {
                        int iy = (oy * sh) - ph + (ki * dh);
                        for (int kj = 0; kj < kw; kj++)
                        {
                            int ix = (ox * sw) - pw + (kj * dw);
                            if ((uint)iy < (uint)xs.H && (uint)ix < (uint)xs.W)
                            {
                                float v = src[inBase + (iy * xs.W) + ix];
                                acc = max ? (v > acc || float.IsNaN(v) ? v : acc) : acc + v;
                                valid++;
                            }

                            if (iy < hiH && ix < hiW)
                            {
                                padded++;
                            }
                        }
                    }

                    y[outBase + (oy * ow) + ox] = max ? acc : acc / (countIncludePad ? padded : Math.Max(valid, 1));
                }
            }
        });
        return Tensor.FromFloat(xs.OutputShape(xs.C, win.Output, x.Rank), y);
    }
}
