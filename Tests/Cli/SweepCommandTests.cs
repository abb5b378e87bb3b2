using System.Globalization;
using IMCSim.Cli.Commands;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>`imcsim sweep`: grid points, results appended per point, resume after a kill or a cut-off row, jobs, failed points, bad sweeps.</summary>
public sealed class SweepCommandTests
{
    private const string CostSweep = "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4, 6]\n  cols-per-adc: [4, 8]\n  device: [pcm, rram]\n";

    [Fact]
    public async Task CostSweep_OneRowPerPoint_EqualToTheCostModelRunAlone()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("sweep", Write(tmp, CostSweep), "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        var rows = Rows(tmp.File("out"));
        Assert.Equal(8, rows.Count);
        Assert.Equal(8, rows.Select(r => r["point"]).Distinct().Count());
        var row = rows.Single(r => r["point"] == "adc-bits=6;cols-per-adc=4;device=rram");
        Assert.Equal("ok", row["status"]);
        var alone = CostEstimate.Run(SimulationSettings.Create(new Dictionary<string, string> { ["model"] = "zoo:lenet5", ["adc-bits"] = "6", ["cols-per-adc"] = "4", ["device"] = "rram" }), new CpuKernels(1)).Report;
        Assert.Equal(alone.TopsPerW, double.Parse(row["tops_per_w"], CultureInfo.InvariantCulture));
        Assert.Equal(alone.AreaMm2, double.Parse(row["area_mm2"], CultureInfo.InvariantCulture));

        // results.parquet holds the same rows, metrics as numbers (Parquet.Net reads it back).
        await using var stream = File.OpenRead(Path.Combine(tmp.File("out"), "results.parquet"));
        var parquet = await Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(stream);
        Assert.Equal(8, parquet.Data.Count);
        var same = parquet.Data.Single(r => (string)r["point"]! == "adc-bits=6;cols-per-adc=4;device=rram");
        Assert.Equal(alone.TopsPerW, Assert.IsType<double>(same["tops_per_w"]));
        Assert.Equal("rram", same["device"]);
        Assert.Equal(1UL, same["seed"]); // seeds are unsigned 64-bit, as the setting
    }

