using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>read_noise.model state-independent: one sigma in uS for every conductance state.</summary>
public sealed class StateIndependentReadNoiseTests
{
    private const string StateIndependent = """
        read_noise:
          model: state-independent
          sigma_us: { value: 0.25, source: "test: CrossSim NormalIndependentDevice magnitude 0.025 x G_max 10 uS" }
        """;

    [Fact]
    public void StateIndependentReadNoise_HasTheSameSigmaForEveryState()
    {
        var spec = DeviceYaml.Parse(DeviceYaml.With(DeviceYaml.RelativeReadNoise, StateIndependent));
        var model = new DeviceModel(spec, NoiseSelection.Read);
        float[] programmed = [0f, 1f, 2.5f, 7f, 10f, 12f], atTime = [0f, 0.9f, 2.4f, 6.5f, 9f, 11f], sigma = new float[6];
        model.ReadSigma(programmed, atTime, sigma);
        Assert.All(sigma, s => Assert.Equal(0.25f, s));

        new DeviceModel(spec, NoiseSelection.All & ~NoiseSelection.Read).ReadSigma(programmed, atTime, sigma);
        Assert.All(sigma, s => Assert.Equal(0f, s));
    }

    [Fact]
    public void StateIndependentReadNoise_ParsesIntoTheSpecAndIsListed()
    {
        var spec = DeviceYaml.Parse(DeviceYaml.With(DeviceYaml.RelativeReadNoise, StateIndependent));
        Assert.Equal(ReadNoiseKind.StateIndependent, spec.ReadNoise.Kind);
        Assert.Equal(0.25, spec.ReadNoise.SigmaUs.Value);
        Assert.StartsWith("test: CrossSim", spec.ReadNoise.SigmaUs.Source, StringComparison.Ordinal);
        var rows = spec.Parameters().ToDictionary(p => p.Field);
        Assert.Equal("state-independent", rows["read_noise.model"].Value);
        Assert.Equal("0.25", rows["read_noise.sigma_us"].Value);
        Assert.False(rows.ContainsKey("read_noise.relative_sigma"));
    }

    [Theory]
    [InlineData("sigma_us: { value: -0.1, source: \"t\" }", "read_noise.sigma_us", ">= 0")]
    [InlineData("sigma_us: { value: lots, source: \"t\" }", "read_noise.sigma_us.value", "not a finite number")]
    [InlineData("sigma_us: { value: 0.1 }", "read_noise.sigma_us.source", "missing")]
    [InlineData("relative_sigma: { value: 0.1, source: \"t\" }", "read_noise.sigma_us", "missing")]
    public void StateIndependentReadNoise_WithABadSigma_IsRejectedNamingTheField(string sigmaLine, string field, string problem)
    {
        string block = "read_noise:\n  model: state-independent\n  " + sigmaLine + "\n";
        DeviceYaml.AssertRejected(DeviceYaml.With(DeviceYaml.RelativeReadNoise, block), field, problem);
    }

    [Fact]
    public void UnknownReadNoiseModel_ListsStateIndependentAmongTheValidOnes()
    {
        string block = "read_noise:\n  model: gaussian\n";
        DeviceYaml.AssertRejected(DeviceYaml.With(DeviceYaml.RelativeReadNoise, block), "read_noise.model", "state-independent");
    }
}
