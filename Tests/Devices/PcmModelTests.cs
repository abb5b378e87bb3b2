using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Simulator.Random;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>
/// The PCM card against aihwkit's PCMLikeNoiseModel (src/aihwkit/inference/noise/pcm.py), written out here from its
/// formulas: n = 200,000 cells, bounds of 5 standard errors (mean sigma / sqrt(n), standard deviation sigma / sqrt(2 n)).
/// </summary>
public sealed class PcmModelTests
{
    private const int N = 200_000;
    private const double K = 5;
    private const double T0 = 20, TRead = 250e-9;

    private static DeviceSpec Pcm => DeviceCatalog.Find("pcm")!;

    // aihwkit: sig_prog = (c0 + c1 g + c2 g^2) x g_max / 25, g = g_target / g_max.
    private static double AihwkitProgSigma(double gTarget, double gMax)
    {
        double g = gTarget / gMax;
        return (0.26348 + (1.9650 * g) - (1.1731 * g * g)) * gMax / 25.0;
    }

    // aihwkit: q_s = min(0.0088 / max((|g_prog| / g_max)^0.65, 1e-3), 0.2).
    private static double AihwkitQs(double gProg, double gMax) => Math.Min(0.0088 / Math.Max(Math.Pow(gProg / gMax, 0.65), 1e-3), 0.2);

    // aihwkit: sig_noise = q_s sqrt(ln((t + t_read) / (2 t_read))), t = t_inference + t_0.
    private static double AihwkitBand(double t, double tRead) => Math.Sqrt(Math.Log((t + tRead) / (2 * tRead)));

    private static float[] Filled(double value) => [.. Enumerable.Repeat((float)value, N)];

    private static (double Mean, double Std) Moments(ReadOnlySpan<float> v)
    {
        double s = 0, s2 = 0;
        foreach (float x in v)
        {
            s += x;
            s2 += (double)x * x;
        }

        double mean = s / v.Length;
        return (mean, Math.Sqrt(Math.Max(0, (s2 / v.Length) - (mean * mean))));
    }

    private static void AssertMoments(ReadOnlySpan<float> samples, double mean, double sigma, string what)
    {
        var (m, s) = Moments(samples);
        double meanBound = K * sigma / Math.Sqrt(samples.Length), stdBound = K * sigma / Math.Sqrt(2.0 * samples.Length);
        Assert.True(Math.Abs(m - mean) <= meanBound, $"{what}: mean {m}, expected {mean} +- {meanBound}");
        Assert.True(Math.Abs(s - sigma) <= stdBound, $"{what}: sigma {s}, expected {sigma} +- {stdBound}");
    }

    [Theory]
    [InlineData(25.0, 12.5)]
    [InlineData(50.0, 25.0)]
    [InlineData(50.0, 40.0)]
    [InlineData(10.0, 5.0)]
    public void ProgrammingNoise_ScalesWithGMaxOver25uS_AsAihwkit(double gMaxUs, double targetUs)
    {
        var spec = Pcm with { GMaxUs = Sourced.Of(gMaxUs, "test") };
        var model = new DeviceModel(spec, NoiseSelection.Programming);
        float[] programmed = new float[N];
        model.Program(Filled(targetUs), programmed, CounterRng.For(21, "test/pcm-prog"));
        AssertMoments(programmed, targetUs, AihwkitProgSigma(targetUs, gMaxUs), $"PCM programming at {targetUs} of {gMaxUs} uS");
    }

    [Fact]
    public void ProgrammingNoise_WithoutAReferenceGMax_IsNotRescaled_AsAihwkitWithUserCoefficients()
    {
        var noReference = Pcm.ProgrammingNoise with { GMaxReferenceUs = null };
        double x = 25.0 / 50.0;
        Assert.Equal(0.26348 + (1.9650 * x) - (1.1731 * x * x), noReference.SigmaUs(25, 50), 12);
        Assert.Equal(2 * noReference.SigmaUs(25, 50), Pcm.ProgrammingNoise.SigmaUs(25, 50), 12);
        Assert.Equal(25.0, Pcm.ProgrammingNoise.GMaxReferenceUs!.Value.Value);
    }

