using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>Bad devices, geometries and names: one line naming the file or option and the field, exit code 2.</summary>
public sealed class SimulateBadInputTests
{
    private const string ValidDevice = IMCSim.Tests.Devices.DeviceYaml.Valid;

    private static void AssertOneLineError((int Code, string Stdout, string Stderr) run, params string[] mustContain) =>
        CliAssert.OneLineError(run, mustContain);

    private static (int, string, string) SimulateWithDevice(TempDir tmp, string yaml)
    {
        string path = tmp.File("device.yaml");
        File.WriteAllText(path, yaml);
        return CliRunner.Run("simulate", "--device", path, "--samples", "20", "--out", tmp.File("out"));
    }

    [Fact]
    public void ZooModel_Runs_AndTheManifestNamesItsWeightSeed()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("simulate", "--model", "zoo:lenet5", "--samples", "20", "--out", tmp.File("out"));
        Assert.True(code == 0, stderr);
        string manifest = File.ReadAllText(Path.Combine(tmp.File("out"), "manifest.json"));
        Assert.Contains("\"zoo\": true", manifest, StringComparison.Ordinal);
        Assert.Contains("\"weights_seed\": 1", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownZooModel_NamesTheOptionAndListsTheZoo()
    {
        using var tmp = new TempDir();
        AssertOneLineError(CliRunner.Run("simulate", "--model", "zoo:alexnet", "--samples", "20", "--out", tmp.File("out")), "zoo:alexnet", "zoo:vgg8");
    }

    [Fact]
    public void ZooModelOfAnotherInputShape_IsAOneLineErrorNamingTheModel()
    {
        using var tmp = new TempDir();
        AssertOneLineError(CliRunner.Run("simulate", "--model", "zoo:vgg8", "--samples", "20", "--out", tmp.File("out")), "zoo:vgg8", "28x28");
    }

    [Fact]
    public void ValidUserDeviceFile_Runs()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = SimulateWithDevice(tmp, ValidDevice);
        Assert.True(code == 0, stderr);
        Assert.Contains(",testdev,", File.ReadAllText(Path.Combine(tmp.File("out"), "summary.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceFileWithAMissingField_NamesFileAndField()
    {
        using var tmp = new TempDir();
        string yaml = string.Join('\n', ValidDevice.Split('\n').Where(l => !l.Contains("g_max_us", StringComparison.Ordinal)));
        AssertOneLineError(SimulateWithDevice(tmp, yaml), tmp.File("device.yaml"), "conductance.g_max_us", "missing");
    }

    [Fact]
    public void DeviceFileWithANumberWithoutSource_NamesTheField()
    {
        using var tmp = new TempDir();
        AssertOneLineError(SimulateWithDevice(tmp, ValidDevice.Replace("height_f: { value: 4, source: \"test\" }", "height_f: { value: 4 }", StringComparison.Ordinal)), "cell.height_f.source");
    }

    [Fact]
    public void DeviceFileWithGMinAboveGMax_NamesTheField()
    {
        using var tmp = new TempDir();
        AssertOneLineError(SimulateWithDevice(tmp, ValidDevice.Replace("g_min_us: { value: 1.0", "g_min_us: { value: 20.0", StringComparison.Ordinal)), tmp.File("device.yaml"), "g_min_us", "below G_max");
    }

    [Fact]
    public void DeviceFileWithNegativeNoiseSigma_NamesTheField()
    {
        using var tmp = new TempDir();
        AssertOneLineError(SimulateWithDevice(tmp, ValidDevice.Replace("relative_sigma: { value: 0.01", "relative_sigma: { value: -0.01", StringComparison.Ordinal)), tmp.File("device.yaml"), "read_noise.relative_sigma", ">= 0");
    }

    [Fact]
    public void DeviceFileThatIsNotYaml_NamesTheFile()
    {
        using var tmp = new TempDir();
        AssertOneLineError(SimulateWithDevice(tmp, "name: [unclosed\n  : :"), tmp.File("device.yaml"), "YAML");
    }

    [Fact]
    public void ArrayWithZeroRows_NamesTheOption()
    {
        AssertOneLineError(CliRunner.Run("simulate", "--array", "0x128", "--samples", "10"), "--array", "row");
    }

    [Fact]
    public void MoreBitsPerCellThanTheDeviceHas_NamesOptionAndDevice()
    {
        AssertOneLineError(CliRunner.Run("simulate", "--device", "sram", "--bits-per-cell", "2", "--samples", "10"), "--bits-per-cell", "'sram'", "1 bit(s) per cell");
    }

    [Fact]
    public void UnknownDevice_ListsTheCatalog()
    {
        AssertOneLineError(CliRunner.Run("simulate", "--device", "mram", "--samples", "10"), "--device", "'mram'", "pcm");
    }

    [Fact]
    public void UnknownLayerName_ListsTheModelsLayers()
    {
        AssertOneLineError(CliRunner.Run("simulate", "--layer-device", "conv9=sram", "--samples", "10"), "--layer-device", "'conv9'", "conv1");
    }

    [Fact]
    public void BadValueInConfigFile_NamesFileAndField()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("run.yaml"), "adc-bits: 99\n");
        AssertOneLineError(CliRunner.Run("simulate", "--config", tmp.File("run.yaml"), "--samples", "10"), tmp.File("run.yaml"), "field 'adc-bits'");
    }

    [Fact]
    public void UnknownKeyInConfigFile_NamesFileAndKey()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("run.yaml"), "adc_bits: 6\n");
        AssertOneLineError(CliRunner.Run("simulate", "--config", tmp.File("run.yaml")), tmp.File("run.yaml"), "'adc_bits'");
    }

    [Theory]
    [InlineData("--drift-time", "yesterday")]
    [InlineData("--noise", "programming,heat")]
    [InlineData("--encoding", "twos-complement")]
    [InlineData("--weight-bits", "1")]
    [InlineData("--cols-per-adc", "0")]
    public void BadOptionValue_NamesTheOption(string option, string value)
    {
        AssertOneLineError(CliRunner.Run("simulate", option, value, "--samples", "10"), option);
    }
}
