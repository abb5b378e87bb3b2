using System.Runtime.CompilerServices;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Inference;

/// <summary>
/// How dataset images feed a model's single image input: float32 pixel / 255 in the shape the
/// model declares, [N,1,H,W], [N,H,W] or [N,H*W]; a fixed batch dimension fixes the batch size.
/// </summary>
public sealed class ImageInputLayout
{
    private readonly int[] _perImage;

    private ImageInputLayout(string inputName, int[] perImage, int? fixedBatch)
    {
        InputName = inputName;
        _perImage = perImage;
        FixedBatch = fixedBatch;
    }

    public string InputName { get; }

    public int? FixedBatch { get; }

    public static ImageInputLayout For(NetworkGraph graph, ImageDataset data)
    {
        if (graph.Inputs.Count != 1)
        {
            throw new InputException(graph.Source, $"the model has {graph.Inputs.Count} inputs; image classification needs exactly one (inputs: {string.Join(", ", graph.Inputs)})");
        }

        GraphValue input = graph.Inputs[0];
        if (input.ElementType != ElementType.Float32)
        {
            throw new InputException(graph.Source, $"model input {input} must be float32 to take images");
        }

        int c = data.Channels, h = data.Height, w = data.Width;
        IReadOnlyList<int?> dims = input.Dims ?? [null, c, h, w];
        bool Matches(params int[] expected) => dims.Count == expected.Length + 1 && dims.Skip(1).Select((d, i) => d is null || d == expected[i]).All(x => x);
        int[]? perImage = Matches(c, h, w) ? [c, h, w] : c != 1 ? null : Matches(h, w) ? [h, w] : Matches(h * w) ? [h * w] : null;
        if (perImage is null)
        {
            throw new InputException(graph.Source, c == 1
                ? $"model input {input} does not take {h}x{w} images from {data.Source}; expected [N,1,{h},{w}], [N,{h},{w}] or [N,{h * w}]"
                : $"model input {input} does not take {c}x{h}x{w} images from {data.Source}; expected [N,{c},{h},{w}]");
        }
        return new ImageInputLayout(input.Name, perImage, dims[0]);
    }

    /// <summary>Images [start, start + count) as one input tensor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Batch(ImageDataset data, int start, int count)
    {
        int pixels = data.PixelsPerImage;
        var values = new float[count * pixels];
        ReadOnlySpan<byte> src = data.Pixels.AsSpan(start * pixels, count * pixels);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = src[i] / 255f;
        }

        return Tensor.FromFloat([count, .. _perImage], values);
    }
}
