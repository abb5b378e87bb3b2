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

    /// <summary>Input vectors per slab of a convolution (whole samples; at least one sample).</summary>
    private const int SlabRows = 8192;

    public CrossbarLayerRuntime Runtime { get; } = runtime;

    /// <summary>Rows (input vectors) per sample seen in the last batch: output pixels for a convolution, 1 for a dense layer.</summary>
    public int RowsPerSample { get; private set; }

    /// <summary>Input feature-map height seen in the last batch (1 for a dense layer).</summary>
    public int InputHeight { get; private set; } = 1;

    /// <summary>Of <see cref="RowsPerSample"/>, the positions where the kernel lies inside the unpadded input.</summary>
    public int ValidRowsPerSample { get; private set; }

    /// <summary>
    /// A spiking network's layer fed the unchanging image (direct input) that reads it once per presentation: at timestep 0 of a run
    /// it reads and keeps its outputs; at later timesteps of the same input it returns them without reading (no events, no noise
    /// draws): the chip holds the converted outputs and re-applies them to the neurons every timestep.
    /// </summary>
    public bool HoldAcrossTimesteps { get; init; }

    private Tensor? _heldInput;
    private long _heldFirstSample;
    private float[]? _heldOutput;
    private int[]? _heldShape;

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        MatrixLayer layer = Runtime.Programmed.Layer;
        Tensor x = inputs[0] ?? throw new OperatorException("input is required");
        bool holding = HoldAcrossTimesteps && state.Pass == CrossbarPass.Run;
        if (holding && state.Timestep > 0 && ReferenceEquals(x, _heldInput) && state.FirstSample == _heldFirstSample)
        {
            float[] copy = context.Allocate(_heldOutput!.Length);
            _heldOutput.CopyTo(copy, 0);
            return [Tensor.FromFloat(_heldShape!, copy)];
        }

        Tensor[] y = !holding && state.Pass == CrossbarPass.Run && context.Kernels is IDeviceTensors device ? EvaluateOnDevice(layer, x, device)
            : layer.Kind == MatrixLayerKind.Conv ? EvaluateConv(layer, x, context) : EvaluateDense(layer, x, context);
        if (holding && state.Timestep == 0)
        {
            _heldInput = x;
            _heldFirstSample = state.FirstSample;
            _heldShape = [.. y[0].Shape];
            _heldOutput = y[0].Data.AsSpan(0, y[0].Length).ToArray();
        }

        return y;
    }

    private Tensor[] EvaluateConv(MatrixLayer layer, Tensor x, OperatorContext context)
    {
        Conv2dArgs args = layer.ConvArgs(x);
        // Slabs of whole samples (about SlabRows input vectors): the lowered inputs and the layer's buffers stay a few
        // MB, reused from slab to slab, instead of hundreds of MB per batch. Results do not depend on the slab size
        // (every read's noise counter is its global row index).
        int plane = args.OutputPlane, m = layer.N;
        int slabSamples = SlabSamples(args), slabRows = slabSamples * plane;
        float[] patches = System.Buffers.ArrayPool<float>.Shared.Rent(slabRows * layer.K);
        float[] flat = System.Buffers.ArrayPool<float>.Shared.Rent(slabRows * layer.N);
        float[] y = context.Allocate(args.N * plane * layer.N);
        SetRows(plane, args.H, MatrixLayer.ValidPositions(args));
        for (int s0 = 0; s0 < args.N; s0 += slabSamples)
        {
            int samples = Math.Min(slabSamples, args.N - s0);
            Im2Row.Run(args with { N = samples }, x.Data, patches, threads, s0);
            Read(patches, samples * plane, (long)s0 * plane, flat);

            // [n, pixel, m] -> [n, m, pixel]
            Parallel.For(0, samples, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                int n = s0 + i;
                for (int p = 0; p < plane; p++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        y[(((n * m) + j) * plane) + p] = flat[(((i * plane) + p) * m) + j];
                    }
                }
            });
        }

        System.Buffers.ArrayPool<float>.Shared.Return(patches);
        System.Buffers.ArrayPool<float>.Shared.Return(flat);
        return [Tensor.FromFloat([args.N, m, args.OH, args.OW], y)];
    }

    /// <summary>
    /// The hardware read with the batch in the device's memory (a GPU backend): the input uploaded if it is on the host (the first
    /// layer), the convolution's lowering, the reads and the layout change on the device, in the host's slabs (so the events add in the
    /// same order), the output left there for the next operator.
    /// </summary>
    private Tensor[] EvaluateOnDevice(MatrixLayer layer, Tensor x, IDeviceTensors device)
    {
        bool uploaded = !(x.Device is { } resident && device.Owns(resident));
        IDeviceBuffer input = uploaded ? device.Upload(x.Data.AsSpan(0, x.Length)) : x.Device!;
        try
        {
            if (layer.Kind != MatrixLayerKind.Conv)
            {
                int rows = DenseRows(layer, x);
                IDeviceBuffer output = device.Allocate(rows * layer.N);
                Runtime.ForwardOnDevice(device, input, rows, state.FirstSample * RowsPerSample, output, state.Timestep);
                int[] shape = [.. x.Shape];
                shape[^1] = layer.N;
                return [Tensor.OnDevice(shape, output)];
            }

            Conv2dArgs args = layer.ConvArgs(x);
            int plane = args.OutputPlane, m = layer.N;
            int slabSamples = SlabSamples(args), slabRows = slabSamples * plane;
            SetRows(plane, args.H, MatrixLayer.ValidPositions(args));
            IDeviceBuffer y = device.Allocate(args.N * plane * m);
            IDeviceBuffer patches = device.Allocate(slabRows * layer.K), flat = device.Allocate(slabRows * m);
            bool done = false;
            try
            {
                for (int s0 = 0; s0 < args.N; s0 += slabSamples)
                {
                    int samples = Math.Min(slabSamples, args.N - s0);
                    device.Im2Row(args with { N = samples }, s0, input, patches);
                    Runtime.ForwardOnDevice(device, patches, samples * plane, (state.FirstSample * RowsPerSample) + ((long)s0 * plane), flat, state.Timestep);
                    device.ToChannelMajor(samples, plane, m, s0, flat, y);
                }

                done = true;
                return [Tensor.OnDevice([args.N, m, args.OH, args.OW], y)];
            }
            finally
            {
                patches.Release();
                flat.Release();
                if (!done)
                {
                    y.Release();
                }
            }
        }
        finally
        {
            if (uploaded)
            {
                input.Release();
            }
        }
    }

    private void SetRows(int rowsPerSample, int inputHeight, int validRowsPerSample)
    {
        RowsPerSample = rowsPerSample;
        InputHeight = inputHeight;
        ValidRowsPerSample = validRowsPerSample;
    }

    /// <summary>Samples per slab of a convolution: whole samples, about <see cref="SlabRows"/> input vectors (at least one sample).</summary>
    private static int SlabSamples(in Conv2dArgs args) => Math.Clamp(SlabRows / args.OutputPlane, 1, args.N);

    /// <summary>A dense layer's input vectors in <paramref name="x"/> (checked to be rows of K values); records the rows per sample.</summary>
    private int DenseRows(MatrixLayer layer, Tensor x)
    {
        if (x.Shape.Length == 0 || x.Shape[^1] != layer.K)
        {
            throw new OperatorException($"crossbar layer {layer.Name} takes rows of {layer.K} values, got {ShapeMath.Format(x.Shape)}");
        }

        int rows = x.Length / layer.K, perSample = x.Rank >= 2 ? rows / x.Shape[0] : rows;
        SetRows(perSample, 1, perSample);
        return rows;
    }

    private Tensor[] EvaluateDense(MatrixLayer layer, Tensor x, OperatorContext context)
    {
        int rows = DenseRows(layer, x);
        float[] y = context.Allocate(rows * layer.N);
        Read(x.Data, rows, 0, y);
        int[] shape = [.. x.Shape];
        shape[^1] = layer.N;
        return [Tensor.FromFloat(shape, y)];
    }

    /// <summary><paramref name="count"/> input vectors, the first being row <paramref name="firstRow"/> of this batch's lowered inputs.</summary>
    private void Read(float[] rows, int count, long firstRow, float[] y)
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
                Runtime.Forward(rows, count, (state.FirstSample * RowsPerSample) + firstRow, y, state.Timestep);
                break;
        }
    }
}
