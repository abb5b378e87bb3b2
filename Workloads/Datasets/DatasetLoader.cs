using IMCSim.Simulator.Common;

namespace IMCSim.Workloads.Datasets;

/// <summary>
/// Opens the test split of an MNIST-format dataset: an embedded test set (MNIST, Fashion-MNIST), or a folder
/// holding t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] (MNIST, Fashion-MNIST, ...).
/// </summary>
public static class DatasetLoader
{
    public const string ImagesFile = "t10k-images-idx3-ubyte";
    public const string LabelsFile = "t10k-labels-idx1-ubyte";

    public static ImageDataset LoadEmbeddedMnist() => LoadEmbedded(EmbeddedAssets.DefaultDatasetName);

    /// <summary>The embedded test set <paramref name="name"/> (<c>embedded:mnist</c>, <c>embedded:fashion-mnist</c>).</summary>
    public static ImageDataset LoadEmbedded(string name)
    {
        var (imageResource, labelResource) = EmbeddedAssets.DatasetResources(name);
        using Stream images = EmbeddedAssets.Open(imageResource);
        using Stream labels = EmbeddedAssets.Open(labelResource);
        string imgSource = EmbeddedAssets.Prefix + imageResource, lblSource = EmbeddedAssets.Prefix + labelResource;
        return new ImageDataset(name[EmbeddedAssets.Prefix.Length..], name, IdxReader.Read(images, imgSource), IdxReader.Read(labels, lblSource), imgSource, lblSource);
    }

    public static ImageDataset LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException(folder, File.Exists(folder)
                ? $"--dataset must be a folder holding {ImagesFile}[.gz] and {LabelsFile}[.gz], not a file"
                : "dataset folder not found");
        }

        string images = Find(folder, ImagesFile);
        string labels = Find(folder, LabelsFile);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return new ImageDataset(name, Path.GetFullPath(folder), IdxReader.ReadFile(images), IdxReader.ReadFile(labels), images, labels);
    }

    /// <summary>The files a dataset was read from (for checksums in run manifests).</summary>
    public static IReadOnlyList<string> FilesOf(string folder) => [Find(folder, ImagesFile), Find(folder, LabelsFile)];

    private static string Find(string folder, string baseName)
    {
        foreach (string candidate in new[] { baseName, baseName + ".gz" })
        {
            string p = Path.Combine(folder, candidate);
            if (File.Exists(p))
            {
                return p;
            }
        }

        throw new InputException(Path.Combine(folder, baseName), $"dataset file missing: expected {baseName} or {baseName}.gz in {folder}");
    }
}