    [Fact]
    public void AccumulatedOneOverFNoise_RightAfterProgramming_UsesQsOfTheProgrammedConductanceAndTheCardsReadTime()
    {
        // At t_inference = 0 there is no drift (t = t0) but aihwkit still adds the 1/f noise accumulated over t0.
        // Target 20 uS, programmed 5 uS: Q_s must come from the programmed value (the target only sets the drift exponent).
        var model = new DeviceModel(Pcm, NoiseSelection.Drift);
        float[] atTime = new float[N];
        model.Drift(Filled(20), Filled(5), atTime, 0, CounterRng.For(22, "test/pcm-1f"));
        AssertMoments(atTime, 5, 5 * AihwkitQs(5, 25) * AihwkitBand(T0, TRead), "accumulated 1/f at t = 0");
    }

    [Fact]
    public void AccumulatedOneOverFNoise_AfterADay_MatchesAihwkitsDriftAndNoiseMoments()
    {
        // g_T = g_prog = 12.5 uS (g_r = 0.5): mu_nu = 0.049, sigma_nu = 0.008 (both clamped); the fold of |nu| is 6 sigma away.
        // g = g_prog r^-nu (1 + q N), r = (t + t0) / t0, q = Q_s(g_prog) band(t + t0):
        // E[g] = g_prog E[r^-nu], E[g^2] = g_prog^2 E[r^-2nu] (1 + q^2), with E[r^-k nu] = exp(-k a mu + k^2 a^2 s^2 / 2), a = ln r.
        double t = 86400, g0 = 12.5, a = Math.Log((t + T0) / T0), mu = 0.049, s = 0.008;
        double q = AihwkitQs(g0, 25) * AihwkitBand(t + T0, TRead);
        double m1 = Math.Exp((-a * mu) + (a * a * s * s / 2)), m2 = Math.Exp((-2 * a * mu) + (2 * a * a * s * s));
        double mean = g0 * m1, sigma = g0 * Math.Sqrt((m2 * (1 + (q * q))) - (m1 * m1));

        var model = new DeviceModel(Pcm, NoiseSelection.Drift);
        float[] atTime = new float[N];
        model.Drift(Filled(g0), Filled(g0), atTime, t, CounterRng.For(23, "test/pcm-day"));
        AssertMoments(atTime, mean, sigma, "PCM after one day");
    }

    [Theory]
    [InlineData(20.0, 10.0)]
    [InlineData(12.5, 12.5)]
    [InlineData(5.0, 2.0)]
    public void PerReadOneOverF_ScalesTheDriftedConductanceByQsOfTheProgrammedOne(double programmedUs, double atTimeUs)
    {
        var model = new DeviceModel(Pcm, NoiseSelection.Read);
        float[] sigma = new float[1];
        model.ReadSigma([(float)programmedUs], [(float)atTimeUs], sigma);
        double expected = atTimeUs * AihwkitQs(programmedUs, 25) * AihwkitBand(1e-6, TRead);
        Assert.Equal(expected, sigma[0], 1e-6 * expected);
    }

    [Fact]
    public void ReadTime_IsTheCardsReadPulse_ForBothOneOverFTerms()
    {
        Assert.Equal(250e-9, Pcm.ReadTimeS, 1e-18);
        var fast = Pcm with { ReadPulseNs = Sourced.Of(10, "test: a 10 ns read") };
        var model = new DeviceModel(fast, NoiseSelection.Drift | NoiseSelection.Read);
        Assert.Equal(10e-9, model.ReadTimeS, 1e-18);

        float[] sigma = new float[1];
        model.ReadSigma([12.5f], [12.5f], sigma);
        Assert.Equal(12.5 * AihwkitQs(12.5, 25) * AihwkitBand(1e-6, 10e-9), sigma[0], 1e-5);

        float[] atTime = new float[N];
        model.Drift(Filled(12.5), Filled(12.5), atTime, 0, CounterRng.For(24, "test/pcm-fast"));
        AssertMoments(atTime, 12.5, 12.5 * AihwkitQs(12.5, 25) * AihwkitBand(T0, 10e-9), "accumulated 1/f with a 10 ns read");
    }

