using System.Buffers;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// ONNX Conv for 1-D and 2-D inputs: Y[n, m] = B[m] + sum over c, window of W[m, c, .] X[n, c, .],
/// with pads, strides, dilations and groups. Lowered to im2col + GEMM per group over chunks of the
/// batch: cols[(c, ki, kj), (n, oh, ow)], Y_g = W_g cols.
/// </summary>
public sealed class ConvOperator : IOperator
{
    /// <summary>Bound on one im2col buffer, so large batches are processed in chunks.</summary>
    private const long MaxColumnFloats = 8L << 20;

    public ConvOperator(WindowGeometry geometry, int group)
    {
        if (group < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(group), "group must be >= 1");
        }

        Geometry = geometry;
        Group = group;
    }

    public string OpType => "Conv";

    public WindowGeometry Geometry { get; }

    public int Group { get; }

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, IComputeKernels kernels)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        Tensor w = OperatorInputs.Float(inputs, 1, "W");
        Tensor? bias = OperatorInputs.OptionalFloat(inputs, 2, "B");
        var xs = Spatial2D.Of(x.Shape, "Conv input X");
        if (w.Rank != x.Rank)
        {
            throw new OperatorException($"weight W has rank {w.Rank}, input X rank {x.Rank}: they must match");
        }

        int m = w.Shape[0];
        int cg = w.Shape[1];
        if (xs.C != cg * Group || m % Group != 0)
        {
            throw new OperatorException($"input has {xs.C} channels and W is {ShapeMath.Format(w.Shape)} with group {Group}: need C = W.shape[1] x group and W.shape[0] divisible by group");
        }

        if (bias is not null && bias.Length != m)
        {
            throw new OperatorException($"bias B has {bias.Length} elements, expected {m} (one per output channel)");
        }

        int[] kernelSpatial = w.Shape[2..];
        if (Geometry.KernelShape is not null && !Geometry.KernelShape.SequenceEqual(kernelSpatial))
        {
            throw new OperatorException($"kernel_shape {ShapeMath.Format(Geometry.KernelShape)} does not match W {ShapeMath.Format(w.Shape)}");
        }

        ResolvedWindow win = Spatial2D.Lift(Geometry.Resolve(x.Shape.AsSpan(2), kernelSpatial));
        int[] k2 = Spatial2D.Lift(kernelSpatial, 1);
        int kh = k2[0], kw = k2[1];
        int oh = win.Output[0], ow = win.Output[1];
        int outPlane = oh * ow;
        int mg = m / Group;
        int kg = cg * kh * kw;
        var y = new float[(long)xs.N * m * outPlane];

        int chunk = (int)Math.Clamp(MaxColumnFloats / Math.Max(1L, (long)kg * outPlane), 1, Math.Max(1, xs.N));
        float[] cols = ArrayPool<float>.Shared.Rent(kg * chunk * outPlane);
        float[] tmp = ArrayPool<float>.Shared.Rent(mg * chunk * outPlane);
        try
        {
            for (int n0 = 0; n0 < xs.N; n0 += chunk)
            {
                int s = Math.Min(chunk, xs.N - n0);
                int ldCols = s * outPlane;
                for (int g = 0; g < Group; g++)
                {
                    Im2Col(x.Data, xs, g * cg, cg, n0, s, kh, kw, win, cols, ldCols);
                    kernels.Gemm(GemmArgs.Dense(mg, ldCols, kg), w.Data.AsSpan(g * mg * kg, mg * kg), cols.AsSpan(0, kg * ldCols), tmp.AsSpan(0, mg * ldCols));
                    Scatter(tmp, y, bias?.Data, n0, s, g * mg, mg, m, outPlane);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(tmp);
        }

        return [Tensor.FromFloat(xs.OutputShape(m, win.Output, x.Rank), y)];
    }

    private static void Im2Col(float[] x, Spatial2D xs, int c0, int cg, int n0, int s, int kh, int kw, ResolvedWindow win, float[] cols, int ldCols)
    {
        int oh = win.Output[0], ow = win.Output[1];
        int sh = win.Strides[0], sw = win.Strides[1], dh = win.Dilations[0], dw = win.Dilations[1];
        int ph = win.PadBegin[0], pw = win.PadBegin[1];
        int outPlane = oh * ow;
        Parallel.For(0, s * cg, idx =>
        {
            int n = idx / cg, c = idx % cg;
            int srcBase = (((n0 + n) * xs.C) + c0 + c) * xs.Plane;
            for (int ki = 0; ki < kh; ki++)
            {
                for (int kj = 0; kj < kw; kj++)
                {
                    int row = (((c * kh) + ki) * kw) + kj;
                    int dst = (row * ldCols) + (n * outPlane);
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = (y * sh) - ph + (ki * dh);
                        int d = dst + (y * ow);
                        if ((uint)iy >= (uint)xs.H)
                        {
                            Array.Clear(cols, d, ow);
                            continue;
                        }

                        int srcRow = srcBase + (iy * xs.W);
                        int ix = kj * dw - pw;
                        for (int xo = 0; xo < ow; xo++, ix += sw)
                        {
                            cols[d + xo] = (uint)ix < (uint)xs.W ? x[srcRow + ix] : 0f;
                        }
                    }
                }
            }
        });
    }

    private static void Scatter(float[] tmp, float[] y, float[]? bias, int n0, int s, int m0, int mg, int m, int outPlane)
    {
        int ldTmp = s * outPlane;
        Parallel.For(0, s * mg, idx =>
        {
            int n = idx / mg, j = idx % mg;
            var src = tmp.AsSpan((j * ldTmp) + (n * outPlane), outPlane);
            var dst = y.AsSpan((((n0 + n) * m) + m0 + j) * outPlane, outPlane);
            if (bias is null)
            {
                src.CopyTo(dst);
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Add(src, bias[m0 + j], dst);
            }
        });
    }
}
