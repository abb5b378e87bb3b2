using IMCSim.Simulator.Common;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Inference;

/// <summary>
/// Runs a classification model over the first N images of a dataset in batches; predicted class =
/// argmax of the first output (first maximum on ties). <c>beforeBatch</c> receives each batch's first
/// image index (mapped networks key their random streams on it).
/// </summary>
public static class ImageClassifier
{
    public static ClassificationResult Run(GraphExecutor executor, ImageDataset data, int samples, int batchSize, IProgress<int>? progress = null, Action<int>? beforeBatch = null) =>
        Run(executor.Graph, inputs => executor.Run(inputs)[executor.Graph.Outputs[0].Name], data, samples, batchSize, progress, beforeBatch);

    /// <summary>The same with any evaluation of <paramref name="graph"/>'s inputs to its first output (a spiking network's timesteps, say).</summary>
    public static ClassificationResult Run(NetworkGraph graph, Func<IReadOnlyDictionary<string, Tensor>, Tensor> evaluate, ImageDataset data, int samples, int batchSize, IProgress<int>? progress = null, Action<int>? beforeBatch = null)
    {
        if (samples < 1 || samples > data.Count)
        {
            throw new InputException("--samples", $"must be between 1 and the dataset's {data.Count} images (0 = all), got {samples}");
        }

        if (batchSize < 1)
        {
            throw new InputException("--batch", $"must be >= 1, got {batchSize}");
        }

        var layout = ImageInputLayout.For(graph, data);
        int batch = layout.FixedBatch ?? batchSize;
        string outputName = graph.Outputs[0].Name;
        float[]? logits = null;
        int classes = 0;
        var predicted = new int[samples];
        for (int start = 0; start < samples; start += batch)
        {
            int count = Math.Min(batch, samples - start);
            beforeBatch?.Invoke(start);
            Tensor input = layout.Batch(data, start, count);
            if (layout.FixedBatch is { } fixedBatch && count < fixedBatch)
            {
                // A model with a fixed batch gets a zero-padded last batch; the padding rows are dropped.
                input = Pad(input, fixedBatch);
            }

            Tensor output = evaluate(new Dictionary<string, Tensor> { [layout.InputName] = input });
            if (output.Rank != 2 || output.Shape[0] != input.Shape[0])
            {
                throw new InputException(graph.Source, $"output '{outputName}' has shape {ShapeMath.Format(output.Shape)}; a classifier must output [N, classes]");
            }

            if (logits is null)
            {
                classes = output.Shape[1];
                logits = new float[(long)samples * classes];
            }

            output.Data.AsSpan(0, count * classes).CopyTo(logits.AsSpan(start * classes));
            for (int i = 0; i < count; i++)
            {
                predicted[start + i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(output.Data.AsSpan(i * classes, classes));
            }

            progress?.Report(start + count);
        }

        return new ClassificationResult(samples, classes, logits!, predicted, data.Labels[..samples]);
    }

    private static Tensor Pad(Tensor input, int batch)
    {
        int per = input.Length / input.Shape[0];
        var data = new float[batch * per];
        input.Data.CopyTo(data, 0);
        return Tensor.FromFloat([batch, .. input.Shape[1..]], data);
    }
}
