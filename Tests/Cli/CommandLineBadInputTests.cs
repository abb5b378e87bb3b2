using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// Bad command lines, settings and files found by an audit that ended in a stack trace, a multi-line message, a silent wrong answer
/// or a lost file: each is now one line naming the option or file and what is valid, exit code 2, and nothing is written.
/// </summary>
public sealed class CommandLineBadInputTests
{
    [Theory]
    [InlineData(new[] { "sweep", "s.yaml", "--jobs", "abc" }, new[] { "--jobs", "'abc' is not a whole number" })]
    [InlineData(new[] { "infer", "--batch", "1e3" }, new[] { "--batch", "whole number" })]
    [InlineData(new[] { "simulate", "--samples", "10", "--samples", "5" }, new[] { "--samples", "more than once" })]
    [InlineData(new[] { "simulate", "--adc-bits", "--seed", "3" }, new[] { "--adc-bits", "needs a value", "--seed" })]
    [InlineData(new[] { "simulate", "--unknown-opt", "3" }, new[] { "--unknown-opt", "not an option" })]
    [InlineData(new[] { "bogus-cmd" }, new[] { "bogus-cmd", "not a command", "simulate" })]
    [InlineData(new[] { "merge", "a" }, new[] { "--out", "required" })]
    [InlineData(new[] { "sweep", "s.yaml", "--resume", "yes" }, new[] { "--resume", "'yes'", "flag" })]
    [InlineData(new[] { "simulate", "--out" }, new[] { "--out", "needs a value" })]
    [InlineData(new[] { "simulate", "--adc-bits", "99999999999" }, new[] { "adc-bits", "out of range" })]
    [InlineData(new[] { "sweep", "s.yaml", "--jobs", "99999999999" }, new[] { "--jobs", "out of range" })]
    public void ParserErrors_AreOneLineNamingTheOption(string[] args, string[] fragments) =>
        CliAssert.OneLineError(CliRunner.Run(args), fragments);

