using System.Text;

namespace IMCSim.Cli.Slurm;

/// <summary>
/// The two batch scripts of a sweep on Slurm, written to the output folder:
/// <list type="bullet">
/// <item>DIR/sweep.sbatch, a job array 1-N: task K runs `imcsim sweep SWEEP --shard K/N --resume` into DIR/shards/K (its own
/// results.csv; a requeued or resubmitted task continues where it stopped), one log per task in DIR/logs/ARRAYID_K.out;</item>
/// <item>DIR/merge.sbatch, submitted to run after the whole array (afterany: also when tasks failed, so the merge reports their
/// points as missing): `imcsim merge` of the shards that wrote results into DIR/results.csv and results.parquet.</item>
/// </list>
/// Every path is absolute and the jobs start in the folder the sweep was submitted from, so relative paths in the sweep file mean
/// what they mean locally. The user's options follow imcsim's own #SBATCH lines (sbatch lets a later line override an earlier one).
/// </summary>
internal sealed record SlurmScripts(string SweepFile, string OutDir, string WorkDir, int Tasks, int Jobs, IReadOnlyList<string> Launcher, SlurmOptions Options)
{
    public const string ArrayFile = "sweep.sbatch";
    public const string MergeFile = "merge.sbatch";

    public string ArrayPath => Path.Combine(OutDir, ArrayFile);

    public string MergePath => Path.Combine(OutDir, MergeFile);

    public string LogDir => Path.Combine(OutDir, "logs");

    private string Name => Path.GetFileNameWithoutExtension(SweepFile);

    public string ArrayScript()
    {
        var s = Header($"imcsim-sweep-{Name}", Path.Combine(LogDir, "%A_%a.out"));
        Directive(s, $"--array=1-{Tasks}");
        Directive(s, $"--cpus-per-task={Jobs}");
        Directive(s, "--requeue");
        UserOptions(s);
        s.Append("\nset -euo pipefail\n");
        s.Append("k=${SLURM_ARRAY_TASK_ID:?is not set: submit this script with sbatch, it is a job array}\n");
        s.Append($"out={ShellWords.QuoteForBash(OutDir)}\n");
        s.Append($"# Task k runs shard k/{Tasks} into its own folder; --resume continues a requeued or resubmitted task.\n");
        s.Append($"exec {Command()} sweep {ShellWords.QuoteForBash(SweepFile)} --out \"$out/shards/$k\" --shard \"$k/{Tasks}\" --jobs {Jobs} --resume\n");
        return s.ToString();
    }

    public string MergeScript()
    {
        var s = Header($"imcsim-merge-{Name}", Path.Combine(LogDir, "merge_%j.out"));
        Directive(s, "--cpus-per-task=1");
        UserOptions(s);
        s.Append("\nset -euo pipefail\n");
        s.Append($"out={ShellWords.QuoteForBash(OutDir)}\n");
        s.Append("shards=()\n");
        s.Append($"for k in $(seq 1 {Tasks}); do\n");
        s.Append("  if [[ -f \"$out/shards/$k/results.csv\" ]]; then\n");
        s.Append("    shards+=(\"$out/shards/$k\")\n");
        s.Append("  else\n");
        s.Append($"    echo \"merge: shard $k/{Tasks} wrote no results.csv (its task failed before its first point); its points are reported missing\" >&2\n");
        s.Append("  fi\n");
        s.Append("done\n");
        s.Append("if ((${#shards[@]} == 0)); then\n");
        s.Append("  echo \"merge: no shard wrote results; see the task logs in $out/logs\" >&2\n");
        s.Append("  exit 1\n");
        s.Append("fi\n");
        s.Append("# A merge run again (after resubmitting failed tasks) replaces the previous merge.\n");
        s.Append("rm -f \"$out/results.csv\" \"$out/results.parquet\"\n");
        s.Append($"exec {Command()} merge \"${{shards[@]}}\" --out \"$out\" --sweep {ShellWords.QuoteForBash(SweepFile)}\n");
        return s.ToString();
    }

    /// <summary>Writes both scripts (executable) and creates DIR/logs and DIR/shards.</summary>
    public void Write()
    {
        Directory.CreateDirectory(LogDir);
        Directory.CreateDirectory(Path.Combine(OutDir, "shards"));
        foreach (var (path, text) in new[] { (ArrayPath, ArrayScript()), (MergePath, MergeScript()) })
        {
            File.WriteAllText(path, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
    }

    private StringBuilder Header(string jobName, string output)
    {
        var s = new StringBuilder("#!/bin/bash\n");
        s.Append($"# Written by `imcsim sweep --slurm {Tasks}` for {SweepFile}.\n");
        Directive(s, $"--job-name={jobName}");
        Directive(s, $"--output={output}");
        Directive(s, "--open-mode=append");
        Directive(s, "--ntasks=1");
        Directive(s, $"--chdir={WorkDir}");
        return s;
    }

    private void UserOptions(StringBuilder s)
    {
        foreach (var group in Options.Groups)
        {
            s.Append("#SBATCH ").AppendJoin(' ', group.Select(ShellWords.QuoteForSbatch)).Append('\n');
        }
    }

    private static void Directive(StringBuilder s, string option)
    {
        int eq = option.IndexOf('=', StringComparison.Ordinal);
        s.Append("#SBATCH ").Append(eq < 0 ? option : option[..(eq + 1)] + ShellWords.QuoteForSbatch(option[(eq + 1)..])).Append('\n');
    }

    private string Command() => string.Join(' ', Launcher.Select(ShellWords.QuoteForBash));
}
