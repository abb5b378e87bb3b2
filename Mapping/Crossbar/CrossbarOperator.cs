using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// Stands in for a Conv / Gemm / MatMul node of the graph: lowers its input to rows (im2col for
/// convolutions), reads them through the crossbar layer and restores the operator's output layout.
/// </summary>
public sealed class CrossbarOperator(CrossbarLayerRuntime runtime, CrossbarRunState state, int threads) : IOperator
{
    public string OpType => Runtime.Programmed.Layer.Kind.ToString();

    public CrossbarLayerRuntime Runtime { get; } = runtime;

    /// <summary>Rows (input vectors) per sample seen in the last batch: output pixels for a convolution, 1 for a dense layer.</summary>
    public int RowsPerSample { get; private set; }

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        MatrixLayer layer = Runtime.Programmed.Layer;
        Tensor x = inputs[0] ?? throw new OperatorException("input is required");
        return layer.Kind == MatrixLayerKind.Conv ? EvaluateConv(layer, x, context) : EvaluateDense(layer, x, context);
    }

    private Tensor[] EvaluateConv(MatrixLayer layer, Tensor x, OperatorContext context)
    {
        ConvOperator conv = layer.Conv!;
        int[] kernel = layer.KernelShape!;
        if (x.Rank != 4 || x.Shape[1] != kernel[1])
        {
            throw new OperatorException($"crossbar convolution {layer.Name} takes [N,{kernel[1]},H,W] (2-D), got {ShapeMath.Format(x.Shape)}");
        }

        ResolvedWindow win = conv.Geometry.Resolve(x.Shape.AsSpan(2), kernel.AsSpan(2));
        var args = new Conv2dArgs(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kernel[0], kernel[2], kernel[3], win.Output[0], win.Output[1],
            win.Strides[0], win.Strides[1], win.Dilations[0], win.Dilations[1], win.PadBegin[0], win.PadBegin[1], 1);
        int rows = args.N * args.OutputPlane;
        float[] patches = System.Buffers.ArrayPool<float>.Shared.Rent(rows * layer.K);
        Im2Row.Run(args, x.Data, patches, threads);
        float[] flat = System.Buffers.ArrayPool<float>.Shared.Rent(rows * layer.N);
        RowsPerSample = args.OutputPlane;
        Read(patches, rows, flat);

        // [n, pixel, m] -> [n, m, pixel]
        float[] y = context.Allocate(rows * layer.N);
        int plane = args.OutputPlane, m = layer.N;
        Parallel.For(0, args.N, new ParallelOptions { MaxDegreeOfParallelism = threads }, n =>
        {
            for (int p = 0; p < plane; p++)
            {
                for (int j = 0; j < m; j++)
                {
                    y[(((n * m) + j) * plane) + p] = flat[(((n * plane) + p) * m) + j];
                }
            }
        });
        System.Buffers.ArrayPool<float>.Shared.Return(patches);
        System.Buffers.ArrayPool<float>.Shared.Return(flat);
        return [Tensor.FromFloat([args.N, m, args.OH, args.OW], y)];
    }

    private Tensor[] EvaluateDense(MatrixLayer layer, Tensor x, OperatorContext context)
    {
        if (x.Shape.Length == 0 || x.Shape[^1] != layer.K)
        {
            throw new OperatorException($"crossbar layer {layer.Name} takes rows of {layer.K} values, got {ShapeMath.Format(x.Shape)}");
        }

        int rows = x.Length / layer.K;
        float[] y = context.Allocate(rows * layer.N);
        RowsPerSample = x.Rank >= 2 ? rows / x.Shape[0] : rows;
        Read(x.Data, rows, y);
        int[] shape = [.. x.Shape];
        shape[^1] = layer.N;
        return [Tensor.FromFloat(shape, y)];
    }

    private void Read(float[] rows, int count, float[] y)
    {
        switch (state.Pass)
        {
            case CrossbarPass.CalibrateInputs:
                Runtime.CalibrateInputs(rows, count, y);
                break;
            case CrossbarPass.CalibrateAdc:
                Runtime.CalibrateAdc(rows, count, y);
                break;
            default:
                Runtime.Forward(rows, count, state.FirstSample * RowsPerSample, y, state.Timestep);
                break;
        }
    }
}
