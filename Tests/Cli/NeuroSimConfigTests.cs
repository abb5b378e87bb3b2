using IMCSim.Cli.Config;
using IMCSim.Devices.Models;
using IMCSim.Mapping;
using IMCSim.Mapping.Settings;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>configs/neurosim-v1.4.yaml: NeuroSim V1.4's default configuration in IMCSim's settings keys.</summary>
public sealed class NeuroSimConfigTests
{
    private static string ConfigPath => Path.Combine(RepoPaths.Root, "configs", "neurosim-v1.4.yaml");

    private static SimulationSettings Load()
    {
        var file = ConfigFile.Read(ConfigPath, SimulationSchema.All.Select(s => s.Key).ToList());
        return SimulationSettings.Create(file.Values, file.LayerDevices);
    }

    [Fact]
    public void Config_ResolvesToNeuroSimsDefaults()
    {
        var s = Load();
        var m = s.Mapping;
        Assert.Equal("neurosim-sram", s.DeviceName);
        Assert.Equal(22, m.Parasitics.TechnologyNodeNm);
        Assert.Equal(128, m.ArrayRows);
        Assert.Equal(128, m.ArrayCols);
        Assert.Equal(128, m.ParallelRows);
        Assert.Equal(5, m.AdcBits);
        Assert.Equal(8, m.ColsPerAdc);
        Assert.Equal(8, m.WeightBits);
        Assert.Equal(8, m.InputBits);
        Assert.Equal(1, m.BitsPerCell);
        Assert.Equal(1, m.DacBits);
        Assert.Equal(WeightEncoding.Offset, m.Encoding);
        Assert.Equal(NoiseSelection.None, m.Noise);
        Assert.Empty(s.LayerDevices);
        Assert.Equal("sense-amp", s.Get(SimulationSchema.AdcType).Name);
        Assert.True(s.Get(SimulationSchema.PostLayout));
        Assert.True(s.Get(SimulationSchema.ValidPositions));
        Assert.True(s.Get(SimulationSchema.NovelMapping));
    }

    [Fact]
    public void Config_GivesOneKeyPerLine_EachWithTheNeuroSimVariableItMirrors_AndListsWhatHasNoKey()
    {
        string[] lines = File.ReadAllLines(ConfigPath);
        var settingLines = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(settingLines);
        foreach (string line in settingLines)
        {
            string key = line[..line.IndexOf(':', StringComparison.Ordinal)];
            Assert.NotNull(SimulationSchema.Find(key));
            Assert.Contains(" # ", line, StringComparison.Ordinal);
        }

        // The cost model's NeuroSim switches are settings now, each on the line of its key.
        foreach (var (key, neuroSimVariable) in new[] { ("adc-type", "SARADC"), ("clock-mhz", "synchronous"), ("pipeline", "pipeline"), ("post-layout", "validated"), ("conv-mapping", "novelMapping"), ("interconnect", "globalBusType"), ("speedup-degree", "speedUpDegree") })
        {
            Assert.Contains(settingLines, l => l.StartsWith(key + ":", StringComparison.Ordinal) && l.Contains(neuroSimVariable, StringComparison.Ordinal));
        }

        // What stays fixed is listed in comments after the keys.
        int fixedList = Array.FindIndex(lines, l => l.StartsWith("# NeuroSim V1.4 settings with no IMCSim key", StringComparison.Ordinal));
        Assert.True(fixedList > 0);
        foreach (string neuroSimVariable in new[] { "globalBufferType", "tileBufferType", "inputtoggle", "treeFoldedRatio", "chipActivation" })
        {
            Assert.Contains(lines.Skip(fixedList), l => l.StartsWith('#') && l.Contains(neuroSimVariable, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Config_RunsThroughSimulate()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--config", ConfigPath, "--samples", "20", "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        Assert.Contains("neurosim-sram, 128x128 arrays, 8-bit weights in 1-bit cells (offset), 8-bit inputs 1 bit/cycle, 5-bit ADC per 8 columns", stdout, StringComparison.Ordinal);

        // NeuroSim's accuracy path has no IR drop, and neither has this configuration: the embedded LeNet stays far from chance.
        string[] summary = File.ReadAllLines(Path.Combine(tmp.File("out"), "summary.csv"));
        int column = Array.IndexOf(summary[0].Split(','), "accuracy_hw");
        double accuracy = double.Parse(summary[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.8, $"hardware accuracy {accuracy} with the NeuroSim configuration");
    }
}