    [Theory]
    [InlineData("--noise", ",", "empty item")]
    [InlineData("--noise", "read,,drift", "empty item")]
    [InlineData("--noise", "read,read", "twice")]
    [InlineData("--layer-replication", "conv1=4,conv1=8", "twice")]
    [InlineData("--array", "100000x100000", "at most 8192")]
    [InlineData("--timesteps", "1000000", "<= 4096")]
    [InlineData("--activity-images", "-1", ">= 1")]
    [InlineData("--calibration-images", "100000", "10000 images")]
    [InlineData("--dataset", "random:3000000", "at most random:")]
    public void SimulateSettingsOutOfRange_AreRejected_NotSilentlyUsed(string option, string value, string message)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", option, value, "--samples", "5", "--out", tmp.File("out")), option.TrimStart('-'), message);
        Assert.False(File.Exists(Path.Combine(tmp.File("out"), "summary.csv")));
    }

    [Theory]
    [InlineData("--model", "model")]
    [InlineData("--config", "config")]
    public void AFolderOrAnEmptyPathWhereAFileGoes_IsNamedAsSuch(string option, string what)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", option, tmp.Path, "--samples", "5", "--out", tmp.File("out")), tmp.Path, "is a folder", what);
        CliAssert.OneLineError(CliRunner.Run("simulate", option, "", "--samples", "5", "--out", tmp.File("out")), "path is empty", what);
        CliAssert.OneLineError(CliRunner.Run("sweep", tmp.Path, "--out", tmp.File("out")), tmp.Path, "is a folder", "sweep");
    }

    [Fact]
    public void AWireResistanceTooSmallToSolve_IsRefusedBeforeProgramming()
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--rw-row", "1e-300", "--samples", "5", "--out", tmp.File("out")), "--rw-row", "ohm", "1E-300");
    }

    [Fact]
    public void ALayerGivenTwoDevices_IsRejected_NotTheLastOneSilently_ButTheCommandLineStillOverridesTheConfigFile()
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--layer-device", "conv1=sram", "--layer-device", "conv1=pcm", "--samples", "5", "--out", tmp.File("out")), "layer-device", "conv1", "twice");

        File.WriteAllText(tmp.File("c.yaml"), "layer-device: { conv1: sram }\n");
        var (code, _, stderr) = CliRunner.Run("cost", "--config", tmp.File("c.yaml"), "--layer-device", "conv1=rram", "--out", tmp.File("cost"));
        Assert.True(code == 0, stderr);
        Assert.Contains("conv1=rram", File.ReadAllText(Path.Combine(tmp.File("cost"), "summary.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigFileEndingInADocumentMarker_IsOneDocument()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("c.yaml"), "adc-bits: 5\n---\n");
        var (code, _, stderr) = CliRunner.Run("cost", "--model", "zoo:lenet5", "--config", tmp.File("c.yaml"), "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
    }

    [Theory]
    [InlineData(new[] { "crossbar", "solve", "--conductances" }, new[] { "--conductances", "needs a value", "imcsim crossbar solve --help" })]
    [InlineData(new[] { "crossbar" }, new[] { "crossbar needs a command", "solve" })]
    public void ParserErrorsOfASubcommand_PointAtItsOwnHelp(string[] args, string[] fragments) =>
        CliAssert.OneLineError(CliRunner.Run(args), fragments);

    [Theory]
    [InlineData("5e-324")]
    [InlineData("1e30")]
    [InlineData("1e-310")]
    public void ClockOutsideAnyRealChip_IsOneLineNamingTheOption(string mhz)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("cost", "--model", "zoo:lenet5", "--clock-mhz", mhz, "--out", tmp.File("out")), "clock-mhz", "0.001..100000 MHz");
    }

    [Fact]
    public void AConfigFileOfTwoDocuments_IsRejected_NotHalfRead()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("c.yaml"), "adc-bits: 5\n---\nadc-bits: 7\n");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--config", tmp.File("c.yaml"), "--samples", "5", "--out", tmp.File("out")), tmp.File("c.yaml"), "2 YAML documents");
    }

    [Fact]
    public void LabelsThatAreNotClassesOfTheModel_AreOneLineNamingTheLabelFile()
    {
        using var tmp = new TempDir();
        File.Copy(Path.Combine(RepoPaths.MnistFolder, "t10k-images-idx3-ubyte.gz"), tmp.File("t10k-images-idx3-ubyte.gz"));
        byte[] labels = new byte[8 + 10000];
        labels[2] = 0x08;
        labels[3] = 0x01;
        labels[6] = 10000 >> 8;
        labels[7] = 10000 & 0xFF;
        labels.AsSpan(8).Fill(1);
        labels[8 + 7] = 200;
        File.WriteAllBytes(tmp.File("t10k-labels-idx1-ubyte"), labels);
        foreach (string command in new[] { "infer", "simulate" })
        {
            CliAssert.OneLineError(CliRunner.Run(command, "--dataset", tmp.Path, "--samples", "5", "--out", tmp.File("out")), "t10k-labels-idx1-ubyte", "label 200 of image 7", "0..9");
        }
    }

    [Theory]
    [InlineData("--search-images", "-5")]
    [InlineData("--holdout-images", "-1")]
    public void HydeImageCountsBelowOne_NameTheirOwnOption(string option, string value)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("hyde", "--cost-only", option, value, "--out", tmp.File("out")), option, ">= 1");
    }

    [Fact]
    public void CrossbarOut_NeverOverwritesAnInput_AndAnUnsolvableCircuitIsRefused()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("G.csv"), "1e-5,2e-5\n3e-5,4e-5\n");
        File.WriteAllText(tmp.File("V.csv"), "0.1\n0.2\n");
        string before = File.ReadAllText(tmp.File("G.csv"));
        foreach (string command in new[] { "solve", "spice" })
        {
            CliAssert.OneLineError(CliRunner.Run("crossbar", command, "--conductances", tmp.File("G.csv"), "--voltages", tmp.File("V.csv"), "--out", tmp.File("G.csv")), "--out", "input");
            CliAssert.OneLineError(CliRunner.Run("crossbar", command, "--conductances", tmp.File("G.csv"), "--voltages", tmp.File("V.csv"), "--out", ""), "--out");
        }

        Assert.Equal(before, File.ReadAllText(tmp.File("G.csv")));

        // Values a double-precision nodal solve cannot resolve are named before solving (once a NaN residual and exit 1, silently).
        File.WriteAllText(tmp.File("huge.csv"), "1e300,1e300\n1e300,1e300\n");
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("huge.csv"), "--voltages", tmp.File("V.csv")), tmp.File("huge.csv"), "cell (0, 0)", "siemens");
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("G.csv"), "--voltages", tmp.File("V.csv"), "--rw-row", "1e-300"), "--rw-row", "ohm");
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("G.csv"), "--voltages", tmp.File("V.csv"), "--out", tmp.File(Path.Combine("no", "such", "I.csv"))), "--out", "cannot write");
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", "", "--voltages", tmp.File("V.csv")), "conductance file", "path is empty");
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.Path, "--voltages", tmp.File("V.csv")), tmp.Path, "is a folder");

        // An input reached through a link is still an input.
        File.CreateSymbolicLink(tmp.File("link.csv"), tmp.File("G.csv"));
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("link.csv"), "--voltages", tmp.File("V.csv"), "--out", tmp.File("G.csv")), "--out", "input");
        Assert.Equal(before, File.ReadAllText(tmp.File("G.csv")));

        // Values each within range whose spread double precision cannot solve: an input error naming the file, nothing written.
        File.WriteAllLines(tmp.File("wide.csv"), Enumerable.Range(0, 16).Select(i => string.Join(",", Enumerable.Range(0, 16).Select(j => (i + j) % 2 == 0 ? "1e-18" : "1"))));
        File.WriteAllLines(tmp.File("V16.csv"), Enumerable.Repeat("0.1", 16));
        CliAssert.OneLineError(CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("wide.csv"), "--voltages", tmp.File("V16.csv"), "--rw-row", "1e-9", "--rw-col", "1e12", "--rs", "1e12", "--rsink", "1e-9", "--out", tmp.File("wide-I.csv")), tmp.File("wide.csv"), "relative residual");
        Assert.False(File.Exists(tmp.File("wide-I.csv")));

        Assert.Equal(0, CliRunner.Run("crossbar", "solve", "--conductances", tmp.File("G.csv"), "--voltages", tmp.File("V.csv"), "--rw-row", "0", "--out", tmp.File("I.csv")).ExitCode);
        Assert.Equal(2, File.ReadAllLines(tmp.File("I.csv")).Length);
    }
}
