using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Sweeps;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// What a sweep folder holds is never mixed with another sweep's results, never half-written and never overwritten: --resume and
/// merge check the sweep each folder holds, every row is checked before anything runs or is written, and a sweep whose axis takes
/// a value no point can take is refused before anything runs.
/// </summary>
public sealed class SweepOutputSafetyTests
{
    private const string Sweep = "base:\n  model: zoo:lenet5\n  device: DEVICE\nmode: cost\naxes:\n  adc-bits: [4, 6]\n";

    /// <summary>The two-point cost sweep with <paramref name="device"/> as its base device.</summary>
    private static string SweepOn(string device) => Sweep.Replace("DEVICE", device, StringComparison.Ordinal);

    private static string Write(TempDir tmp, string name, string yaml)
    {
        string path = tmp.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static void Run(params string[] args)
    {
        var (code, _, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Resume_OfAnotherSweepsFolder_IsRefused_NamingTheDifference_AndChangesNothing()
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "pcm.yaml", SweepOn("pcm")), "--out", tmp.File("out"));
        string results = Path.Combine(tmp.File("out"), "results.csv");
        byte[] before = File.ReadAllBytes(results);

        // Same axes (same header), another base device: its rows are not this sweep's.
        string rram = Write(tmp, "rram.yaml", SweepOn("rram"));
        CliAssert.OneLineError(CliRunner.Run("sweep", rram, "--out", tmp.File("out"), "--resume"), SweepResultsIdentity, "base.device: rram", "base.device: pcm");
        Assert.Equal(before, File.ReadAllBytes(results));

        // Another mode or sample size is another sweep too.
        string simulate = Write(tmp, "sim.yaml", SweepOn("pcm").Replace("mode: cost\n", "", StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("sweep", simulate, "--out", tmp.File("out"), "--resume"), SweepResultsIdentity, "mode: simulate");
        Assert.Equal(before, File.ReadAllBytes(results));

        // The same sweep resumes (nothing left to do), whatever its thread count.
        string same = Write(tmp, "same.yaml", SweepOn("pcm").Replace("  device: pcm\n", "  device: pcm\n  threads: 1\n", StringComparison.Ordinal));
        var (code, _, stderr) = CliRunner.Run("sweep", same, "--out", tmp.File("out"), "--resume");
        Assert.True(code == 0, stderr);
        Assert.Contains("2 already done", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(results));
    }

    private const string SweepResultsIdentity = "sweep-identity.txt";

    [Fact]
    public void Resume_WithMoreValuesOnAnAxis_RunsOnlyTheNewPoints_AndReorderedAxesAreRefusedWithoutACrash()
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "s.yaml", SweepOn("pcm")), "--out", tmp.File("out"));
        string more = Write(tmp, "more.yaml", SweepOn("pcm").Replace("[4, 6]", "[4, 5, 6]", StringComparison.Ordinal));
        var (code, _, stderr) = CliRunner.Run("sweep", more, "--out", tmp.File("out"), "--resume");
        Assert.True(code == 0, stderr);
        Assert.Contains("3 points (cost only), 2 already done", stderr, StringComparison.Ordinal);
        Assert.Equal(3, SweepCommandTests.Rows(tmp.File("out")).Count);

        // Two axes listed the other way round: another header (other point keys), refused as another sweep's results.
        string twoAxes = "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  adc-bits: [4, 6]\n  device: [pcm, rram]\n";
        Run("sweep", Write(tmp, "two.yaml", twoAxes), "--out", tmp.File("two"));
        string swapped = Write(tmp, "swapped.yaml", "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  device: [pcm, rram]\n  adc-bits: [4, 6]\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", swapped, "--out", tmp.File("two"), "--resume"), "results.csv", "header differs");
    }

    [Fact]
    public void ARefusedResume_LeavesTheFileAsItWas_EvenACutOffLastLine()
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "s.yaml", SweepOn("pcm")), "--out", tmp.File("out"));
        string results = Path.Combine(tmp.File("out"), "results.csv");
        File.WriteAllText(results, File.ReadAllText(results)[..^7]);
        byte[] cut = File.ReadAllBytes(results);
        CliAssert.OneLineError(CliRunner.Run("sweep", Write(tmp, "rram.yaml", SweepOn("rram")), "--out", tmp.File("out"), "--resume"), SweepResultsIdentity);
        Assert.Equal(cut, File.ReadAllBytes(results));

        // A folder without an identity (older results) whose header is another sweep's: refused by its header, also untouched.
        File.Delete(Path.Combine(tmp.File("out"), SweepResultsIdentity));
        string otherAxes = Write(tmp, "axes.yaml", "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  cols-per-adc: [4, 8]\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", otherAxes, "--out", tmp.File("out"), "--resume"), results, "header differs");
        Assert.Equal(cut, File.ReadAllBytes(results));
    }

    [Fact]
    public void AFolderWrittenBeforeIdentities_Resumes_ButIsNotGivenAGuessedIdentity()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "s.yaml", SweepOn("pcm"));
        Run("sweep", sweep, "--out", tmp.File("out"), "--shard", "1/2");
        File.Delete(Path.Combine(tmp.File("out"), SweepResultsIdentity));
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("out"), "--resume");
        Assert.True(code == 0, stderr);
        Assert.Equal(2, SweepCommandTests.Rows(tmp.File("out")).Count);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), SweepResultsIdentity)));

        // Merged with a folder that names its sweep, the result names none either (one input's sweep is unknown).
        Run("sweep", sweep, "--out", tmp.File("named"), "--shard", "1/2");
        Run("merge", tmp.File("out"), tmp.File("named"), "--out", tmp.File("m"));
        Assert.False(File.Exists(Path.Combine(tmp.File("m"), SweepResultsIdentity)));
    }

    [Fact]
    public void Resume_WithAMalformedRow_IsRefusedBeforeAnythingRuns()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "s.yaml", SweepOn("pcm"));
        Run("sweep", sweep, "--out", tmp.File("out"));
        string results = Path.Combine(tmp.File("out"), "results.csv");
        string[] lines = File.ReadAllLines(results);

        // A whole line of garbage in the middle (not a cut-off last line, which is re-run): no point may run on top of it.
        File.WriteAllText(results, lines[0] + "\ngarbage,,,\n" + lines[1] + "\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out"), "--resume"), results, "line 2", "fields");
        Assert.Equal(3, File.ReadAllLines(results).Length);

        // A whole row whose point is not one of this sweep's.
        File.WriteAllText(results, lines[0] + "\n" + lines[1].Replace("adc-bits=4", "adc-bits=5", StringComparison.Ordinal).Replace(",4,ok", ",5,ok", StringComparison.Ordinal) + "\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out"), "--resume"), results, "line 2", "adc-bits=5", "not a point of this sweep");
        Assert.Equal(2, File.ReadAllLines(results).Length);
    }

    [Fact]
    public void Merge_RefusesFoldersOfDifferentSweeps_AndBadRows_WritingNothing()
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "pcm.yaml", SweepOn("pcm")), "--out", tmp.File("a"), "--shard", "1/2");
        Run("sweep", Write(tmp, "rram.yaml", SweepOn("rram")), "--out", tmp.File("b"), "--shard", "2/2");
        CliAssert.OneLineError(CliRunner.Run("merge", tmp.File("a"), tmp.File("b"), "--out", tmp.File("m1")), SweepResultsIdentity, "base.device");
        Assert.False(File.Exists(Path.Combine(tmp.File("m1"), "results.csv")));

        // The sweep file given to merge must be the folders' sweep.
        CliAssert.OneLineError(CliRunner.Run("merge", tmp.File("a"), "--out", tmp.File("m2"), "--sweep", tmp.File("rram.yaml")), SweepResultsIdentity, "base.device");
        string otherAxes = Write(tmp, "axes.yaml", "base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  cols-per-adc: [4, 8]\n");
        CliAssert.OneLineError(CliRunner.Run("merge", tmp.File("a"), "--out", tmp.File("m3"), "--sweep", otherAxes), "axes.yaml", "not the same sweep");

        // A bad row in an input is named there (file and line), and no merged file is left behind.
        string input = Path.Combine(tmp.File("a"), "results.csv");
        File.AppendAllText(input, "x,y\n");
        CliAssert.OneLineError(CliRunner.Run("merge", tmp.File("a"), "--out", tmp.File("m4")), input, "line 3", "fields");
        Assert.False(Directory.Exists(tmp.File("m4")));
    }

    [Fact]
    public void Merge_OfOneSweepsShards_CarriesItsIdentity_SoTheMergedFolderResumes()
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "s.yaml", SweepOn("pcm"));
        Run("sweep", sweep, "--out", tmp.File("a"), "--shard", "1/2");
        Run("sweep", sweep, "--out", tmp.File("b"), "--shard", "2/2");
        Run("merge", tmp.File("a"), tmp.File("b"), "--out", tmp.File("m"));
        Assert.Equal(File.ReadAllText(Path.Combine(tmp.File("a"), SweepResultsIdentity)), File.ReadAllText(Path.Combine(tmp.File("m"), SweepResultsIdentity)));
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("m"), "--resume");
        Assert.True(code == 0, stderr);
        Assert.Contains("2 already done", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Out_MustBeAnHtmlFile_SoTheResultsCannotBeOverwritten()
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "s.yaml", SweepOn("pcm")), "--out", tmp.File("out"));
        string results = Path.Combine(tmp.File("out"), "results.csv");
        byte[] before = File.ReadAllBytes(results);
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("out"), "--out", results), "--out", ".html");
        Assert.Equal(before, File.ReadAllBytes(results));

        // A folder, or a name without .html: refused before any plot is written.
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("out"), "--out", tmp.File("out")), "--out", "folder");
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("out"), "--out", tmp.File("page")), "--out", ".html");
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("out"), "--out", ""), "--out");
        Assert.False(Directory.Exists(Path.Combine(tmp.File("out"), "report")));
        Assert.False(Directory.Exists(tmp.File("page")));
    }

    [Theory]
    [InlineData("NaN", "not a number")]
    [InlineData("-2", ">= 0")]
    public void Report_RefusesMetricsNoRunWrites(string value, string message)
    {
        using var tmp = new TempDir();
        Run("sweep", Write(tmp, "s.yaml", SweepOn("pcm")), "--out", tmp.File("out"));
        string results = Path.Combine(tmp.File("out"), "results.csv");
        var rows = SweepCommandTests.Rows(tmp.File("out"));
        string area = rows[0]["area_mm2"];
        File.WriteAllText(results, File.ReadAllText(results).Replace("," + area + ",", "," + value + ",", StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("report", tmp.File("out")), results, "area_mm2", message);
    }

    [Theory]
    [InlineData("adc-bits: [4, 99]", "adc-bits", "99")]
    [InlineData("device: [pcm, bogus]", "device", "bogus")]
    [InlineData("adc-bits: [4, 6, 04]", "adc-bits", "more than once")]
    [InlineData("out: [a, b]", "'out' cannot be an axis", "")]
    public void AnAxisValueNoPointCanTake_RejectsTheSweepBeforeAnythingRuns(string axis, string field, string detail)
    {
        using var tmp = new TempDir();
        string sweep = Write(tmp, "s.yaml", $"base:\n  model: zoo:lenet5\nmode: cost\naxes:\n  {axis}\n");
        CliAssert.OneLineError(CliRunner.Run("sweep", sweep, "--out", tmp.File("out")), sweep, field, detail);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "results.csv")));
    }

    [Fact]
    public void AGridTooLargeToRun_IsOneLine_AndASampleOfAHugeGridTakesTheSamePointsAsAFullShuffle()
    {
        using var tmp = new TempDir();
        string[] keys = ["seed", "rs", "rsink", "batch", "calibration-images", "temperature", "drift-time", "adc-bits", "input-bits", "weight-bits"];
        string axes = string.Concat(keys.Select((key, i) => $"  {key}: [{string.Join(", ", Enumerable.Range(1, 10).Select(v => Value(i, v)))}]\n"));
        string huge = Write(tmp, "huge.yaml", $"base:\n  model: zoo:lenet5\nmode: cost\naxes:\n{axes}");
        CliAssert.OneLineError(CliRunner.Run("sweep", huge, "--out", tmp.File("out")), huge, "axes", "more than 2,147,483,647", "fewer axis values");
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "results.csv")));

        // 7 axes of 10 values: 10^7 points, more than a sweep runs at once, but a seeded sample of them is fine; its points are
        // those of a plain partial Fisher-Yates shuffle over the grid indices (what small grids always used).
        var sevenAxes = keys.Take(7).Select((key, i) => new SweepAxis(key, [.. Enumerable.Range(1, 10).Select(v => Value(i, v))])).ToList();
        var model = new Dictionary<string, string>(StringComparer.Ordinal) { ["model"] = "zoo:lenet5" };
        var error = Assert.Throws<IMCSim.Simulator.Common.SettingException>(() => new SweepSpec(model, [], sevenAxes, costOnly: true));
        Assert.Contains("10,000,000 points", error.Problem, StringComparison.Ordinal);
        var sampled = new SweepSpec(model, [], sevenAxes, costOnly: true, sample: 50);
        Assert.Equal(DenseFisherYates(10_000_000, 50, SimulationSettings.Create(model).Mapping.Seed), sampled.Points.Select(p => p.Index));
        Assert.Equal(Value(6, 1 + (sampled.Points[0].Index % 10)), sampled.Points[0].Values[6].Value);

        // Every value valid with the defaults (the grid's size is the problem, not its values).
        static string Value(int axis, int v) => axis switch
        {
            1 or 2 => (v - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            5 => (300 + (v * 5)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            6 => $"{v}s",
            7 => (v + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            8 or 9 => (v + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The first <paramref name="k"/> picks of a partial Fisher-Yates shuffle of 0..n-1 over a full index array, sorted.</summary>
    private static IEnumerable<int> DenseFisherYates(int n, int k, ulong seed)
    {
        var rng = IMCSim.Simulator.Random.CounterRng.For(seed, "sweep-sample");
        int[] index = [.. Enumerable.Range(0, n)];
        for (int i = 0; i < k; i++)
        {
            int j = i + (int)Math.Min(n - i - 1, Math.Floor(rng.Uniform((ulong)i) * (n - i)));
            (index[i], index[j]) = (index[j], index[i]);
        }

        return index.Take(k).Order();
    }
}
