using IMCSim.Simulator.Common;

namespace IMCSim.Workloads.Datasets;

/// <summary>
/// A labelled set of greyscale images (MNIST-like): <see cref="Count"/> images of
/// <see cref="Height"/> x <see cref="Width"/> unsigned-byte pixels, and one label per image.
/// </summary>
public sealed class ImageDataset
{
    public ImageDataset(string name, string source, IdxArray images, IdxArray labels, string imagesSource, string labelsSource)
    {
        if (images.Dims.Length is not (3 or 4))
        {
            throw new InputException(imagesSource, $"image file must have 3 dims (count x rows x cols) or 4 (count x channels x rows x cols), has {images.Dims.Length}");
        }

        if (labels.Dims.Length != 1)
        {
            throw new InputException(labelsSource, $"label file must have 1 dim (count), has {labels.Dims.Length}");
        }

        if (labels.Dims[0] != images.Dims[0])
        {
            throw new InputException(labelsSource, $"has {labels.Dims[0]} labels but {imagesSource} has {images.Dims[0]} images");
        }

        Name = name;
        Source = source;
        LabelsSource = labelsSource;
        Count = images.Dims[0];
        Channels = images.Dims.Length == 4 ? images.Dims[1] : 1;
        Height = images.Dims[^2];
        Width = images.Dims[^1];
        Pixels = images.Data;
        Labels = labels.Data;
    }

    public string Name { get; }

    /// <summary>Where the data came from (a folder or "embedded:..."), for reports.</summary>
    public string Source { get; }

    /// <summary>The labels' file (or source), for errors about a label.</summary>
    public string LabelsSource { get; }

    public int Count { get; }

    /// <summary>Channels per image (1 for MNIST-format files).</summary>
    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int PixelsPerImage => Channels * Height * Width;

    /// <summary>
    /// <paramref name="count"/> images of <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/> uniform
    /// random bytes and uniform random labels 0-9 from a counter stream of <paramref name="seed"/>: inputs for timing studies
    /// (`--dataset random:N`), not for accuracy.
    /// </summary>
    public static ImageDataset Random(int count, int channels, int height, int width, ulong seed)
    {
        var rng = IMCSim.Simulator.Random.CounterRng.For(seed, "random-dataset");
        long pixels = (long)count * channels * height * width;
        var data = new byte[pixels];
        for (long i = 0; i < pixels; i++)
        {
            data[i] = (byte)(IMCSim.Simulator.Random.CounterRng.Mix(rng.Key + (ulong)i) >> 56);
        }

        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(rng.Uniform((ulong)(pixels + i)) * 10 % 10);
        }

        string name = $"random:{count}";
        return new ImageDataset(name, name, new IdxArray([count, channels, height, width], data), new IdxArray([count], labels), name, name);
    }

    /// <summary>Images <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1 of this set, as a set of their own (a split).</summary>
    public ImageDataset Images(int start, int count)
    {
        if (start < 0 || count < 1 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"images {start}..{start + count - 1} are not all in a set of {Count}");
        }

        int pixels = PixelsPerImage;
        int[] dims = Channels == 1 ? [count, Height, Width] : [count, Channels, Height, Width];
        return new ImageDataset(Name, $"{Source} images {start}-{start + count - 1}", new IdxArray(dims, Pixels.AsSpan(start * pixels, count * pixels).ToArray()),
            new IdxArray([count], Labels.AsSpan(start, count).ToArray()), Source, Source);
    }
}
