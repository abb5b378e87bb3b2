namespace IMCSim.Simulator.Common;

/// <summary>Reads a user's file; a missing or unreadable file is an <see cref="InputException"/> naming it and what it should be.</summary>
public static class InputFiles
{
    public static string ReadAllText(string path, string what) => Read(path, what, File.ReadAllText);

    public static byte[] ReadAllBytes(string path, string what) => Read(path, what, File.ReadAllBytes);

    /// <summary>An empty path or a folder where a <paramref name="what"/> file goes is an <see cref="InputException"/> saying so.</summary>
    public static void CheckIsFilePath(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputException($"{what} file", "the path is empty; give the file");
        }

        if (Directory.Exists(path))
        {
            throw new InputException(path, $"is a folder; give the {what} file");
        }
    }

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        CheckIsFilePath(path, what);
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, $"{what} file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException(path, $"cannot read {what} file: {e.Message}");
        }
    }
}