    [Fact]
    public void KilledSweep_Resumes_ToTheSameRowsAsAnUninterruptedRun_AndACutOffRowRunsAgain()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("whole"));
        Assert.True(code == 0, stderr);

        // Stop after three points (as a kill would), then cut the last row short as a kill mid-write would.
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, "3/8 done");
        Assert.ThrowsAny<OperationCanceledException>(() => SweepCommand.Run(sweep, tmp.File("part"), 1, false, TextWriter.Null, progress, null, cancel.Token));
        string results = Path.Combine(tmp.File("part"), "results.csv");
        Assert.Equal(4, File.ReadAllLines(results).Length);
        File.WriteAllText(results, File.ReadAllText(results)[..^7]);

        (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("part"), "--resume");
        Assert.True(code == 0, stderr);
        Assert.Equal(Comparable(tmp.File("whole")), Comparable(tmp.File("part")));
    }

    [Fact]
    public void SimulateSweep_GivesAccuracyAndCost_EqualToSimulateRunAlone()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "base:\n  samples: 20\n  parasitics: none\naxes:\n  adc-bits: [4, 6]\n");
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        var row = Rows(tmp.File("out")).Single(r => r["adc-bits"] == "4");
        (code, _, stderr) = CliRunner.Run("simulate", "--samples", "20", "--parasitics", "none", "--adc-bits", "4", "--out", tmp.File("alone"));
        Assert.True(code == 0, stderr);
        var alone = Rows(tmp.File("alone"), "summary.csv").Single();
        foreach (string column in new[] { "accuracy_float", "accuracy_hw", "area_mm2", "energy_per_image_uj", "tops_per_w" })
        {
            Assert.Equal(alone[column], row[column]);
        }
    }

    [Fact]
    public void Jobs_DoNotChangeTheResults()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("one"), "--jobs", "1");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("three"), "--jobs", "3");
        Assert.True(code == 0, stderr);
        Assert.Equal(Comparable(tmp.File("one")), Comparable(tmp.File("three")));
    }

    [Fact]
    public void Shards_MergedEqualTheWholeSweep_AndMergeReportsMissingAndDuplicatePoints()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("whole"));
        Assert.True(code == 0, stderr);
        for (int k = 1; k <= 3; k++)
        {
            (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File($"s{k}"), "--shard", $"{k}/3");
            Assert.True(code == 0, stderr);
        }

        Assert.Equal(8, Enumerable.Range(1, 3).Sum(k => Rows(tmp.File($"s{k}")).Count));
        string stdout;
        (code, stdout, stderr) = CliRunner.Run("merge", tmp.File("s1"), tmp.File("s2"), tmp.File("s3"), "--out", tmp.File("merged"), "--sweep", sweep);
        Assert.True(code == 0, stderr);
        Assert.Contains("duplicates 0", stdout, StringComparison.Ordinal);
        Assert.Contains("missing    0", stdout, StringComparison.Ordinal);
        Assert.Equal(Comparable(tmp.File("whole")), Comparable(tmp.File("merged")));

        // Shard 3 left out and shard 1 given twice: its points are duplicates, shard 3's are missing.
        (code, stdout, stderr) = CliRunner.Run("merge", tmp.File("s1"), tmp.File("s2"), tmp.File("s1"), "--out", tmp.File("partial"), "--sweep", sweep);
        Assert.True(code == 0, stderr);
        Assert.Contains($"duplicates {Rows(tmp.File("s1")).Count}", stdout, StringComparison.Ordinal);
        Assert.Contains($"missing    {Rows(tmp.File("s3")).Count}", stdout, StringComparison.Ordinal);
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("bad"), "--shard", "4/3"), "--shard", "4/3");
    }

    [Fact]
    public void LinkedAxes_VaryTogether_AndASeededSample_IsTheSameSubsetForTheSameSeed()
    {
        using var tmp = new TempDir();
        string linked = Write(tmp, "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4, 5, 6]\n  cols-per-adc: [4, 8, 16]\n  device: [pcm, rram]\nlinked: [[adc-bits, cols-per-adc]]\n");
        var (code, _, stderr) = CliRunner.Run("sweep", linked, "--out", tmp.File("linked"));
        Assert.True(code == 0, stderr);
        var rows = Rows(tmp.File("linked"));
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(r["adc-bits"] switch { "4" => "4", "5" => "8", _ => "16" }, r["cols-per-adc"]));

        string Sampled(string seed, string dir)
        {
            string path = tmp.File($"sample{seed}{dir}.yaml");
            File.WriteAllText(path, $"base:\n  model: zoo:lenet5\n  seed: {seed}\nmode: cost\nsample: 5\naxes:\n  adc-bits: [3, 4, 5, 6]\n  device: [pcm, rram, sram]\n");
            var (c, _, e) = CliRunner.Run("sweep", path, "--out", tmp.File(dir));
            Assert.True(c == 0, e);
            return string.Join(" ", Rows(tmp.File(dir)).Select(r => r["point"]).Order(StringComparer.Ordinal));
        }

        string first = Sampled("1", "a"), again = Sampled("1", "b"), other = Sampled("2", "c");
        Assert.Equal(5, first.Split(' ').Distinct().Count());
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        string tooMany = Write(tmp, "base:\n  model: zoo:lenet5\nmode: cost\nsample: 13\naxes:\n  adc-bits: [3, 4, 5, 6]\n  device: [pcm, rram, sram]\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", tooMany, "--out", tmp.File("x")), "sample", "1..12");
        string badLink = Write(tmp, "base:\n  model: zoo:lenet5\naxes:\n  adc-bits: [4, 5]\n  cols-per-adc: [4, 8, 16]\nlinked: [[adc-bits, cols-per-adc]]\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", badLink, "--out", tmp.File("y")), "linked", "adc-bits (2)");
    }

    [Fact]
    public void AFailingPoint_IsARowWithItsReason_AndTheSweepGoesOn()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "base:\n  model: zoo:lenet5\n  adc-type: sense-amp\nmode: cost\naxes:\n  adc-bits: [1, 4]\n");
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        var rows = Rows(tmp.File("out"));
        Assert.Equal("failed", rows.Single(r => r["adc-bits"] == "1")["status"]);
        Assert.Contains("adc-bits", rows.Single(r => r["adc-bits"] == "1")["reason"], StringComparison.Ordinal);
        Assert.Equal("ok", rows.Single(r => r["adc-bits"] == "4")["status"]);
    }

    [Theory]
    [InlineData("axes:\n  adc-bitz: [4]\n", "adc-bitz")]
    [InlineData("axes:\n  adc-bits: []\n", "no values")]
    [InlineData("axes:\n  adc-bits: [four]\n", "adc-bits")]
    [InlineData("base:\n  nodes: 22\naxes:\n  adc-bits: [4]\n", "base.nodes")]
    [InlineData("mode: fast\naxes:\n  adc-bits: [4]\n", "mode")]
    [InlineData("base:\n  model: zoo:lenet5\n", "at least one axis")]
    public void BadSweep_OneLineNamingTheFileAndTheField_BeforeAnythingRuns(string yaml, string field)
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, yaml);
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out")), sweep, field);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "results.csv")));
    }

    [Fact]
    public void ExistingResults_WithoutResume_AreNotOverwritten()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, CostSweep);
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        byte[] before = File.ReadAllBytes(Path.Combine(tmp.File("out"), "results.csv"));
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out")), "results.csv", "--resume");
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(tmp.File("out"), "results.csv")));
    }

    private static string Write(TempDir tmp, string yaml)
    {
        string path = tmp.File("sweep.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    internal static List<Dictionary<string, string>> Rows(string dir, string file = "results.csv")
    {
        string[] lines = File.ReadAllLines(Path.Combine(dir, file));
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    /// <summary>The rows sorted by point, without wall_time_s (the one column that may differ between identical runs).</summary>
    internal static List<string> Comparable(string dir) =>
        [.. Rows(dir).Select(r => string.Join(",", r.Where(kv => kv.Key != "wall_time_s").Select(kv => kv.Value))).Order(StringComparer.Ordinal)];

    /// <summary>A progress writer that cancels the sweep once a line containing <paramref name="marker"/> is written.</summary>
    private sealed class CancelAfter(CancellationTokenSource cancel, string marker) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(marker, StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
