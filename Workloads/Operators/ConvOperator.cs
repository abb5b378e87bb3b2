using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// ONNX Conv for 1-D and 2-D inputs: Y[n, m] = B[m] + sum over c, window of W[m, c, .] X[n, c, .],
/// with pads, strides, dilations and groups; 1-D is run as 2-D with height 1 on the Conv2d kernel.
/// </summary>
public sealed class ConvOperator : IOperator
{
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

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
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
        var args = new Conv2dArgs(
            xs.N, xs.C, xs.H, xs.W, m, k2[0], k2[1], win.Output[0], win.Output[1],
            win.Strides[0], win.Strides[1], win.Dilations[0], win.Dilations[1], win.PadBegin[0], win.PadBegin[1], Group);
        int[] shape = xs.OutputShape(m, win.Output, x.Rank);
        if (context.DeviceOf(x) is { } device && context.DeviceValues(w) is { } dw
            && (bias is null ? null : context.DeviceValues(bias)) is var db && (bias is null || db is not null))
        {
            IDeviceBuffer output = device.Allocate(checked((int)args.OutputLength));
            device.Conv2d(args, x.Device!, dw, db, output);
            return [Tensor.OnDevice(shape, output)];
        }

        float[] y = context.Allocate(checked((int)args.OutputLength));
        context.Kernels.Conv2d(args, x.Data, w.Data, bias is null ? default : bias.Data, y);
        return [Tensor.FromFloat(shape, y)];
    }
}
