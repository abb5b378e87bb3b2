using System.Buffers.Binary;
using System.IO.Compression;
using IMCSim.Simulator.Common;

namespace IMCSim.Workloads.Datasets;

/// <summary>
/// Reads IDX files (the MNIST format: big-endian header 0x00 0x00 type ndims, ndims uint32 sizes,
/// then the data), plain or gzipped (detected by the gzip magic 1f 8b). Unsigned-byte data only,
/// as used by MNIST and Fashion-MNIST.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    public static IdxArray ReadFile(string path)
    {
        try
        {
            using FileStream f = File.OpenRead(path);
            return Read(f, path);
        }
        catch (FileNotFoundException)
        {
            throw new InputException(path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException(path, "file not found (no such directory)");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(path, $"cannot read file: {e.Message}");
        }
    }

    public static IdxArray Read(Stream stream, string source)
    {
        byte[] bytes;
        try
        {
            bytes = ReadAll(stream);
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                bytes = ReadAll(gz);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InputException(source, $"corrupt gzip data ({e.Message})");
        }
        catch (IOException e)
        {
            throw new InputException(source, $"cannot read IDX data ({e.Message})");
        }

        return Parse(bytes, source);
    }

    private static IdxArray Parse(byte[] bytes, string source)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            string got = bytes.Length >= 4 ? $"0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):x8}" : $"{bytes.Length} bytes";
            throw new InputException(source, $"not an IDX file: wrong magic number ({got}; expected 0x0000TTDD: two zero bytes, the type, the number of dims)");
        }

        if (bytes[2] != UnsignedByte)
        {
            throw new InputException(source, $"IDX element type 0x{bytes[2]:x2} is not supported (expected 0x08, unsigned byte)");
        }

        int ndims = bytes[3];
        if (ndims < 1 || bytes.Length < 4 + (4 * ndims))
        {
            throw new InputException(source, $"IDX header truncated or invalid ({ndims} dims, {bytes.Length} bytes)");
        }

        var dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            if (d > int.MaxValue)
            {
                throw new InputException(source, $"IDX dimension {i} is {d}, too large");
            }

            dims[i] = (int)d;
            count *= d;
        }

        int offset = 4 + (4 * ndims);
        if (bytes.Length - offset != count)
        {
            throw new InputException(source, bytes.Length - offset < count
                ? $"IDX file truncated: header [{string.Join("x", dims)}] needs {count} data bytes, file has {bytes.Length - offset}"
                : $"IDX file has {bytes.Length - offset - count} bytes beyond the [{string.Join("x", dims)}] data the header declares");
        }

        return new IdxArray(dims, bytes.AsSpan(offset).ToArray());
    }

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
