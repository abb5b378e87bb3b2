using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Simulator.Random;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>
/// Each noise model against its formula, statistically: n = 200,000 cells, bounds of 5 standard
/// errors (mean: sigma / sqrt(n); standard deviation: sigma / sqrt(2 n)).
/// </summary>
public sealed class DeviceStatisticsTests
{
    private const int N = 200_000;
    private const double K = 5;

    private static DeviceSpec Pcm => DeviceCatalog.Find("pcm")!;

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
        Assert.True(Math.Abs(m - mean) <= K * sigma / Math.Sqrt(samples.Length), $"{what}: mean {m}, expected {mean} +- {K * sigma / Math.Sqrt(samples.Length)}");
        Assert.True(Math.Abs(s - sigma) <= K * sigma / Math.Sqrt(2.0 * samples.Length), $"{what}: sigma {s}, expected {sigma} +- {K * sigma / Math.Sqrt(2.0 * samples.Length)}");
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(12.5)]
    [InlineData(25.0)]
    public void PcmProgrammingNoise_MatchesAihwkitPolynomial(double targetUs)
    {
        var model = new DeviceModel(Pcm, NoiseSelection.Programming);
        float[] target = [.. Enumerable.Repeat((float)targetUs, N)], programmed = new float[N];
        model.Program(target, programmed, CounterRng.For(7, "test/program"));
        double g = targetUs / 25.0;
        double sigma = 0.26348 + (1.9650 * g) - (1.1731 * g * g);
        AssertMoments(programmed, targetUs, sigma, $"PCM programming at {targetUs} uS");
    }

    [Fact]
    public void RramProgrammingNoise_MatchesMiloLinearFit()
    {
        var model = new DeviceModel(DeviceCatalog.Find("rram")!, NoiseSelection.Programming);
        float[] target = [.. Enumerable.Repeat(137.5f, N)], programmed = new float[N];
        model.Program(target, programmed, CounterRng.For(8, "test/program"));
        AssertMoments(programmed, 137.5, (-0.009107 * 137.5) + 4.782321, "RRAM programming");
    }

    [Fact]
    public void Variation_IsMultiplicativeWithTheFileSigma()
    {
        var model = new DeviceModel(DeviceCatalog.Find("fefet")!, NoiseSelection.Variation);
        float[] target = [.. Enumerable.Repeat(0.8f, N)], programmed = new float[N];
        model.Program(target, programmed, CounterRng.For(9, "test/var"));
        AssertMoments(programmed, 0.8, 0.8 * 0.03, "FeFET variation");
    }

    [Fact]
    public void StuckAtFaults_OccurAtTheFileRates()
    {
        var model = new DeviceModel(Pcm, NoiseSelection.Faults);
        float[] target = [.. Enumerable.Repeat(10f, N)], programmed = new float[N];
        model.Program(target, programmed, CounterRng.For(10, "test/faults"));
        foreach (var (value, rate) in new[] { (0f, 0.001), (25f, 0.0005) })
        {
            int count = programmed.Count(g => g == value);
            double expected = rate * N, sd = Math.Sqrt(N * rate * (1 - rate));
            Assert.True(Math.Abs(count - expected) <= K * sd, $"{count} cells at {value} uS, expected {expected} +- {K * sd}");
        }

        Assert.Equal(N, programmed.Count(g => g is 0f or 25f or 10f));
    }

    [Fact]
    public void PowerLawDrift_MeanLogConductanceFollowsTheExponent()
    {
        var spec = DeviceCatalog.Find("fefet")! with { Drift = new DriftSpec(DriftKind.PowerLaw, Sourced.Of(1, "t"), Sourced.Of(0.05, "t"), Sourced.Of(0.01, "t")) };
        var model = new DeviceModel(spec, NoiseSelection.Drift);
        float[] g0 = [.. Enumerable.Repeat(1f, N)], gt = new float[N];
        foreach (double t in new[] { 10.0, 3600.0, 3.15e7 })
        {
            model.Drift(g0, g0, gt, t, CounterRng.For(11, "test/drift"));
            double log = Math.Log((t + 1) / 1);
            var nu = new float[N];
            for (int i = 0; i < N; i++)
            {
                nu[i] = (float)(-Math.Log(gt[i]) / log);
            }

            AssertMoments(nu, 0.05, 0.01, $"drift exponent at t = {t} s");
        }
    }

    [Fact]
    public void PcmDrift_MeanFollowsThePowerLawOfAihwkit()
    {
        var model = new DeviceModel(Pcm, NoiseSelection.Drift);
        float[] g0 = [.. Enumerable.Repeat(12.5f, N)], gt = new float[N];
        double t = 86400, t0 = 20;
        model.Drift(g0, g0, gt, t, CounterRng.For(12, "test/pcmdrift"));

        // g_r = 0.5: mu_nu = clamp(-0.0155 ln 0.5 + 0.0244, 0.049, 0.1) = 0.049, sigma_nu = 0.008 (clamped).
        // E[G_t] = G_0 E[r^-nu] with r = (t + t0) / t0; 1/f noise adds zero-mean noise.
        double lnR = Math.Log((t + t0) / t0);
        double expectedMean = 12.5 * Math.Exp((-0.049 * lnR) + (0.5 * 0.008 * 0.008 * lnR * lnR));
        var (mean, std) = Moments(gt);
        Assert.True(Math.Abs(mean - expectedMean) <= K * std / Math.Sqrt(N), $"mean {mean}, expected {expectedMean} +- {K * std / Math.Sqrt(N)}");
        Assert.True(mean < 12.5 * 0.7, "a day of drift lowers PCM conductance by the power law");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(20.0)]
    public void ReadNoiseSigma_MatchesTheFileFormulas(double gUs)
    {
        var pcm = new DeviceModel(Pcm, NoiseSelection.Read);
        float[] g = [(float)gUs], sigma = new float[1];
        pcm.ReadSigma(g, g, sigma);
        double qs = Math.Min(0.0088 / Math.Max(Math.Pow(gUs / 25, 0.65), 1e-3), 0.2);
        Assert.Equal(gUs * qs * Math.Sqrt(Math.Log((1e-6 + 2.5e-7) / (2 * 2.5e-7))), sigma[0], 5);

        var rram = new DeviceModel(DeviceCatalog.Find("rram")!, NoiseSelection.Read);
        rram.ReadSigma(g, g, sigma);
        Assert.Equal(0.01 * gUs, sigma[0], 5);

        new DeviceModel(Pcm, NoiseSelection.Programming).ReadSigma(g, g, sigma);
        Assert.Equal(0f, sigma[0]);
    }

    [Fact]
    public void CounterRng_NormalsHaveUnitMomentsAndDoNotDependOnChunking()
    {
        var rng = CounterRng.For(3, "test/normal");
        var whole = new float[N];
        rng.FillNormal(5, whole);
        AssertMoments(whole, 0, 1, "normals");
        var pieces = new float[N];
        for (int i = 0; i < N; i += 777)
        {
            int len = Math.Min(777, N - i);
            rng.FillNormal(5 + (ulong)i, pieces.AsSpan(i, len));
        }

        Assert.Equal(whole, pieces);
    }
}
