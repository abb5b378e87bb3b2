using IMCSim.Simulator.Common;

namespace IMCSim.Workloads;

/// <summary>
/// The data shipped inside IMCSim: the MNIST and Fashion-MNIST test sets, the default LeNet-5 model
/// (MNIST) and a VGG-style model trained on Fashion-MNIST (see Workloads/Embedded/README.md for
/// sources, licences and how the models were trained). Each is named <c>embedded:NAME</c> wherever a
/// model file or dataset folder is accepted (<see cref="Models"/>, <see cref="Datasets"/>).
/// </summary>
public static class EmbeddedAssets
{
    /// <summary>What starts the name of an embedded model or dataset.</summary>
    public const string Prefix = "embedded:";

    public const string MnistTestImages = "IMCSim.Embedded.mnist.t10k-images-idx3-ubyte.gz";
    public const string MnistTestLabels = "IMCSim.Embedded.mnist.t10k-labels-idx1-ubyte.gz";
    public const string FashionMnistTestImages = "IMCSim.Embedded.fashion-mnist.t10k-images-idx3-ubyte.gz";
    public const string FashionMnistTestLabels = "IMCSim.Embedded.fashion-mnist.t10k-labels-idx1-ubyte.gz";

    /// <summary>Resource of the default model (LeNet-5 on MNIST).</summary>
    public const string DefaultModel = "IMCSim.Embedded.models.lenet5-mnist.onnx";

    /// <summary>Resource of the VGG-style model on Fashion-MNIST (5 conv + 2 fully connected layers).</summary>
    public const string FashionVggModel = "IMCSim.Embedded.models.vgg7-fmnist.onnx";

    /// <summary>Resources of the trained LIF SNN on MNIST (surrogate gradients; cross-entropy only) and its sidecar.</summary>
    public const string LifSnnModel = "IMCSim.Embedded.models.lif-mnist.onnx";
    public const string LifSnnParameters = "IMCSim.Embedded.models.lif-mnist.snn.json";

    /// <summary>Resources of the same SNN trained with a spike-count term in the loss (sparser spikes) and its sidecar.</summary>
    public const string SparseLifSnnModel = "IMCSim.Embedded.models.lif-mnist-sparse.onnx";
    public const string SparseLifSnnParameters = "IMCSim.Embedded.models.lif-mnist-sparse.snn.json";

    /// <summary>The default model of simulate, infer and cost: LeNet-5 trained on MNIST.</summary>
    public const string DefaultModelName = Prefix + "lenet5-mnist.onnx";

    /// <summary>The default dataset: the MNIST test set.</summary>
    public const string DefaultDatasetName = Prefix + "mnist";

    /// <summary>The deeper workload (default of <c>imcsim hyde</c>): the 7-layer VGG-style CNN trained on Fashion-MNIST.</summary>
    public const string FashionModelName = Prefix + "vgg7-fmnist.onnx";

    /// <summary>The Fashion-MNIST test set, <see cref="FashionModelName"/>'s dataset.</summary>
    public const string FashionDatasetName = Prefix + "fashion-mnist";

    /// <summary>The embedded models by name (<c>embedded:FILE.onnx</c>) and their resources.</summary>
    public static IReadOnlyDictionary<string, string> Models { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DefaultModelName] = DefaultModel,
        [FashionModelName] = FashionVggModel,
        [Prefix + "lif-mnist.onnx"] = LifSnnModel,
        [Prefix + "lif-mnist-sparse.onnx"] = SparseLifSnnModel,
    };

    /// <summary>The embedded trained SNNs' sidecar files by name (<c>embedded:FILE.snn.json</c>, for <c>--snn-params</c>) and their resources.</summary>
    public static IReadOnlyDictionary<string, string> SnnParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Prefix + "lif-mnist.snn.json"] = LifSnnParameters,
        [Prefix + "lif-mnist-sparse.snn.json"] = SparseLifSnnParameters,
    };

    /// <summary>The embedded test sets by name (<c>embedded:NAME</c>) and the resources of their images and labels.</summary>
    public static IReadOnlyDictionary<string, (string Images, string Labels)> Datasets { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        [DefaultDatasetName] = (MnistTestImages, MnistTestLabels),
        [FashionDatasetName] = (FashionMnistTestImages, FashionMnistTestLabels),
    };

    public static bool IsEmbeddedName(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The resource of embedded model <paramref name="name"/>; an input error naming the choices if there is none.</summary>
    public static string ModelResource(string name) =>
        Models.TryGetValue(name, out string? resource) ? resource
            : throw new InputException(name, $"no such embedded model; embedded models: {string.Join(", ", Models.Keys)}");

    /// <summary>The image and label resources of embedded dataset <paramref name="name"/>; an input error naming the choices if there is none.</summary>
    public static (string Images, string Labels) DatasetResources(string name) =>
        Datasets.TryGetValue(name, out var resources) ? resources
            : throw new InputException(name, $"no such embedded dataset; embedded datasets: {string.Join(", ", Datasets.Keys)}");

    /// <summary>The resource of embedded SNN sidecar <paramref name="name"/>; an input error naming the choices if there is none.</summary>
    public static string SnnParametersResource(string name) =>
        SnnParameters.TryGetValue(name, out string? resource) ? resource
            : throw new InputException(name, $"no such embedded SNN parameter file; embedded ones: {string.Join(", ", SnnParameters.Keys)}");

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
