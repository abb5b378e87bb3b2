using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Workloads;

/// <summary>Loads a model or dataset from a path, or the embedded default when the path is null.</summary>
public static class WorkloadFiles
{
    public const string DefaultModelLabel = "embedded:lenet5-mnist.onnx";

    /// <summary>The model at <paramref name="path"/>: an ONNX file, a zoo network (<c>zoo:NAME</c>, seeded random weights) or, for null, the embedded default.</summary>
    public static NetworkGraph LoadModel(string? path) =>
        path is null
            ? OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), DefaultModelLabel)
            : Zoo.ModelZoo.IsZooName(path) ? Zoo.ModelZoo.Build(path) : OnnxModelReader.ReadFile(path);

    public static ImageDataset LoadDataset(string? folder) => folder is null ? DatasetLoader.LoadEmbeddedMnist() : DatasetLoader.LoadFolder(folder);
}