    [Fact]
    public void PerReadOneOverF_CanBeSwitchedOff_LeavingAihwkitsModelUnchanged()
    {
        Assert.True(new DeviceModel(Pcm, NoiseSelection.All).PerReadOneOverF);
        var aihwkitOnly = Pcm.WithoutPerReadOneOverF();
        Assert.Equal(ReadNoiseKind.None, aihwkitOnly.ReadNoise.Kind);
        var off = new DeviceModel(aihwkitOnly, NoiseSelection.All);
        Assert.False(off.PerReadOneOverF);

        float[] sigma = [1f];
        off.ReadSigma([12.5f], [10f], sigma);
        Assert.Equal(0f, sigma[0]);

        float[] withBand = new float[1000], without = new float[1000];
        new DeviceModel(Pcm, NoiseSelection.All).Drift(Filled(12.5).AsSpan(0, 1000), Filled(11).AsSpan(0, 1000), withBand, 3600, CounterRng.For(25, "x"));
        off.Drift(Filled(12.5).AsSpan(0, 1000), Filled(11).AsSpan(0, 1000), without, 3600, CounterRng.For(25, "x"));
        Assert.Equal(withBand, without);

        var rram = DeviceCatalog.Find("rram")!;
        Assert.Same(rram, rram.WithoutPerReadOneOverF());
    }

    [Fact]
    public void PcmCard_LabelsThePerReadBandAsIMCSimsExtension_AndListsTheOneReadTime()
    {
        var rows = Pcm.Parameters().ToDictionary(p => p.Field);
        Assert.Equal("pcm-1f", rows["read_noise.model"].Value);
        Assert.Contains("IMCSim extension", rows["read_noise.model"].Source, StringComparison.Ordinal);
        Assert.Contains("IMCSim extension", rows["read_noise.read_interval_s"].Source, StringComparison.Ordinal);
        Assert.Equal("250", rows["read.pulse_ns"].Value);
        Assert.Contains("t_read", rows["read.pulse_ns"].Source, StringComparison.Ordinal);
        Assert.Equal("25", rows["programming_noise.g_max_reference_us"].Value);
        Assert.Equal("pcm-aihwkit", rows["drift.model"].Value);
        Assert.DoesNotContain(rows.Keys, k => k.Contains("t_read_s", StringComparison.Ordinal));
    }

    [Fact]
    public void DeviceFile_WithTheOldTReadField_IsRejectedPointingToTheReadPulse()
    {
        string block = """
            read_noise:
              model: pcm-1f
              t_read_s: { value: 2.5e-7, source: "t" }
              read_interval_s: { value: 1.0e-6, source: "t" }
            """;
        DeviceYaml.AssertRejected(DeviceYaml.With(DeviceYaml.RelativeReadNoise, block), "read_noise.t_read_s", "read.pulse_ns");
    }

    [Theory]
    [InlineData("1.0e-8", "must exceed the read time")]
    [InlineData("5.0e-9", "must exceed the read time")]
    [InlineData("0", "> 0")]
    public void DeviceFile_WithAReadIntervalNotAboveTheReadPulse_IsRejected(string interval, string problem)
    {
        string block = $"read_noise:\n  model: pcm-1f\n  read_interval_s: {{ value: {interval}, source: \"t\" }}\n";
        DeviceYaml.AssertRejected(DeviceYaml.With(DeviceYaml.RelativeReadNoise, block), "read_noise.read_interval_s", problem);
    }

    [Fact]
    public void DeviceFile_GMaxReference_IsReadForANormalisedPolynomialAndValidated()
    {
        string normalised = """
            programming_noise:
              model: polynomial
              argument: g_over_g_max
              c0_us: { value: 0.1, source: "test" }
              c1_us: { value: 0.0, source: "test" }
              c2_us: { value: 0.0, source: "test" }
              c3_us: { value: 0.0, source: "test" }
              g_max_reference_us: { value: 5.0, source: "test: fitted at 5 uS" }
            """;
        string absolute = """
            programming_noise:
              model: polynomial
              argument: g_us
              c0_us: { value: 0.1, source: "test" }
              c1_us: { value: 0.0, source: "test" }
              c2_us: { value: 0.0, source: "test" }
              c3_us: { value: 0.0, source: "test" }
            """;
        var spec = DeviceYaml.Parse(DeviceYaml.With(absolute, normalised));
        Assert.Equal(0.1 * 10 / 5, spec.ProgrammingNoise.SigmaUs(3, spec.GMaxUs.Value), 12);
        DeviceYaml.AssertRejected(DeviceYaml.With(absolute, normalised.Replace("value: 5.0", "value: 0", StringComparison.Ordinal)), "programming_noise.g_max_reference_us", "> 0");
        DeviceYaml.AssertRejected(DeviceYaml.With(absolute, absolute + "\n  g_max_reference_us: { value: 5.0, source: \"t\" }"), "programming_noise.g_max_reference_us", "not a known field");
    }
}
