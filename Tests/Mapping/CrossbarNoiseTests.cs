using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>The column-level read-noise draw and global drift compensation, checked against their formulas.</summary>
public sealed class CrossbarNoiseTests
{
    /// <summary>A device with relative read noise only (sigma = 5 % of G), 0..10 uS, 1 bit per cell.</summary>
    private static DeviceSpec NoisyReadDevice => DeviceSpec.Ideal with
    {
        Name = "read-noise-test",
        GMinUs = Sourced.Of(0, "test"),
        GMaxUs = Sourced.Of(10, "test"),
        ReadNoise = new ReadNoiseSpec(ReadNoiseKind.Relative, Sourced.Of(0.05, "test"), default, default),
    };

    [Fact]
    public void ColumnReadNoise_IsGaussianWithVarianceSumOfVSquaredSigmaSquared()
    {
        // One weight column of 1-bit cells; the same analog input vector read n times.
        int k = 20, n = 100_000;
        var rng = new Random(5);
        float[] w = [.. Enumerable.Range(0, k).Select(_ => (float)rng.Next(0, 2))];
        float[] x = [.. Enumerable.Range(0, k).Select(_ => (float)rng.NextDouble())];
        var graph = TestGraphs.Dense(k, 1, rng, withBias: false);
        Array.Copy(w, graph.Constants["w"].Data, k);
        var spec = new MappingSpec(arrayRows: 32, arrayCols: 8, weightBits: 2, bitsPerCell: 1, inputBits: 0, adcBits: 0, colsPerAdc: 1, noise: NoiseSelection.Read, driftTimeS: 0);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(NoisyReadDevice), new CpuKernels(), 2);
        float[] batch = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(x, 0, batch, i * k, k);
        }

        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([n, k], batch) };
        mapped.Calibrate(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([1, k], x) });
        float[] y = mapped.Execute(input, 0, n)["y"].Data;

        // Differential 2-bit weights: |w| = 1 on one cell of the pair (G = 10 uS, sigma = 0.5 uS), the other at 0 uS (sigma 0).
        // In weight units the column is sum_k x_k w_k + sum_k x_k (sigma_k / G_step) e_k, and G_step = 10 uS.
        double mean = 0, expectedVar = 0;
        for (int i = 0; i < k; i++)
        {
            mean += x[i] * w[i];
            expectedVar += x[i] * x[i] * w[i] * (0.05 * 0.05);
        }

        double s = 0, s2 = 0;
        foreach (float v in y)
        {
            s += v;
            s2 += (double)v * v;
        }

        double m = s / n, variance = (s2 / n) - (m * m), sigma = Math.Sqrt(expectedVar);
        Assert.True(Math.Abs(m - mean) <= 5 * sigma / Math.Sqrt(n), $"mean {m}, expected {mean}");
        Assert.True(Math.Abs(Math.Sqrt(variance) - sigma) <= 5 * sigma / Math.Sqrt(2.0 * n), $"sigma {Math.Sqrt(variance)}, expected {sigma}");
    }

    [Fact]
    public void GlobalDriftCompensation_RestoresTheMeanOutput()
    {
        var rng = new Random(6);
        int k = 100, outputs = 50, batch = 200;
        var graph = TestGraphs.Dense(k, outputs, rng, withBias: false);
        var x = Tensor.FromFloat([batch, k], TestGraphs.Random(rng, batch * k, signed: false));
        var inputs = new Dictionary<string, Tensor> { ["x"] = x };
        var pcm = IMCSim.Devices.DeviceCatalog.Find("pcm")!;

        double MeanOutput(MappingSpec spec)
        {
            var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(pcm), new CpuKernels(), 2);
            mapped.Calibrate(inputs);
            return mapped.Execute(inputs, 0, batch)["y"].Data.Select(v => (double)Math.Abs(v)).Average();
        }

        var fresh = new MappingSpec(weightBits: 8, adcBits: 0, noise: NoiseSelection.Drift, driftTimeS: 0);
        double reference = MeanOutput(fresh);
        double drifted = MeanOutput(new MappingSpec(weightBits: 8, adcBits: 0, noise: NoiseSelection.Drift, driftTimeS: 365 * 86400.0));
        double compensated = MeanOutput(new MappingSpec(weightBits: 8, adcBits: 0, noise: NoiseSelection.Drift, driftTimeS: 365 * 86400.0, globalDriftCompensation: true));
        Assert.True(drifted < 0.7 * reference, $"a year of drift should shrink outputs: {drifted} vs {reference}");
        Assert.True(Math.Abs(compensated - reference) < 0.05 * reference, $"GDC should restore the mean output: {compensated} vs {reference}");
    }

    [Fact]
    public void ReadNoise_IsFreshPerTimestep_AndTimestepZeroIsTheDnnStream()
    {
        var rng = new Random(8);
        int k = 40, outputs = 6;
        var graph = TestGraphs.Dense(k, outputs, rng, withBias: false);
        float[] x = TestGraphs.Random(rng, k, signed: false);
        var spec = new MappingSpec(arrayRows: 32, arrayCols: 32, weightBits: 2, bitsPerCell: 1, inputBits: 0, adcBits: 0, colsPerAdc: 1, noise: NoiseSelection.Read, driftTimeS: 0);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(NoisyReadDevice), new CpuKernels(), 1);
        mapped.Calibrate(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([1, k], x) });
        var runtime = mapped.Operators[0].Runtime;
        float[] Read(int timestep)
        {
            var y = new float[outputs];
            runtime.Forward(x, 1, 0, y, timestep);
            return y;
        }

        float[] t0 = Read(0), t1 = Read(1), t1Again = Read(1);
        Assert.Equal(mapped.Execute(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([1, k], x) }, 0, 1)["y"].Data, t0);
        Assert.Equal(t1, t1Again);
        Assert.NotEqual(t0, t1);
    }
}
