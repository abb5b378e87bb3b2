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

    /// <summary>The test set in <paramref name="folder"/>, an embedded one (<c>embedded:NAME</c>) or, for null, embedded MNIST.</summary>
    public static ImageDataset LoadDataset(string? folder)
    {
        string name = folder ?? EmbeddedAssets.DefaultDatasetName;
        return EmbeddedAssets.IsEmbeddedName(name) ? DatasetLoader.LoadEmbedded(name) : DatasetLoader.LoadFolder(name);
    }
}
