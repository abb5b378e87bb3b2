using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Workloads;

/// <summary>Loads a model or dataset from a path, an embedded name (<c>embedded:NAME</c>), or the embedded default when the path is null.</summary>
public static class WorkloadFiles
{
    public const string DefaultModelLabel = EmbeddedAssets.DefaultModelName;

    /// <summary>
    /// The model at <paramref name="path"/>: an ONNX file, an embedded model (<c>embedded:FILE.onnx</c>), a zoo
    /// network (<c>zoo:NAME</c>, seeded random weights) or, for null, the embedded default.
    /// </summary>
    public static NetworkGraph LoadModel(string? path)
    {
        string name = path ?? DefaultModelLabel;
        return EmbeddedAssets.IsEmbeddedName(name) ? OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.ModelResource(name)), name)
            : Zoo.ModelZoo.IsZooName(name) ? Zoo.ModelZoo.Build(name)
            : OnnxModelReader.ReadFile(name);
    }

    /// <summary>What starts the name of a random dataset: <c>random:N</c>.</summary>
    public const string RandomPrefix = "random:";

    /// <summary>The seed of <c>random:N</c> images: fixed, so a name is always the same images.</summary>
    public const ulong RandomDatasetSeed = 1;

    /// <summary>
    /// The test set in <paramref name="folder"/>, an embedded one (<c>embedded:NAME</c>), <c>random:N</c> (N seeded uniform random
    /// images of <paramref name="model"/>'s input shape, for timing studies) or, for null, embedded MNIST.
    /// </summary>
    public static ImageDataset LoadDataset(string? folder, NetworkGraph? model = null)
    {
        string name = folder ?? EmbeddedAssets.DefaultDatasetName;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new Simulator.Common.InputException("--dataset", "the path is empty; give a dataset folder, embedded:NAME or random:N");
        }

        if (name.StartsWith(RandomPrefix, StringComparison.Ordinal))
        {
            return RandomDataset(name, model);
        }

        ImageDataset data = EmbeddedAssets.IsEmbeddedName(name) ? DatasetLoader.LoadEmbedded(name) : DatasetLoader.LoadFolder(name);
        CheckLabels(data, model);
        return data;
    }

    /// <summary>Every label is one of the model's classes (its single output's last dimension), else accuracy would be silently 0.</summary>
    private static void CheckLabels(ImageDataset data, NetworkGraph? model)
    {
        if (model?.Outputs.Count != 1 || model.Outputs[0].Dims is not { Count: > 0 } dims || dims[^1] is not int classes || classes < 1)
        {
            return;
        }

        int bad = Array.FindIndex(data.Labels, l => l >= classes);
        if (bad >= 0)
        {
            throw new Simulator.Common.InputException(data.LabelsSource, $"label {data.Labels[bad]} of image {bad} is not a class of the model, whose output has {classes} (valid: 0..{classes - 1})");
        }
    }

    private static ImageDataset RandomDataset(string name, NetworkGraph? model)
    {
        if (!int.TryParse(name.AsSpan(RandomPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            throw new Simulator.Common.InputException("--dataset", $"'{name}': random:N needs a whole number of images 1 <= N <= {int.MaxValue}, e.g. random:10000");
        }

        IReadOnlyList<int?>? dims = model?.Inputs.Count == 1 ? model.Inputs[0].Dims : null;
        if (dims is not { Count: 4 } || dims.Skip(1).Any(d => d is not > 0))
        {
            throw new Simulator.Common.InputException("--dataset", $"'{name}' makes images of the model's input shape, which must be [N, channels, height, width] with fixed channels, height and width; {(model is null ? "no model was given" : $"{model.Source} has {string.Join(", ", model.Inputs)}")}");
        }

        // The images are held in memory as one byte array.
        long perImage = (long)dims[1]!.Value * dims[2]!.Value * dims[3]!.Value;
        long most = Array.MaxLength / perImage;
        if (count > most)
        {
            throw new Simulator.Common.InputException("--dataset", $"'{name}': at most random:{most} images of this model's {perImage} pixels fit in memory at once; use fewer (--samples runs a subset)");
        }

        return ImageDataset.Random(count, dims[1]!.Value, dims[2]!.Value, dims[3]!.Value, RandomDatasetSeed);
    }
}
