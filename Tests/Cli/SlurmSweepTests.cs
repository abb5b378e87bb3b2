using System.Diagnostics;
using System.Text.RegularExpressions;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// `imcsim sweep --slurm N` on a real Slurm: scripts/slurm-local.sh starts a one-node cluster on this machine (idempotently; CI runs
/// it as root through scripts/test.sh too), the imcsim process submits a small sweep as a job array and its merge job, and the
/// merged results must equal a local run's. Never skipped: without Slurm it fails, naming the script that sets it up.
/// </summary>
public sealed class SlurmSweepTests
{
    private const string CostSweep = "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4, 5, 6]\n  cols-per-adc: [4, 8]\n  device: [pcm, rram]\n";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void JobArrayOfShards_AndItsMergeJob_GiveTheResultsOfALocalRun()
    {
        StartCluster();
        using var tmp = new TempDir();
        string sweep = tmp.File("sweep.yaml");
        File.WriteAllText(sweep, CostSweep);
        string dir = tmp.File("on-slurm");
        var submit = ProcessRunner.Run("dotnet", [ProcessRunner.ImcsimDll, "sweep", sweep, "--out", dir, "--slurm", "3", "--slurm-options", "--time=00:10:00 --comment 'imcsim test'"]);
        Assert.True(submit.Code == 0, $"imcsim sweep --slurm 3: exit {submit.Code}: {submit.Stderr}");
        Match ids = Regex.Match(submit.Stdout, @"job array (\d+) \(3 tasks\), merge job (\d+)");
        Assert.True(ids.Success, "no job ids in: " + submit.Stdout);
        string array = ids.Groups[1].Value, merge = ids.Groups[2].Value;
        Assert.Contains($"squeue -j {array},{merge}", submit.Stdout, StringComparison.Ordinal);

        WaitUntilDone(array, merge, dir);
        Assert.Equal(["COMPLETED", "COMPLETED", "COMPLETED"], States(array));
        Assert.Equal(["COMPLETED"], States(merge));
        Assert.Contains("Comment=imcsim test", Slurm("scontrol", "show", "job", "-o", merge), StringComparison.Ordinal);
        for (int k = 1; k <= 3; k++)
        {
            Assert.Contains($"(shard {k}/3 of 12)", File.ReadAllText(Path.Combine(dir, "logs", $"{array}_{k}.out")), StringComparison.Ordinal);
            Assert.Equal(4, SweepCommandTests.Rows(Path.Combine(dir, "shards", $"{k}")).Count);
        }

        string mergeLog = File.ReadAllText(Path.Combine(dir, "logs", $"merge_{merge}.out"));
        Assert.Contains("missing    0", mergeLog, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "results.parquet")), mergeLog);

        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("local"));
        Assert.True(code == 0, stderr);
        Assert.Equal(12, SweepCommandTests.Rows(dir).Count);
        Assert.Equal(SweepCommandTests.Comparable(tmp.File("local")), SweepCommandTests.Comparable(dir));
    }

    [Fact]
    public void AJobSbatchRefuses_IsOneLineWithSbatchsMessage_ExitCode2_AndTheScriptsStayWritten()
    {
        StartCluster();
        using var tmp = new TempDir();
        string sweep = tmp.File("sweep.yaml");
        File.WriteAllText(sweep, CostSweep);
        var run = ProcessRunner.Run("dotnet", [ProcessRunner.ImcsimDll, "sweep", sweep, "--out", tmp.File("out"), "--slurm", "2", "--slurm-options", "--partition=no-such-partition"]);
        CliAssert.OneLineError(run, "--slurm", "sbatch", "invalid partition");
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "sweep.sbatch")));
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "merge.sbatch")));
    }

    /// <summary>Runs scripts/slurm-local.sh: it installs and starts the one-node cluster, or does nothing when it is up.</summary>
    private static void StartCluster()
    {
        string script = Path.Combine(RepoPaths.Root, "scripts", "slurm-local.sh");
        var (code, stdout, stderr) = ProcessRunner.Run("bash", [script], timeout: TimeSpan.FromMinutes(10));
        Assert.True(code == 0, $"{script} (run as root; it installs slurm-wlm and munge and starts a one-node cluster) failed with exit {code}:\n{stdout}{stderr}");
    }

    /// <summary>Waits until neither job is queued or running any more; past the time limit, cancels both and fails with what Slurm says.</summary>
    private static void WaitUntilDone(string array, string merge, string dir)
    {
        var clock = Stopwatch.StartNew();
        while (Slurm("squeue", "-h", "-j", $"{array},{merge}", "-o", "%i %T").Trim().Length > 0)
        {
            if (clock.Elapsed > JobTimeout)
            {
                string queue = Slurm("squeue", "-j", $"{array},{merge}");
                Slurm("scancel", array, merge);
                string logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir, "logs")).Select(f => $"{f}:\n{File.ReadAllText(f)}"));
                Assert.Fail($"jobs {array} and {merge} did not end within {JobTimeout.TotalMinutes} min (cancelled):\n{queue}\n{logs}");
            }

            Thread.Sleep(500);
        }
    }

    /// <summary>The state of each job (each task of an array), from scontrol (the test cluster keeps ended jobs for 10 minutes).</summary>
    private static List<string> States(string job) =>
        [.. Regex.Matches(Slurm("scontrol", "show", "job", "-o", job), @"JobState=(\S+)").Select(m => m.Groups[1].Value)];

    private static string Slurm(string command, params string[] args)
    {
        var (code, stdout, stderr) = ProcessRunner.Run(command, args, timeout: TimeSpan.FromMinutes(1));
        return code == 0 || stderr.Contains("Invalid job id", StringComparison.Ordinal) ? stdout : throw new InvalidOperationException($"{command} {string.Join(' ', args)}: exit {code}: {stderr}");
    }
}
