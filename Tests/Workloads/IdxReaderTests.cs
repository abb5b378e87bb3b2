using System.IO.Compression;
using IMCSim.Simulator.Common;
using IMCSim.Tests.Support;
using IMCSim.Workloads.Datasets;
using Xunit;

namespace IMCSim.Tests.Workloads;

public sealed class IdxReaderTests
{
    private static byte[] Idx(byte[] data, params int[] dims)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims)
        {
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    [Fact]
    public void Read_PlainAndGzipped_GiveTheSameArray()
    {
        byte[] data = [.. Enumerable.Range(0, 24).Select(i => (byte)i)];
        var plain = IdxReader.Read(new MemoryStream(Idx(data, 2, 3, 4)), "plain");
        var gz = IdxReader.Read(new MemoryStream(Gzip(Idx(data, 2, 3, 4))), "gz");
        Assert.Equal([2, 3, 4], plain.Dims);
        Assert.Equal(data, plain.Data);
        Assert.Equal(plain.Dims, gz.Dims);
        Assert.Equal(plain.Data, gz.Data);
    }

    [Fact]
    public void Read_WrongMagic_NamesTheFileAndTheMagic()
    {
        byte[] bad = Idx([1, 2, 3], 3);
        bad[0] = 0x50;
        var e = Assert.Throws<InputException>(() => IdxReader.Read(new MemoryStream(bad), "images.idx"));
        Assert.StartsWith("images.idx: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_SaysHowMuchIsMissing()
    {
        byte[] truncated = Idx(new byte[10], 4, 4);
        var e = Assert.Throws<InputException>(() => IdxReader.Read(new MemoryStream(truncated), "labels.idx"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptGzip_IsAnInputError()
    {
        byte[] gz = Gzip(Idx(new byte[100], 10, 10));
        Array.Resize(ref gz, gz.Length / 2);
        Assert.Throws<InputException>(() => IdxReader.Read(new MemoryStream(gz), "x.gz"));
    }

    [Fact]
    public void EmbeddedMnist_Has10000LabelledImages()
    {
        var data = DatasetLoader.LoadEmbeddedMnist();
        Assert.Equal(10000, data.Count);
        Assert.Equal(28, data.Height);
        Assert.Equal(28, data.Width);
        Assert.All(data.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(7, data.Labels[0]);
    }

    [Fact]
    public void LoadFolder_PlainFiles_MatchesTheEmbeddedSet()
    {
        using var tmp = new TempDir();
        foreach (string name in new[] { DatasetLoader.ImagesFile, DatasetLoader.LabelsFile })
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(RepoPaths.MnistFolder, name + ".gz")), CompressionMode.Decompress);
            using var f = File.Create(tmp.File(name));
            gz.CopyTo(f);
        }

        var folder = DatasetLoader.LoadFolder(tmp.Path);
        var embedded = DatasetLoader.LoadEmbeddedMnist();
        Assert.Equal(embedded.Pixels, folder.Pixels);
        Assert.Equal(embedded.Labels, folder.Labels);
    }
}
