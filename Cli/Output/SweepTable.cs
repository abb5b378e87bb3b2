using System.Globalization;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Output;

/// <summary>One row of a sweep's results.csv: its point key, status ("ok" or "failed"), reason, every cell by column name, and the line as written (empty for rows made elsewhere to plot).</summary>
internal sealed record SweepTableRow(string Key, string Status, string Reason, IReadOnlyDictionary<string, string> Cells, string Line = "")
{
    public bool Ok => Status == "ok";

    /// <summary>A metric column's value; NaN when the cell is empty (no accuracy in a cost-only sweep, say).</summary>
    public double Metric(string column) => Cells[column].Length == 0 ? double.NaN : double.Parse(Cells[column], CultureInfo.InvariantCulture);
}

/// <summary>
/// A sweep's results.csv parsed and checked (<see cref="SweepResults"/> writes it): the columns, the axes (the columns between point
/// and status), and the complete rows; a row with another number of fields, an unknown status or a metric that is not a number
/// is an error naming the file and the line.
/// </summary>
internal sealed class SweepTable
{
    /// <summary>The columns after the axes; all but status and reason hold numbers (or nothing).</summary>
    public static readonly string[] FixedColumns = SweepResults.Header([])[1..];

    private SweepTable(string path, string header, IReadOnlyList<string> columns, IReadOnlyList<string> axes, IReadOnlyList<SweepTableRow> rows)
    {
        Path = path;
        Header = header;
        Columns = columns;
        Axes = axes;
        Rows = rows;
    }

    public string Path { get; }

    /// <summary>The header line as written.</summary>
    public string Header { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string> Axes { get; }

    public IReadOnlyList<SweepTableRow> Rows { get; }

    /// <summary>Whether a column holds numbers (empty cells allowed): the metrics, seed and wall time.</summary>
    public static bool IsNumeric(string column) => FixedColumns.Contains(column) && column is not ("status" or "reason");

    public static SweepTable Read(string path)
    {
        var (header, lines) = SweepResults.ReadRows(path);
        string[] columns = ParseLine(header);
        int status = Array.IndexOf(columns, "status");
        if (status < 1 || !columns.AsSpan(status).SequenceEqual(FixedColumns))
        {
            throw new InputException(path, $"is not a sweep's results.csv: its columns must be point, the axes, then {string.Join(",", FixedColumns)}");
        }

        var rows = new List<SweepTableRow>();
        for (int i = 0; i < lines.Count; i++)
        {
            string[] fields = ParseLine(lines[i].Line);
            string where = $"line {i + 2}";
            if (fields.Length != columns.Length)
            {
                throw new InputException(path, $"{where} has {fields.Length} fields; the header has {columns.Length}");
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < columns.Length; c++)
            {
                if (IsNumeric(columns[c]) && fields[c].Length > 0)
                {
                    if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    {
                        throw new InputException(path, $"{where}: {columns[c]} is '{fields[c]}', not a number (a finite one, or empty)");
                    }

                    if (value < 0 || (columns[c].StartsWith("accuracy_", StringComparison.Ordinal) && value > 1))
                    {
                        throw new InputException(path, $"{where}: {columns[c]} is {fields[c]}; valid: {(columns[c].StartsWith("accuracy_", StringComparison.Ordinal) ? "0..1" : ">= 0")}");
                    }
                }

                cells[columns[c]] = fields[c];
            }

            if (cells["status"] is not ("ok" or "failed"))
            {
                throw new InputException(path, $"{where}: status is '{cells["status"]}'; valid: ok, failed");
            }

            rows.Add(new SweepTableRow(fields[0], cells["status"], cells["reason"], cells, lines[i].Line));
        }

        return new SweepTable(path, header, columns, columns[1..status], rows);
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
