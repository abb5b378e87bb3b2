using System.Globalization;
using CsvHelper;
using IMCSim.Workloads.Inference;

namespace IMCSim.Cli.Output;

/// <summary>Writes classification results as CSV with CsvHelper (invariant culture, round-trip float formatting).</summary>
internal static class ResultCsv
{
    public static void WritePredictions(string path, ClassificationResult result)
    {
        using var csv = Open(path);
        csv.WriteRecord(["index", "label", "predicted"]);
        for (int i = 0; i < result.Samples; i++)
        {
            csv.WriteField(Invariant(i));
            csv.WriteField(Invariant(result.Labels[i]));
            csv.WriteField(Invariant(result.Predicted[i]));
            csv.EndRecord();
        }
    }

    public static void WriteLogits(string path, ClassificationResult result)
    {
        using var csv = Open(path);
        csv.WriteField("index");
        for (int c = 0; c < result.Classes; c++)
        {
            csv.WriteField(Invariant(c, "logit_"));
        }

        csv.EndRecord();
        for (int i = 0; i < result.Samples; i++)
        {
            csv.WriteField(Invariant(i));
            foreach (float v in result.LogitsOf(i))
            {
                csv.WriteField(v.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.EndRecord();
        }
    }

    /// <summary>A CSV file with a header as one dictionary per row (column: field, quotes removed), for tests and benchmarks that read IMCSim's outputs.</summary>
    internal static List<Dictionary<string, string>> ReadRecords(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), new CsvReaderOptions { HasHeader = false }, leaveOpen: false);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => System.Text.Encoding.UTF8.GetString(csv.GetSpan(i)))]);
        }

        return [.. rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    internal static CsvWriter Open(string path) =>
        CsvWriter.Create(new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)), new CsvWriterOptions(), leaveOpen: false);

    private static string Invariant(int value, string prefix = "") => prefix + value.ToString(CultureInfo.InvariantCulture);
}
