using System.Globalization;
using IMCSim.Cli.Commands;
using IMCSim.Cli.Config;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Slurm;

/// <summary>
/// `imcsim sweep SWEEP.yaml --out DIR --slurm N [--slurm-options "..."] [--slurm-dry-run] [--resume]`: checks the sweep, writes
/// <see cref="SlurmScripts"/> to DIR and submits the job array and, depending on it, the merge job; prints both job ids and how to
/// watch them. The sweep file is read (and so validated) before anything is written or submitted.
/// </summary>
internal static class SlurmSweep
{
    public static int Run(string sweepPath, string outDir, int tasks, int jobs, bool resume, string? options, bool dryRun, TextWriter output)
    {
        if (tasks < 1)
        {
            throw new InputException("--slurm", $"must be >= 1 (the number of array tasks), got {tasks}");
        }

        if (jobs < 1)
        {
            throw new InputException("--jobs", $"must be >= 1, got {jobs}");
        }

        SweepSpec spec = SweepFile.Read(sweepPath);
        if (tasks > spec.Points.Count)
        {
            throw new InputException("--slurm", $"{tasks} tasks for {spec.Points.Count} points: give at most {spec.Points.Count} (each task runs at least one point)");
        }

        SlurmOptions parsed = SlurmOptions.Parse(options);
        string dir = Path.GetFullPath(WorkloadOptions.PrepareOutput(outDir));
        CheckFolder(dir, tasks, resume);
        var scripts = new SlurmScripts(Path.GetFullPath(sweepPath), dir, Directory.GetCurrentDirectory(), tasks, jobs, ImcsimLauncher.Current(), parsed);
        scripts.Write();
        output.WriteLine($"sweep      {spec.Points.Count} points in {tasks} array tasks ({(spec.CostOnly ? "cost only" : "simulate")}, {jobs} at a time per task), shard K into {Path.Combine(dir, "shards", "K")}");
        output.WriteLine($"wrote      {scripts.ArrayPath}, {scripts.MergePath}");
        if (dryRun)
        {
            output.WriteLine($"submit     jid=$(sbatch --parsable {ShellWords.QuoteForBash(scripts.ArrayPath)}) && sbatch --dependency=afterany:$jid {ShellWords.QuoteForBash(scripts.MergePath)}");
            return ImcsimApp.ExitOk;
        }

        string array = SlurmSubmitter.Submit(scripts.ArrayPath);
        string merge;
        try
        {
            merge = SlurmSubmitter.Submit(scripts.MergePath, afterAny: array);
        }
        catch (InputException e)
        {
            throw new InputException("--slurm", $"job array {array} is submitted, but its merge job is not ({e.Problem}); submit it with: sbatch --dependency=afterany:{array} {scripts.MergePath}");
        }

        output.WriteLine($"submitted  job array {array} ({tasks} tasks), merge job {merge} (runs when the array has ended)");
        output.WriteLine($"watch      squeue -j {array},{merge}   (logs in {scripts.LogDir})");
        output.WriteLine($"results    {Path.Combine(dir, "results.csv")} and results.parquet when job {merge} has ended");
        return ImcsimApp.ExitOk;
    }

    /// <summary>
    /// A folder that already holds a sweep is only reused with --resume (tasks continue their shards), and then only with the same
    /// number of tasks: shards of another split would hold other points.
    /// </summary>
    private static void CheckFolder(string dir, int tasks, bool resume)
    {
        string shards = Path.Combine(dir, "shards");
        var existing = Directory.Exists(shards) ? Directory.GetDirectories(shards).Select(Path.GetFileName).ToList() : [];
        bool used = existing.Count > 0 || File.Exists(Path.Combine(dir, "results.csv"));
        if (used && !resume)
        {
            throw new InputException(dir, "already holds a sweep (results.csv or shards/); give --resume to continue it, or another --out");
        }

        foreach (string? name in existing)
        {
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k > tasks)
            {
                throw new InputException(Path.Combine(shards, name ?? ""), $"is not a shard of --slurm {tasks}: resume with the --slurm N the sweep was submitted with");
            }
        }

        string array = Path.Combine(dir, SlurmScripts.ArrayFile);
        if (existing.Count > 0 && File.Exists(array) && !File.ReadLines(array).Contains($"#SBATCH --array=1-{tasks}", StringComparer.Ordinal))
        {
            throw new InputException("--slurm", $"{tasks} differs from the task count in {array}: resume with the --slurm N the sweep was submitted with");
        }
    }
}
