using IMCSim.Cli.Slurm;
using IMCSim.Simulator.Common;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// `imcsim sweep --slurm N` without a Slurm cluster: the scripts --slurm-dry-run writes (array range, shard arguments, options and
/// their quoting), the scripts run by hand as Slurm would run them (each task its shard, the merge reporting a failed task's points),
/// the option parsing, and the one-line errors.
/// </summary>
public sealed class SlurmScriptsTests
{
    private const string CostSweep = "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4, 6]\n  cols-per-adc: [4, 8]\n  device: [pcm, rram]\n";

    [Fact]
    public void DryRun_WritesAnArrayOfShardsAndAMergeScript_WithTheUsersOptionsQuoted()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        string dir = tmp.File("it's a dir");
        var (code, stdout, stderr) = CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "3", "--jobs", "2", "--slurm-dry-run",
            "--slurm-options", "--partition=gpu --time=02:00:00 --comment \"sweep #1\" --account 'my lab'");
        Assert.True(code == 0, stderr);
        Assert.Contains("afterany", stdout, StringComparison.Ordinal);

        string[] array = File.ReadAllLines(Path.Combine(dir, "sweep.sbatch"));
        Assert.Equal("#!/bin/bash", array[0]);
        Assert.Contains("#SBATCH --array=1-3", array);
        Assert.Contains("#SBATCH --cpus-per-task=2", array);
        Assert.Contains("#SBATCH --requeue", array);
        Assert.Contains($"#SBATCH --output=\"{dir}/logs/%A_%a.out\"", array);
        Assert.Contains($"#SBATCH --chdir={Directory.GetCurrentDirectory()}", array);
        Assert.Contains("#SBATCH --partition=gpu", array);
        Assert.Contains("#SBATCH --time=02:00:00", array);
        Assert.Contains("#SBATCH --comment \"sweep #1\"", array);
        Assert.Contains("#SBATCH --account \"my lab\"", array);
        Assert.Contains($"out='{tmp.Path}/it'\\''s a dir'", array);
        string exec = array.Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        Assert.EndsWith($" sweep {sweep} --out \"$out/shards/$k\" --shard \"$k/3\" --jobs 2 --resume", exec, StringComparison.Ordinal);
        Assert.Contains("imcsim.dll", exec, StringComparison.Ordinal);
        // The user's options come after imcsim's own, so theirs win where both set one (--output, --job-name).
        Assert.True(Array.IndexOf(array, "#SBATCH --partition=gpu") > Array.IndexOf(array, "#SBATCH --cpus-per-task=2"));

        string[] merge = File.ReadAllLines(Path.Combine(dir, "merge.sbatch"));
        Assert.Contains($"#SBATCH --output=\"{dir}/logs/merge_%j.out\"", merge);
        Assert.Contains("#SBATCH --partition=gpu", merge);
        Assert.DoesNotContain(merge, l => l.Contains("--array", StringComparison.Ordinal));
        Assert.Contains("for k in $(seq 1 3); do", merge);
        Assert.EndsWith($" merge \"${{shards[@]}}\" --out \"$out\" --sweep {sweep}", merge.Single(l => l.StartsWith("exec ", StringComparison.Ordinal)), StringComparison.Ordinal);
        foreach (string script in new[] { "sweep.sbatch", "merge.sbatch" })
        {
            var (syntax, _, error) = ProcessRunner.Run("bash", ["-n", Path.Combine(dir, script)]);
            Assert.True(syntax == 0, $"{script}: {error}");
        }

        Assert.True(Directory.Exists(Path.Combine(dir, "logs")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "shards")));
    }

    [Fact]
    public void Scripts_RunAsSlurmWouldRunThem_MergeReportsAFailedTasksPoints_AndAResubmittedTaskCompletesTheSweep()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        string dir = tmp.File("on slurm");
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "3", "--slurm-dry-run");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("local"));
        Assert.True(code == 0, stderr);

        // Tasks 1 and 3 run; task 2 "fails" before its first point. The merge reports task 2's points as missing.
        foreach (int k in new[] { 1, 3 })
        {
            var task = ProcessRunner.Run("bash", [Path.Combine(dir, "sweep.sbatch")], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = $"{k}" });
            Assert.True(task.Code == 0, task.Stderr);
        }

        var merge = ProcessRunner.Run("bash", [Path.Combine(dir, "merge.sbatch")]);
        Assert.True(merge.Code == 0, merge.Stderr);
        Assert.Contains("shard 2/3 wrote no results.csv", merge.Stderr, StringComparison.Ordinal);
        int shard2 = SweepCommandTests.Rows(tmp.File("local")).Count(r => !SweepCommandTests.Rows(Path.Combine(dir, "shards", "1")).Concat(SweepCommandTests.Rows(Path.Combine(dir, "shards", "3"))).Any(s => s["point"] == r["point"]));
        Assert.Equal(3, shard2);
        Assert.Contains($"missing    {shard2}", merge.Stdout, StringComparison.Ordinal);
        Assert.Equal(8 - shard2, SweepCommandTests.Rows(dir).Count);

        // Task 2 resubmitted, the merge run again: the merged results equal the local, unsharded sweep's.
        var again = ProcessRunner.Run("bash", [Path.Combine(dir, "sweep.sbatch")], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2" });
        Assert.True(again.Code == 0, again.Stderr);
        merge = ProcessRunner.Run("bash", [Path.Combine(dir, "merge.sbatch")]);
        Assert.True(merge.Code == 0, merge.Stderr);
        Assert.Contains("missing    0", merge.Stdout, StringComparison.Ordinal);
        Assert.Equal(SweepCommandTests.Comparable(tmp.File("local")), SweepCommandTests.Comparable(dir));
        Assert.True(File.Exists(Path.Combine(dir, "results.parquet")));

        // Without SLURM_ARRAY_TASK_ID the array script says how it is meant to run.
        var bare = ProcessRunner.Run("bash", [Path.Combine(dir, "sweep.sbatch")], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "" });
        Assert.NotEqual(0, bare.Code);
        Assert.Contains("sbatch", bare.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSbatch_OneLineNamingSlurmAndSbatch_ExitCode2_AndTheScriptsStayWritten()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        // A PATH with only the dotnet host's own folder (the real one, not /usr/bin's link beside sbatch).
        string onPath = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        string dotnetDir = Path.GetDirectoryName(File.ResolveLinkTarget(onPath, returnFinalTarget: true)?.FullName ?? onPath)!;
        Assert.False(File.Exists(Path.Combine(dotnetDir, "sbatch")));
        var run = ProcessRunner.Run("dotnet", [ProcessRunner.ImcsimDll, "sweep", sweep, "--out", tmp.File("out"), "--slurm", "2"], new Dictionary<string, string> { ["PATH"] = dotnetDir });
        CliAssert.OneLineError(run, "--slurm", "sbatch", "not found");
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "sweep.sbatch")));
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "merge.sbatch")));
    }

    [Theory]
    [InlineData(new[] { "--slurm", "0" }, "--slurm", ">= 1")]
    [InlineData(new[] { "--slurm", "9" }, "--slurm", "at most 8")]
    [InlineData(new[] { "--slurm", "2", "--shard", "1/2" }, "--shard", "--slurm")]
    [InlineData(new[] { "--slurm", "2", "--jobs", "0" }, "--jobs", ">= 1")]
    [InlineData(new[] { "--slurm-options", "--partition=gpu" }, "--slurm-options", "needs --slurm")]
    [InlineData(new[] { "--slurm-dry-run" }, "--slurm-dry-run", "needs --slurm")]
    [InlineData(new[] { "--slurm", "2", "--slurm-options", "gpu" }, "--slurm-options", "'gpu'")]
    [InlineData(new[] { "--slurm", "2", "--slurm-options", "--array=1-5" }, "--slurm-options", "'--array'")]
    [InlineData(new[] { "--slurm", "2", "--slurm-options", "-d afterok:3" }, "--slurm-options", "'-d'")]
    [InlineData(new[] { "--slurm", "2", "--slurm-options", "--comment 'open" }, "--slurm-options", "unterminated")]
    public void BadSlurmOptions_OneLineError_NothingWritten(string[] options, string source, string problem)
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        CliAssert.OneLineError(CliRunner.Run(["sweep", sweep, "--out", tmp.File("out"), "--slurm-dry-run", .. options]), source, problem);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "sweep.sbatch")));
    }

    [Fact]
    public void ABadSweep_IsRejectedBeforeAnyScriptIsWritten()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "base:\n  model: zoo:lenet5\naxes:\n  adc-bitz: [4]\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out"), "--slurm", "1", "--slurm-dry-run"), sweep, "adc-bitz");
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void AFolderWithASweep_IsOnlyReusedWithResume_AndTheSameTaskCount()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        string dir = tmp.File("out");
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "3", "--slurm-dry-run");
        Assert.True(code == 0, stderr);
        var task = ProcessRunner.Run("bash", [Path.Combine(dir, "sweep.sbatch")], new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3" });
        Assert.True(task.Code == 0, task.Stderr);

        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "3", "--slurm-dry-run"), dir, "--resume");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "2", "--slurm-dry-run", "--resume"), "shards/3", "--slurm 2");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "4", "--slurm-dry-run", "--resume"), "--slurm", "sweep.sbatch");
        (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", dir, "--slurm", "3", "--slurm-dry-run", "--resume");
        Assert.True(code == 0, stderr);
    }

    [Theory]
    [InlineData("--partition=gpu --time=02:00:00", new[] { "--partition=gpu", "--time=02:00:00" })]
    [InlineData("  --comment \"a b\"\t--x='c d' e\\ f ", new[] { "--comment", "a b", "--x=c d", "e f" })]
    [InlineData("\"a\\\"b\\\\c\\d\" 'x\\y'", new[] { "a\"b\\c\\d", "x\\y" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]
    [InlineData("", new string[0])]
    public void ShellWords_SplitLikeAShell(string text, string[] words) =>
        Assert.Equal(words, ShellWords.Split(text, "--slurm-options"));

    [Fact]
    public void ShellWords_QuoteForBashAndSbatch_RoundTripThroughSplit()
    {
        foreach (string word in new[] { "plain", "a b", "it's", "say \"hi\"", "back\\slash", "#hash", "", "$HOME" })
        {
            Assert.Equal([word], ShellWords.Split(ShellWords.QuoteForBash(word), "test"));
            Assert.Equal([word], ShellWords.Split(ShellWords.QuoteForSbatch(word), "test"));
        }

        Assert.Throws<InputException>(() => ShellWords.Split("--comment trailing\\", "--slurm-options"));
    }

    [Fact]
    public void SlurmOptions_GroupValuesWithTheirOption()
    {
        var groups = SlurmOptions.Parse("--partition gpu --gres=gpu:1 -t 10 --exclusive").Groups;
        Assert.Equal([["--partition", "gpu"], ["--gres=gpu:1"], ["-t", "10"], ["--exclusive"]], groups.Select(g => g.ToArray()).ToArray());
        Assert.Empty(SlurmOptions.Parse("  ").Groups);
    }

    private static string Write(TempDir tmp, string yaml)
    {
        string path = tmp.File("sweep.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
