using System.Globalization;
using CsvHelper;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Input;

/// <summary>Reads CSV files of numbers (no header) with CsvHelper; every problem names the file, line and value.</summary>
internal static class NumberCsv
{
    /// <summary>All lines of equal length: (rows, columns, row-major values).</summary>
    public static (int Rows, int Cols, double[] Values) ReadMatrix(string path, string what)
    {
        InputFiles.CheckIsFilePath(path, what);
        var rows = new List<double[]>();
        TextReader text;
        try
        {
            text = new StreamReader(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, $"{what} file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read {what} file: {e.Message}");
        }

        using (text)
        using (var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = false, SkipEmptyLines = true }, leaveOpen: false))
        {
            int line = 0;
            while (csv.Read())
            {
                line++;
                var row = new double[csv.FieldCount];
                for (int i = 0; i < row.Length; i++)
                {
                    // UTF-8 field parsed in place (NumberStyles.Float allows surrounding white space).
                    ReadOnlySpan<byte> field = csv.GetSpan(i);
                    if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !double.IsFinite(row[i]))
                    {
                        throw new InputException(path, $"record {line}, value {i + 1}: '{System.Text.Encoding.UTF8.GetString(field).Trim()}' is not a finite number ({what})");
                    }
                }

                if (rows.Count > 0 && row.Length != rows[0].Length)
                {
                    throw new InputException(path, $"record {line} has {row.Length} values, the first {rows[0].Length}: every line needs the same count");
                }

                rows.Add(row);
            }
        }

        if (rows.Count == 0 || rows[0].Length == 0)
        {
            throw new InputException(path, $"the {what} file is empty");
        }

        return (rows.Count, rows[0].Length, [.. rows.SelectMany(r => r)]);
    }

    /// <summary>A vector: one value per line (or one line of values).</summary>
    public static double[] ReadVector(string path, string what)
    {
        var (rows, cols, values) = ReadMatrix(path, what);
        if (rows > 1 && cols > 1)
        {
            throw new InputException(path, $"{what} must be one value per line (or one line), got {rows} lines of {cols}");
        }

        return values;
    }
}
