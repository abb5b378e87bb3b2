using System.Globalization;
using IMCSim.Simulator.Circuit;
using IMCSim.Tests.Simulator;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

public sealed class CrossbarCommandTests
{
    private static (string G, string V) WriteCase(TempDir tmp, int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        File.WriteAllLines(tmp.File("G.csv"), Enumerable.Range(0, rows).Select(_ => string.Join(",", Enumerable.Range(0, cols).Select(_ => (1e-6 + (99e-6 * rng.NextDouble())).ToString("R", CultureInfo.InvariantCulture)))));
        File.WriteAllLines(tmp.File("V.csv"), Enumerable.Range(0, rows).Select(_ => (0.3 * rng.NextDouble()).ToString("R", CultureInfo.InvariantCulture)));
        return (tmp.File("G.csv"), tmp.File("V.csv"));
    }

    [Fact]
    public void SolveAndSpice_OfTheSameFiles_AgreeThroughNgspice()
    {
        using var tmp = new TempDir();
        var (g, v) = WriteCase(tmp, 20, 30, 1);
        var (code, stdout, stderr) = CliRunner.Run("crossbar", "solve", "--conductances", g, "--voltages", v, "--rs", "100", "--rw-row", "2", "--rw-col", "1", "--rsink", "10", "--out", tmp.File("I.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("max relative deviation from ideal G^T V", stdout, StringComparison.Ordinal);
        double[] solved = [.. File.ReadAllLines(tmp.File("I.csv")).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
        Assert.Equal(30, solved.Length);

        Assert.Equal(0, CliRunner.Run("crossbar", "spice", "--conductances", g, "--voltages", v, "--rs", "100", "--rw-row", "2", "--rw-col", "1", "--rsink", "10", "--out", tmp.File("x.cir")).ExitCode);
        Assert.Contains("Rk0 ", File.ReadAllText(tmp.File("x.cir")), StringComparison.Ordinal);
        double[] gValues = [.. File.ReadAllLines(g).SelectMany(l => l.Split(',')).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
        double[] vValues = [.. File.ReadAllLines(v).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
        double[] spice = CrossbarSolverTests.Ngspice(new CrossbarCircuit(20, 30, gValues, 100, 2, 1, 10), vValues);
        for (int j = 0; j < 30; j++)
        {
            Assert.True(Math.Abs(solved[j] - spice[j]) <= 1e-9 * Math.Abs(spice[j]), $"column {j}: {solved[j]} vs ngspice {spice[j]}");
        }
    }

    [Theory]
    [InlineData("mismatch", "voltages but")]
    [InlineData("negative", "must be finite and >= 0")]
    [InlineData("nan", "not a finite number")]
    [InlineData("empty", "empty")]
    [InlineData("ragged", "same count")]
    public void BadInput_IsAOneLineErrorNamingTheFile(string kind, string expected)
    {
        using var tmp = new TempDir();
        var (g, v) = WriteCase(tmp, 6, 5, 2);
        switch (kind)
        {
            case "mismatch":
                File.WriteAllLines(v, ["0.1", "0.2"]);
                break;
            case "negative":
                File.WriteAllLines(g, File.ReadAllLines(g).Select((l, i) => i == 3 ? "-" + l : l));
                break;
            case "nan":
                File.WriteAllLines(g, File.ReadAllLines(g).Select((l, i) => i == 2 ? "NaN," + l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..] : l));
                break;
            case "empty":
                File.WriteAllText(g, "");
                break;
            case "ragged":
                File.WriteAllLines(g, File.ReadAllLines(g).Select((l, i) => i == 4 ? l + ",1e-6" : l));
                break;
        }

        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", g, "--voltages", v), kind == "mismatch" ? v : g, expected);
    }

    [Fact]
    public void NegativeResistance_NamesTheOption()
    {
        using var tmp = new TempDir();
        var (g, v) = WriteCase(tmp, 4, 4, 3);
        var (code, _, stderr) = CliRunner.Run("crossbar", "solve", "--conductances", g, "--voltages", v, "--rw-col", "-2");
        Assert.Equal(2, code);
        Assert.Contains("--rw-col", stderr, StringComparison.Ordinal);
    }
}
