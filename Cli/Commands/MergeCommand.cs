using System.CommandLine;
using IMCSim.Cli.Config;
using IMCSim.Cli.Output;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim merge DIR... --out DIR [--sweep SWEEP.yaml]`: joins the results.csv of sweep shards (or of partial runs) into one, with
/// results.parquet beside it, keeping the first row of a point given twice, and reports duplicates and, with the sweep file, the
/// points no folder holds.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("merge", "Join the results.csv of sweep shards into one and report missing or duplicate points.");
        var dirs = new Argument<string[]>("DIR") { Description = "sweep output folders (each with results.csv)", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "output folder for the merged results.csv", Required = true };
        var sweep = new Option<string?>("--sweep") { Description = "the sweep file, to report the points no folder holds" };
        command.Arguments.Add(dirs);
        command.Options.Add(outDir);
        command.Options.Add(sweep);
        command.SetAction(parse => Run(parse.GetValue(dirs)!, parse.GetValue(outDir)!, parse.GetValue(sweep), output));
        return command;
    }

    private static int Run(string[] dirs, string outDir, string? sweepPath, TextWriter output)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            throw new InputException("--out", "an empty path names no folder; give the folder for the merged results.csv");
        }

        string target = Path.Combine(outDir, "results.csv");
        if (File.Exists(target))
        {
            throw new InputException(target, "already exists; merge into another --out");
        }

        SweepTable? header = null;
        IReadOnlyList<string>? identity = null;
        bool allKnown = true;
        string? identityDir = null;
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var duplicates = new List<string>();
        foreach (string dir in dirs)
        {
            if (string.IsNullOrWhiteSpace(dir))
            {
                throw new InputException("DIR", "an empty path names no sweep folder");
            }

            string path = Path.Combine(dir, "results.csv");
            // Every row checked (whole, a known status, numbers where numbers go) before anything is written.
            SweepTable table = SweepTable.Read(path);
            if (header is not null && table.Header != header.Header)
            {
                throw new InputException(path, "has other columns than the first folder's results.csv: not the same sweep");
            }

            if (SweepResults.ReadIdentity(dir) is not { } own)
            {
                allKnown = false;
            }
            else
            {
                if (identity is null)
                {
                    (identity, identityDir) = (own, dir);
                }
                else
                {
                    SweepResults.CheckIdentity(dir, identity, $"the sweep in {identityDir}", "merge only folders of one sweep");
                }
            }

            header ??= table;
            foreach (SweepTableRow row in table.Rows)
            {
                if (!kept.TryAdd(row.Key, row.Line))
                {
                    duplicates.Add(row.Key);
                    continue;
                }

                order.Add(row.Key);
            }
        }

        SweepSpec? spec = sweepPath is null ? null : SweepFile.Read(sweepPath);
        if (spec is not null)
        {
            if (!header!.Axes.SequenceEqual(spec.Axes.Select(a => a.Key)))
            {
                throw new InputException(sweepPath!, $"its axes ({string.Join(", ", spec.Axes.Select(a => a.Key))}) are not those of the folders' results.csv ({string.Join(", ", header.Axes)}): not the same sweep");
            }

            foreach (string dir in dirs)
            {
                SweepResults.CheckIdentity(dir, spec.Identity, $"--sweep {sweepPath}", "give the sweep file the folders were run with");
            }

        }

        var missing = spec is null ? [] : spec.Points.Select(p => p.Key).Where(k => !kept.ContainsKey(k)).ToList();
        // Every check passed: the folder is made only now. It names the sweep when every input did (older folders name none).
        WorkloadOptions.PrepareOutput(outDir);
        if (identity is not null && allKnown)
        {
            SweepResults.WriteIdentity(Path.GetDirectoryName(Path.GetFullPath(target))!, identity);
        }

        File.WriteAllText(target, header!.Header + "\n" + string.Concat(order.Select(k => kept[k] + "\n")));
        SweepParquet.Write(target, Path.Combine(Path.GetDirectoryName(target)!, "results.parquet"));
        output.WriteLine($"merged     {order.Count} points from {dirs.Length} folders into {target} (and results.parquet)");
        output.WriteLine($"duplicates {duplicates.Count}{(duplicates.Count > 0 ? " (first row kept): " + string.Join(" ", duplicates.Take(10)) + (duplicates.Count > 10 ? " ..." : "") : "")}");
        if (sweepPath is not null)
        {
            output.WriteLine($"missing    {missing.Count}{(missing.Count > 0 ? ": " + string.Join(" ", missing.Take(10)) + (missing.Count > 10 ? " ..." : "") : "")}");
        }

        return ImcsimApp.ExitOk;
    }
}
