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
    public static void Write(string csvPath, string parquetPath)
    {
        SweepTable table = SweepTable.Read(csvPath);
        var fields = table.Columns.Select(name => name == "seed" ? new DataField<ulong>(name) : SweepTable.IsNumeric(name) ? new DataField<double?>(name) : (DataField)new DataField<string>(name)).ToList();
        var records = table.Rows.Select(r =>
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (DataField field in fields)
            {
                string cell = r.Cells[field.Name];
                record[field.Name] = field switch
                {
                    DataField<ulong> => ulong.Parse(cell, CultureInfo.InvariantCulture),
                    DataField<string> => cell,
                    _ => cell.Length == 0 ? null : double.Parse(cell, CultureInfo.InvariantCulture),
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
}
