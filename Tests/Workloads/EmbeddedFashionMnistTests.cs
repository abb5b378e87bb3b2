using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using IMCSim.Cli.Output;
using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Support;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>The deeper embedded workload: the Fashion-MNIST test set and the VGG-style model trained on it (Workloads/Embedded/README.md).</summary>
public sealed partial class EmbeddedFashionMnistTests
{
    private static string FashionFolder => Path.Combine(RepoPaths.Root, "Workloads", "Embedded", "fashion-mnist");

    private static string ReadmePath => Path.Combine(RepoPaths.Root, "Workloads", "Embedded", "README.md");

    [Fact]
    public void EmbeddedFashionMnist_Has10000LabelledImages_AsInTheIdxFiles()
    {
        var data = WorkloadFiles.LoadDataset(EmbeddedAssets.FashionDatasetName);
        Assert.Equal("fashion-mnist", data.Name);
        Assert.Equal(EmbeddedAssets.FashionDatasetName, data.Source);
        Assert.Equal(10000, data.Count);
        Assert.Equal(28, data.Height);
        Assert.Equal(28, data.Width);
        Assert.All(data.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(Enumerable.Range(0, 10), data.Labels.Distinct().Order().Select(l => (int)l));

        byte[] labels = Gunzip(Path.Combine(FashionFolder, DatasetLoader.LabelsFile + ".gz"));
        byte[] images = Gunzip(Path.Combine(FashionFolder, DatasetLoader.ImagesFile + ".gz"));
        Assert.Equal(labels[8], data.Labels[0]);
        Assert.Equal(labels[8..], data.Labels);
        Assert.Equal(images[16..], data.Pixels);
        Assert.NotEqual(DatasetLoader.LoadEmbeddedMnist().Labels, data.Labels);
    }

    [Fact]
    public void VggModel_HasAtLeastSixCrossbarLayers()
    {
        var layers = NetworkLowering.FindLayers(WorkloadFiles.LoadModel(EmbeddedAssets.FashionModelName));
        Assert.Equal(7, layers.Count);
    }

    [Fact]
    public void VggModel_FloatAccuracyOnTheTestSet_IsTheDocumentedOne()
    {
        var graph = WorkloadFiles.LoadModel(EmbeddedAssets.FashionModelName);
        var data = WorkloadFiles.LoadDataset(EmbeddedAssets.FashionDatasetName);
        var result = ImageClassifier.Run(new GraphExecutor(graph, new CpuKernels()), data, data.Count, 500);

        string readme = File.ReadAllText(ReadmePath);
        int section = readme.IndexOf("## `models/vgg7-fmnist.onnx`", StringComparison.Ordinal);
        Assert.True(section >= 0, "the README has no section on models/vgg7-fmnist.onnx");
        Match documented = DocumentedAccuracy().Match(readme, section);
        Assert.True(documented.Success, "the README's vgg7-fmnist section states no accuracy (**NN.NN %**)");
        double percent = double.Parse(documented.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(100 * result.Accuracy - percent) <= 0.1, $"IMCSim's float accuracy {100 * result.Accuracy:F2} % differs from the documented {percent:F2} %");
        Assert.True(result.Accuracy >= 0.91, $"float accuracy {result.Accuracy} is below 91 %");
    }

    [Fact]
    public void EmbeddedNames_RunThroughSimulate_AndTheManifestHashesTheEmbeddedFiles()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("simulate", "--model", EmbeddedAssets.FashionModelName, "--dataset", EmbeddedAssets.FashionDatasetName, "--samples", "100", "--ideal", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.File("manifest.json")));
        var root = manifest.RootElement;
        Assert.Equal(EmbeddedAssets.FashionModelName, root.GetProperty("model").GetProperty("path").GetString());
        Assert.Equal(FileHashes.Sha256File(RepoPaths.FashionModel), root.GetProperty("model").GetProperty("sha256").GetString());
        var files = root.GetProperty("dataset").GetProperty("files");
        Assert.Equal(EmbeddedAssets.Prefix + EmbeddedAssets.FashionMnistTestImages, files[0].GetProperty("path").GetString());
        Assert.Equal(FileHashes.Sha256File(Path.Combine(FashionFolder, DatasetLoader.ImagesFile + ".gz")), files[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public void DefaultAndExplicitEmbeddedNames_LoadTheSameModelAndDataset()
    {
        Assert.Equal(DatasetLoader.LoadEmbeddedMnist().Pixels, WorkloadFiles.LoadDataset(EmbeddedAssets.DefaultDatasetName).Pixels);
        Assert.Equal(WorkloadFiles.LoadModel(null).Nodes.Count, WorkloadFiles.LoadModel(EmbeddedAssets.DefaultModelName).Nodes.Count);
    }

    [Theory]
    [InlineData("embedded:vgg16.onnx", true)]
    [InlineData("embedded:cifar10", false)]
    public void UnknownEmbeddedName_IsAnInputErrorListingTheChoices(string name, bool model)
    {
        var e = Assert.Throws<InputException>(() => model ? (object)WorkloadFiles.LoadModel(name) : WorkloadFiles.LoadDataset(name));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(model ? EmbeddedAssets.FashionModelName : EmbeddedAssets.FashionDatasetName, e.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\*\*(\d+\.\d+) %\*\*")]
    private static partial Regex DocumentedAccuracy();

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
