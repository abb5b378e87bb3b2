using System.Globalization;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Output;

/// <summary>
/// DIR/results.csv of a sweep: one row per finished point, appended whole (one write of a complete line) as soon as the point ends,
/// so a crash or a kill leaves at most a line without its newline, which <see cref="OpenForResume"/> cuts off (that point runs again).
/// Columns: point (its key), every axis, status, reason, accuracy_float, accuracy_hw, area_mm2, energy_per_image_uj,
/// latency_per_image_us, tops, tops_per_w, tops_per_mm2, edp_uj_us, seed, wall_time_s (the only column that differs between runs).
/// </summary>
internal sealed class SweepResults
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly object _lock = new();

    private SweepResults(string path, IReadOnlyList<string> axes)
    {
        Path = path;
        Axes = axes;
    }

    public string Path { get; }

    public IReadOnlyList<string> Axes { get; }

    public static string[] Header(IReadOnlyList<string> axes) =>
        ["point", .. axes, "status", "reason", "accuracy_float", "accuracy_hw", "area_mm2", "energy_per_image_uj", "latency_per_image_us", "tops", "tops_per_w", "tops_per_mm2", "edp_uj_us", "seed", "wall_time_s"];

    /// <summary>The file beside results.csv that names the sweep whose results they are (<see cref="SweepSpec.Identity"/>).</summary>
    public const string IdentityFileName = "sweep-identity.txt";

    /// <summary>A new results file (an existing one is an error: it would be lost; --resume continues it), with the sweep's identity beside it.</summary>
    public static SweepResults Create(string path, IReadOnlyList<string> axes, IReadOnlyList<string> identity)
    {
        if (File.Exists(path))
        {
            throw new InputException(path, "already exists; give --resume to continue that sweep, or another --out");
        }

        var r = new SweepResults(path, axes);
        WriteIdentity(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, identity);
        File.WriteAllText(path, Line(Header(axes)));
        return r;
    }

    /// <summary>
    /// The results so far of <paramref name="spec"/>: the keys of the finished points. A last line without its newline is cut off (that
    /// point runs again); the folder must hold this sweep's results (its identity file, else its header), and every row must be whole
    /// and a point of this sweep: all checked before anything runs.
    /// </summary>
    public static (SweepResults Results, HashSet<string> Done) OpenForResume(string path, SweepSpec spec)
    {
        var axes = spec.Axes.Select(a => a.Key).ToList();
        if (!File.Exists(path))
        {
            return (Create(path, axes, spec.Identity), new HashSet<string>(StringComparer.Ordinal));
        }

        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        CheckIdentity(dir, spec.Identity, "this sweep", "give another --out for a new sweep");
        bool known = ReadIdentity(dir) is not null;
        SweepTable table = SweepTable.Read(path);
        if (table.Header != Line(Header(axes)).TrimEnd('\n'))
        {
            throw new InputException(path, $"is not the results of this sweep (its header differs from: {string.Join(",", Header(axes))})");
        }

        var keys = spec.Points.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < table.Rows.Count; i++)
        {
            if (!keys.Contains(table.Rows[i].Key))
            {
                throw new InputException(path, $"line {i + 2}: point '{table.Rows[i].Key}' is not a point of this sweep");
            }
        }

        // Every check passed: now a row cut short by a kill (a last line without its newline, which the checks leave out) is dropped,
        // and its point runs again.
        string text = File.ReadAllText(path);
        int end = text.LastIndexOf('\n');
        if (end < text.Length - 1)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
            f.SetLength(end + 1);
        }

        // Results written before folders named their sweep keep no identity: this sweep's would be a guess about their rows.
        if (known || table.Rows.Count == 0)
        {
            WriteIdentity(dir, spec.Identity);
        }

        return (new SweepResults(path, axes), table.Rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The identity of the sweep whose results <paramref name="dir"/> holds; null for results written before identities were.</summary>
    public static IReadOnlyList<string>? ReadIdentity(string dir)
    {
        string file = System.IO.Path.Combine(dir, IdentityFileName);
        return File.Exists(file) ? [.. File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#'))] : null;
    }

    /// <summary>Writes <paramref name="identity"/> beside a folder's results.csv.</summary>
    public static void WriteIdentity(string dir, IReadOnlyList<string> identity) =>
        File.WriteAllText(System.IO.Path.Combine(dir, IdentityFileName), "# the sweep whose results this folder holds (imcsim sweep --resume and imcsim merge check it)\n" + string.Concat(identity.Select(l => l + "\n")));

    /// <summary>
    /// An error naming the first difference when <paramref name="dir"/> holds the results of another sweep than
    /// <paramref name="identity"/> (described as <paramref name="what"/>); nothing when it holds no identity.
    /// </summary>
    public static void CheckIdentity(string dir, IReadOnlyList<string> identity, string what, string advice)
    {
        if (ReadIdentity(dir) is not { } there || there.SequenceEqual(identity))
        {
            return;
        }

        static string KeyOf(string line) => line.Split(": ")[0];
        string? ours = identity.Except(there).FirstOrDefault();
        string? theirs = ours is null ? there.Except(identity).FirstOrDefault() : there.FirstOrDefault(l => KeyOf(l) == KeyOf(ours));
        string difference = ours is not null
            ? $"{what} has '{ours}' where the folder's has {(theirs is null ? "none" : $"'{theirs}'")}"
            : theirs is not null ? $"the folder's sweep has '{theirs}', {what} has not" : $"the same lines in another order than {what}'s";
        throw new InputException(System.IO.Path.Combine(dir, IdentityFileName), $"holds another sweep's results: {difference}; {advice}");
    }

    /// <summary>The header and the complete rows (point key, the line as written) of a results file; a last line without its newline is left out.</summary>
    public static (string Header, List<(string Key, string Line)> Rows) ReadRows(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "not found: a sweep folder must hold results.csv");
        }

        string text = File.ReadAllText(path);
        text = text[..(text.LastIndexOf('\n') + 1)];
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("point,", StringComparison.Ordinal))
        {
            throw new InputException(path, "is not a sweep's results.csv (its first column must be point)");
        }

        var rows = new List<(string, string)>();
        using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
        using (var csv = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = true, SkipEmptyLines = true }, leaveOpen: false))
        {
            int i = 1;
            while (csv.Read())
            {
                rows.Add((System.Text.Encoding.UTF8.GetString(csv.GetSpan(0)), lines[i++]));
            }
        }

        return (lines[0], rows);
    }

    public void Append(SweepRow row)
    {
        var c = row.Cost;
        string[] fields =
        [
            row.Point.Key, .. row.Point.Values.Select(v => v.Value), row.Status, row.Reason, R(row.AccuracyFloat), R(row.AccuracyHardware),
            R(c?.AreaMm2), R(c?.EnergyPerImageUj), R(c?.LatencyPerImageUs), R(c?.Tops), R(c?.TopsPerW), R(c?.TopsPerMm2), R(c?.EdpUjUs),
            row.Seed.ToString(Inv), R(row.WallSeconds),
        ];
        string line = Line(fields);
        lock (_lock)
        {
            using var f = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line);
            f.Write(bytes);
            f.Flush(true);
        }
    }

    private static string R(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", Inv) : "";

    private static string Line(IEnumerable<string> fields)
    {
        using var w = new StringWriter(Inv);
        using (var csv = CsvHelper.CsvWriter.Create(w, new CsvHelper.CsvWriterOptions(), leaveOpen: true))
        {
            foreach (string f in fields)
            {
                csv.WriteField(f);
            }

            csv.EndRecord();
        }

        return w.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
