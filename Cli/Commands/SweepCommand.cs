using System.CommandLine;
using IMCSim.Cli.Config;
using IMCSim.Cli.Output;
using IMCSim.Cli.Slurm;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim sweep SWEEP.yaml --out DIR [--jobs N] [--resume] [--shard K/N]`: every point of the sweep's grid (<see cref="SweepFile"/>), each a
/// full simulation or a cost-only evaluation (<see cref="SweepRunner"/>), each finished point appended to DIR/results.csv at once.
/// Progress on stderr (<see cref="SweepProgress"/>). With `--slurm N` the sweep is submitted to Slurm instead (<see cref="SlurmSweep"/>).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("sweep", "Run a design-space sweep: every point of a grid of settings, accuracy and cost, appended to DIR/results.csv as it finishes.");
        var file = new Argument<string>("SWEEP.yaml") { Description = "the sweep: base: settings, axes: key: [values], mode: simulate|cost" };
        var outDir = new Option<string>("--out") { Description = "output folder (results.csv)", DefaultValueFactory = _ => "imcsim-sweep" };
        var jobs = new Option<int>("--jobs") { Description = "points run at once (results do not depend on it)", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "continue the sweep in --out: skip finished points, re-run a point cut short" };
        var shard = new Option<string?>("--shard") { Description = "run shard K of N (K/N): the points with grid index mod N = K - 1; imcsim merge joins the shards" };
        var slurm = new Option<int?>("--slurm") { Description = "submit to Slurm as a job array of N tasks (task K runs shard K/N into DIR/shards/K) and a merge job after it into DIR" };
        var slurmOptions = new Option<string?>("--slurm-options") { Description = "extra sbatch options for the array and the merge job, as a shell word list, e.g. \"--partition=gpu --time=02:00:00\"" };
        var slurmDryRun = new Option<bool>("--slurm-dry-run") { Description = "with --slurm: only write DIR/sweep.sbatch and DIR/merge.sbatch, submit nothing" };
        command.Arguments.Add(file);
        command.Options.Add(outDir);
        command.Options.Add(jobs);
        command.Options.Add(resume);
        command.Options.Add(shard);
        command.Options.Add(slurm);
        command.Options.Add(slurmOptions);
        command.Options.Add(slurmDryRun);
        command.SetAction(parse =>
        {
            if (parse.GetValue(slurm) is not { } tasks)
            {
                return parse.GetValue(slurmOptions) is not null ? throw new InputException("--slurm-options", "needs --slurm N")
                    : parse.GetValue(slurmDryRun) ? throw new InputException("--slurm-dry-run", "needs --slurm N")
                    : Run(parse.GetValue(file)!, parse.GetValue(outDir)!, parse.GetValue(jobs), parse.GetValue(resume), output, error,
                        parse.GetValue(shard) is { } k ? SweepShard.Parse(k, "--shard") : SweepShard.All);
            }

            return parse.GetValue(shard) is not null
                ? throw new InputException("--shard", "cannot be combined with --slurm: array task K runs shard K/N itself")
                : SlurmSweep.Run(parse.GetValue(file)!, parse.GetValue(outDir)!, tasks, parse.GetValue(jobs), parse.GetValue(resume), parse.GetValue(slurmOptions), parse.GetValue(slurmDryRun), output);
        });
        return command;
    }

    internal static int Run(string sweepPath, string outDir, int jobs, bool resume, TextWriter output, TextWriter error, SweepShard? shard = null, CancellationToken cancel = default)
    {
        shard ??= SweepShard.All;
        if (jobs < 1)
        {
            throw new InputException("--jobs", $"must be >= 1, got {jobs}");
        }

        SweepSpec spec = SweepFile.Read(sweepPath);
        WorkloadOptions.PrepareOutput(outDir);
        string resultsPath = Path.Combine(outDir, "results.csv");
        var axes = spec.Axes.Select(a => a.Key).ToList();
        var (results, done) = resume ? SweepResults.OpenForResume(resultsPath, spec) : (SweepResults.Create(resultsPath, axes, spec.Identity), new HashSet<string>(StringComparer.Ordinal));
        int total = spec.Points.Count(shard.Holds);
        // Done points of this shard only: a folder may hold other shards' rows too (a sweep finished in one folder shard by shard).
        int doneHere = spec.Points.Count(p => shard.Holds(p) && done.Contains(p.Key));
        var progress = new SweepProgress(error, total, doneHere, terminal: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
        error.WriteLine($"sweep: {total} points{(shard.Count > 1 ? $" (shard {shard} of {spec.Points.Count})" : "")} ({(spec.CostOnly ? "cost only" : "simulate")}), {doneHere} already done, {jobs} at a time");
        var gate = new object();
        SweepRunner.Run(spec, done, jobs, shard, row =>
        {
            results.Append(row);
            lock (gate)
            {
                progress.Finished(row.Point.Key, row.Status, row.Reason);
            }
        }, cancel);
        SweepParquet.Write(resultsPath, Path.Combine(outDir, "results.parquet"));
        output.WriteLine($"sweep      {total} points, {progress.Failed} failed this run");
        output.WriteLine($"wrote      {resultsPath}, results.parquet");
        return ImcsimApp.ExitOk;
    }
}
