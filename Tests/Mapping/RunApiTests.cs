using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Mapping;
using IMCSim.Simulator.Common;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>The run API below the command line, and the settings schema it shares with the CLI.</summary>
public sealed class RunApiTests
{
    [Fact]
    public void RunApi_GivesTheSameResultAsTheCommandLine()
    {
        using var tmp = new TempDir();
        var values = new Dictionary<string, string> { ["samples"] = "300", ["device"] = "rram", ["adc-bits"] = "5", ["seed"] = "7" };
        var result = Simulation.Run(SimulationRequest.Load(SimulationSettings.Create(values)));
        var (code, _, stderr) = CliRunner.Run("simulate", "--samples", "300", "--device", "rram", "--adc-bits", "5", "--seed", "7", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        string[] predictions = File.ReadAllLines(tmp.File("predictions.csv"));
        Assert.Equal(301, predictions.Length);
        int[] cli = [.. predictions.Skip(1).Select(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(result.Hardware.Predicted, cli);
        Assert.Contains(result.Summary.AccuracyHardware.ToString("R", System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(tmp.File("summary.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void SpikingRun_MeasuresItsThresholdsOnTheSameProgrammedArraysItRuns()
    {
        // Hardware-calibrated thresholds map the ANN first; the spiking network then reuses those programmed and solved arrays
        // (same weights, same chip) instead of programming them again.
        var request = SimulationRequest.Load(SimulationSettings.Create(new Dictionary<string, string> { ["snn"] = "true", ["timesteps"] = "8", ["samples"] = "40", ["calibration-images"] = "40" }));
        var arrays = new global::IMCSim.Mapping.Crossbar.ProgrammingCache();
        var result = Simulation.Run(request, null, arrays);
        Assert.True(arrays.Hits >= result.Summary.Arrays, $"{arrays.Hits} cache hits for {result.Summary.Arrays} arrays: the spiking network programmed its arrays again");
        Assert.True(result.Summary.AccuracyHardware > 0.7, $"{result.Summary.AccuracyHardware}");
    }

    [Fact]
    public void Settings_BadValues_NameTheirKey_AndSpecsCannotBeBuiltInvalid()
    {
        Assert.Equal("adc-bits", Assert.Throws<SettingException>(() => new MappingSpec(adcBits: 30)).Key);
        Assert.Equal("dac-bits", Assert.Throws<SettingException>(() => new MappingSpec(inputBits: 4, dacBits: 5)).Key);
        Assert.Equal("node", Assert.Throws<SettingException>(() => new ParasiticsSpec(ParasiticsMode.Exact, 33)).Key);
        Assert.Equal("adc-percentile", Assert.Throws<SettingException>(() => SimulationSettings.Create(new Dictionary<string, string> { ["adc-percentile"] = "101" })).Key);
        Assert.Equal("colour", Assert.Throws<SettingException>(() => SimulationSettings.Create(new Dictionary<string, string> { ["colour"] = "red" })).Key);
    }

    [Fact]
    public void Schema_DefaultsFeedTheManifest_AndEveryKeyIsAnOption()
    {
        var d = SimulationSettings.Defaults.ToDictionary();
        foreach (Setting s in SimulationSchema.All)
        {
            Assert.True(d.ContainsKey(s.Key), $"manifest lacks {s.Key}");
        }

        Assert.Equal("6", d["adc-bits"]);
        Assert.Equal("2", d["bits-per-cell"]);
        var (_, help, _) = CliRunner.Run("simulate", "--help");
        foreach (Setting s in SimulationSchema.All)
        {
            Assert.Contains("--" + s.Key, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BooleanSettings_AreFlags_AndStillTakeTrueOrFalse()
    {
        using var flag = new TempDir();
        using var value = new TempDir();
        using var off = new TempDir();
        Assert.Equal(0, CliRunner.Run("simulate", "--ideal", "--samples", "50", "--out", flag.Path).ExitCode);
        Assert.Equal(0, CliRunner.Run("simulate", "--ideal", "true", "--samples", "50", "--out", value.Path).ExitCode);
        Assert.Equal(0, CliRunner.Run("simulate", "--gdc", "--ideal", "false", "--samples", "50", "--out", off.Path).ExitCode);
        Assert.Equal(File.ReadAllBytes(flag.File("predictions.csv")), File.ReadAllBytes(value.File("predictions.csv")));
        Assert.Contains(",ideal,", File.ReadAllText(flag.File("summary.csv")), StringComparison.Ordinal);
        Assert.Contains(",true,exact,", File.ReadAllText(off.File("summary.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void PlacementOut_WritesTheVersionedPlacement_AndAnUnwritablePathFailsBeforeTheRun()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("simulate", "--samples", "20", "--out", tmp.File("out"), "--placement-out", tmp.File("placement.json"));
        Assert.True(code == 0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(tmp.File("placement.json")));
        Assert.Equal(5, json.RootElement.GetProperty("layers").GetArrayLength());
        int arrays = json.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("arrays").GetArrayLength());
        Assert.Contains($",{arrays},", File.ReadAllText(tmp.File("out/summary.csv")), StringComparison.Ordinal);

        var bad = CliRunner.Run("simulate", "--samples", "20", "--out", tmp.File("out2"), "--placement-out", tmp.File("missing/dir/p.json"));
        CliAssert.OneLineError(bad, "--placement-out");
        Assert.False(File.Exists(tmp.File("out2/summary.csv")), "the run must not start when its placement cannot be written");
    }
}
