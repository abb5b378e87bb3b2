using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>
/// Views an [N, C, W] or [N, C, H, W] tensor as 2-D planes (1-D as H = 1) so conv and pooling have
/// one implementation; kernels, pads and strides are lifted the same way.
/// </summary>
internal readonly record struct Spatial2D(int N, int C, int H, int W)
{
    public int Plane => H * W;

    public static Spatial2D Of(int[] shape, string what)
    {
        return shape.Length switch
        {
            3 => new Spatial2D(shape[0], shape[1], 1, shape[2]),
            4 => new Spatial2D(shape[0], shape[1], shape[2], shape[3]),
            _ => throw new OperatorException($"{what} must be [N,C,W] or [N,C,H,W] (1-D or 2-D spatial); got rank {shape.Length}"),
        };
    }

    /// <summary>Lifts a 1-element spatial array to 2-D (prepending <paramref name="fill"/>); passes 2-D through.</summary>
    public static int[] Lift(int[] values, int fill) => values.Length == 1 ? [fill, values[0]] : values;

    public static ResolvedWindow Lift(ResolvedWindow w) => w.Output.Length == 2 ? w : new ResolvedWindow(
        Lift(w.Output, 1), Lift(w.PadBegin, 0), Lift(w.PadEnd, 0), Lift(w.Strides, 1), Lift(w.Dilations, 1));

    public int[] OutputShape(int channels, int[] spatialOut, int rank) =>
        rank == 3 ? [N, channels, spatialOut[^1]] : [N, channels, spatialOut[0], spatialOut[1]];
}
