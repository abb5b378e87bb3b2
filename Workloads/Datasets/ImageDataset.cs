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
        if (images.Dims.Length != 3)
        {
            throw new InputException(imagesSource, $"image file must have 3 dims (count x rows x cols), has {images.Dims.Length}");
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
        Count = images.Dims[0];
        Height = images.Dims[1];
        Width = images.Dims[2];
        Pixels = images.Data;
        Labels = labels.Data;
    }

    public string Name { get; }

    /// <summary>Where the data came from (a folder or "embedded:..."), for reports.</summary>
    public string Source { get; }

    public int Count { get; }

    public int Height { get; }

    public int Width { get; }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int PixelsPerImage => Height * Width;

    /// <summary>Images <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1 of this set, as a set of their own (a split).</summary>
    public ImageDataset Images(int start, int count)
    {
        if (start < 0 || count < 1 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"images {start}..{start + count - 1} are not all in a set of {Count}");
        }

        int pixels = PixelsPerImage;
        return new ImageDataset(Name, $"{Source} images {start}-{start + count - 1}", new IdxArray([count, Height, Width], Pixels.AsSpan(start * pixels, count * pixels).ToArray()),
            new IdxArray([count], Labels.AsSpan(start, count).ToArray()), Source, Source);
    }
}
