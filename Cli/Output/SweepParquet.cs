using System.Globalization;
using Parquet.Schema;
using Parquet.Serialization;

namespace IMCSim.Cli.Output;

/// <summary>
/// DIR/results.parquet, written from results.csv at the end of a sweep (Parquet.Net) for pandas and polars users: the same columns;
/// point, the axes, status and reason as strings, the metrics as nullable doubles (empty cells as nulls), seed as a 64-bit integer.
/// </summary>
internal static class SweepParquet
{
    private static readonly string[] Text = ["point", "status", "reason"];

    public static void Write(string csvPath, string parquetPath)
    {
        var (header, rows) = SweepResults.ReadRows(csvPath);
        string[] columns = header.Split(',');
        var cells = rows.Select(r => ParseLine(r.Line)).ToList();
        int status = Array.IndexOf(columns, "status");
        var fields = new List<DataField>();
        for (int c = 0; c < columns.Length; c++)
        {
            string name = columns[c];
            fields.Add(name == "seed" ? new DataField<long>(name) : Text.Contains(name) || c < status ? new DataField<string>(name) : new DataField<double?>(name));
        }

        var records = cells.Select(r =>
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int c = 0; c < columns.Length; c++)
            {
                record[columns[c]] = fields[c] switch
                {
                    DataField<long> => long.Parse(r[c], CultureInfo.InvariantCulture),
                    DataField<string> => r[c],
                    _ => r[c].Length == 0 ? null : double.Parse(r[c], CultureInfo.InvariantCulture),
                };
            }

            return (IDictionary<string, object?>)record;
        }).ToList();

        string temporary = parquetPath + ".partial";
        using (Stream stream = File.Create(temporary))
        {
            ParquetSerializer.SerializeUntypedAsync(records, new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        }

        File.Move(temporary, parquetPath, overwrite: true);
    }

    /// <summary>One CSV line's fields (quoted fields unquoted).</summary>
    private static string[] ParseLine(string line)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        using var csv = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = false }, leaveOpen: false);
        csv.Read();
        return [.. Enumerable.Range(0, csv.FieldCount).Select(i => System.Text.Encoding.UTF8.GetString(csv.GetSpan(i)))];
    }
}
