using System.Globalization;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

public sealed class InferCommandTests
{
    [Fact]
    public void Infer_Defaults_WritesPredictionsAndLogitsConsistentWithThePrintedAccuracy()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("infer", "--out", tmp.Path);
        Assert.True(code == 0, stderr);

        string[] predictions = File.ReadAllLines(tmp.File("predictions.csv"));
        Assert.Equal("index,label,predicted", predictions[0]);
        Assert.Equal(10001, predictions.Length);
        int correct = predictions.Skip(1).Select(l => l.Split(',')).Count(f => f[1] == f[2]);
        Assert.Contains($"({correct}/10000)", stdout, StringComparison.Ordinal);
        Assert.True(correct >= 9800, $"embedded model scores {correct}/10000, documented >= 98%");

        string[] logits = File.ReadAllLines(tmp.File("logits.csv"));
        Assert.Equal("index," + string.Join(",", Enumerable.Range(0, 10).Select(c => $"logit_{c}")), logits[0]);
        Assert.Equal(10001, logits.Length);
        for (int i = 1; i < logits.Length; i += 997)
        {
            float[] row = [.. logits[i].Split(',').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
            Assert.Equal(int.Parse(predictions[i].Split(',')[2], CultureInfo.InvariantCulture), Array.IndexOf(row, row.Max()));
        }
    }

    [Fact]
    public void Infer_OneThreadAndAllThreads_WriteByteIdenticalCsvs()
    {
        using var one = new TempDir();
        using var all = new TempDir();
        Assert.Equal(0, CliRunner.Run("infer", "--samples", "700", "--batch", "100", "--threads", "1", "--out", one.Path).ExitCode);
        Assert.Equal(0, CliRunner.Run("infer", "--samples", "700", "--batch", "100", "--threads", "0", "--out", all.Path).ExitCode);
        Assert.Equal(File.ReadAllBytes(one.File("logits.csv")), File.ReadAllBytes(all.File("logits.csv")));
        Assert.Equal(File.ReadAllBytes(one.File("predictions.csv")), File.ReadAllBytes(all.File("predictions.csv")));
    }

    [Fact]
    public void Infer_BatchSize_DoesNotChangeResults()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        Assert.Equal(0, CliRunner.Run("infer", "--samples", "300", "--batch", "1", "--out", a.Path).ExitCode);
        Assert.Equal(0, CliRunner.Run("infer", "--samples", "300", "--batch", "64", "--out", b.Path).ExitCode);
        Assert.Equal(File.ReadAllBytes(a.File("logits.csv")), File.ReadAllBytes(b.File("logits.csv")));
    }
}
