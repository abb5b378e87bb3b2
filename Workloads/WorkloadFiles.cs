using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Workloads;

/// <summary>Loads a model or dataset from a path, or the embedded default when the path is null.</summary>
public static class WorkloadFiles
{
    public const string DefaultModelLabel = "embedded:lenet5-mnist.onnx";

    public static NetworkGraph LoadModel(string? path) =>
        path is null
            ? OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), DefaultModelLabel)
            : OnnxModelReader.ReadFile(path);

    public static ImageDataset LoadDataset(string? folder) => folder is null ? DatasetLoader.LoadEmbeddedMnist() : DatasetLoader.LoadFolder(folder);
}
