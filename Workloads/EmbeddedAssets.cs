namespace IMCSim.Workloads;

/// <summary>
/// The data shipped inside IMCSim: the MNIST test set and the default LeNet-5 model
/// (see Workloads/Embedded/README.md for sources, licences and how the model was trained).
/// </summary>
public static class EmbeddedAssets
{
    public const string MnistTestImages = "IMCSim.Embedded.mnist.t10k-images-idx3-ubyte.gz";
    public const string MnistTestLabels = "IMCSim.Embedded.mnist.t10k-labels-idx1-ubyte.gz";
    public const string DefaultModel = "IMCSim.Embedded.models.lenet5-mnist.onnx";

    public static Stream Open(string name) =>
        typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"embedded resource {name} is missing from {typeof(EmbeddedAssets).Assembly.GetName().Name}");

    public static byte[] ReadAllBytes(string name)
    {
        using Stream s = Open(name);
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
