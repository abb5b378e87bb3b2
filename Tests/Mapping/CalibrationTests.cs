using IMCSim.Devices;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>Calibration: over all calibration images whatever the batch, on the arrays as programmed, and the ADC range rules.</summary>
public sealed class CalibrationTests
{
    private static NetworkGraph LeNet() => OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded");

    /// <summary>The same weights with the input's batch fixed to 1 (PyTorch's default export).</summary>
    private static NetworkGraph WithFixedBatchOne(NetworkGraph g)
    {
        var input = g.Inputs[0];
        var fixedInput = input with { Dims = [1, .. input.Dims!.Skip(1)] };
        return new NetworkGraph(g.Name, g.Source, [fixedInput, .. g.Inputs.Skip(1)], g.Outputs, g.Constants, g.Nodes);
    }

    [Fact]
    public void FixedBatchOneAndDynamicBatch_CalibrateIdentically_AndPredictIdentically()
    {
        var data = DatasetLoader.LoadEmbeddedMnist();
        var spec = new MappingSpec(seed: 4, parasitics: ParasiticsSpec.None);
        var pcm = DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!);
        var dynamic = new MappedNetwork(LeNet(), spec, pcm, new CpuKernels(), 2);
        var fixedOne = new MappedNetwork(WithFixedBatchOne(LeNet()), spec, pcm, new CpuKernels(), 2);
        dynamic.Calibrate(data);
        fixedOne.Calibrate(data);
        for (int i = 0; i < dynamic.Operators.Count; i++)
        {
            Assert.Equal(dynamic.Operators[i].Runtime.FullScale, fixedOne.Operators[i].Runtime.FullScale);
            Assert.Equal(dynamic.Operators[i].Runtime.InputScale, fixedOne.Operators[i].Runtime.InputScale);
        }

        Assert.Equal(dynamic.Run(data, 100, 50).Predicted, fixedOne.Run(data, 100, 1).Predicted);
    }

    [Fact]
    public void CalibrationOnProgrammedArrays_SeesTheLowerCurrentsOfWireParasitics()
    {
        var data = DatasetLoader.LoadEmbeddedMnist();
        var rram = DeviceAssignment.Uniform(DeviceCatalog.Find("rram")!);
        var wires = new ParasiticsSpec(ParasiticsMode.Exact, 32, 5, 5, 0, 0);
        double FullScale(CalibrationSource source)
        {
            var mapped = new MappedNetwork(LeNet(), new MappingSpec(noise: IMCSim.Devices.Models.NoiseSelection.None, parasitics: wires, calibration: source), rram, new CpuKernels(), 2);
            mapped.Calibrate(data);
            return mapped.Operators[1].Runtime.FullScale;
        }

        double programmed = FullScale(CalibrationSource.Programmed), target = FullScale(CalibrationSource.Target);
        Assert.True(programmed < 0.97 * target, $"IR drop lowers the currents a chip measures: programmed {programmed}, target {target}");
    }

    [Fact]
    public void AdcRangeRules_OnKnownCurrents_GiveTheirDefiningClip()
    {
        // 10,000 currents: 9,999 in (0, 10] and one outlier at 40; 6-bit signed ADC (31 codes).
        var rng = new Random(3);
        var currents = new List<float>();
        for (int i = 0; i < 9999; i++)
        {
            currents.Add((float)(rng.NextDouble() * 10) + 1e-3f);
        }

        currents.Add(40f);
        var hist = new long[CurrentHistogram.Bins];
        foreach (float v in currents)
        {
            hist[CurrentHistogram.Bin(v)]++;
        }

        var calibration = new AdcCalibration();
        calibration.Merge(hist, currents.Max());
        const int codes = 31;
        Assert.Equal(40.0, calibration.FullScale(AdcRangeRule.Max, 99.99, codes));
        Assert.InRange(calibration.FullScale(AdcRangeRule.Percentile, 99.9, codes), 9.9, 10.1);
        Assert.Equal(40.0, calibration.FullScale(AdcRangeRule.Percentile, 99.999, codes));

        // The MSE rule's clip converts the actual currents with (near) the least squared error of any clip.
        double Error(double clip)
        {
            var adc = new AdcModel(6, signedCodes: true, fullScaleLevels: clip);
            return currents.Sum(v => Math.Pow(v - (adc.Convert(v) * adc.LsbLevels), 2));
        }

        double mse = calibration.FullScale(AdcRangeRule.MinimumMse, 0, codes);
        double best = Enumerable.Range(1, 450).Select(i => i / 10.0).Min(Error);
        Assert.True(Error(mse) <= 1.05 * best, $"MSE rule clip {mse}: error {Error(mse)}, best over a grid {best}");
        Assert.True(mse < 40 && Error(mse) < Error(40), $"clipping the outlier must pay here: clip {mse}, error {Error(mse)} vs {Error(40)} unclipped");
    }

    [Fact]
    public void EightBitCellsWithDifferentialWeights_SpanTheWholeConductanceRange()
    {
        // 8-bit weights, differential: 7 magnitude bits in one 8-bit-capable slice; the largest weight must sit at G_max.
        var device = DeviceSpec.Ideal with { GMaxUs = Sourced.Of(100, "test"), MaxBitsPerCell = Sourced.Of(8, "test") };
        var rng = new Random(1);
        var graph = TestGraphs.Dense(30, 5, rng, withBias: false);
        var spec = new MappingSpec(weightBits: 8, bitsPerCell: 8, noise: IMCSim.Devices.Models.NoiseSelection.None, driftTimeS: 0);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(device), new CpuKernels(), 1);
        var layer = mapped.Operators[0].Runtime.Programmed;
        Assert.Equal(7, spec.Slicing.SliceBits[0]);
        float maxTarget = layer.Arrays.Max(a => a.TargetUs.Max());
        Assert.Equal(100f, maxTarget, 3);
    }
}
