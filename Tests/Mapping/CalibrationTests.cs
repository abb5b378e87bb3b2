using IMCSim.Devices;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Mapping.Crossbar;
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

    private static MappingSpec SharingSpec(int adcBits = 6, double driftTimeS = 3600, AdcRangeRule adcRange = AdcRangeRule.MinimumMse, bool gdc = false, int inputBits = 8,
        CalibrationSource calibration = CalibrationSource.Programmed, ulong seed = 4) =>
        new(seed: seed, parasitics: ParasiticsSpec.None, adcBits: adcBits, driftTimeS: driftTimeS, adcRange: adcRange, globalDriftCompensation: gdc, inputBits: inputBits,
            calibration: calibration, calibrationImages: 48);

    /// <summary>
    /// A network calibrated on a programming cache another network of the same arrays filled, against one calibrated from scratch:
    /// whether it took the other's readings (no new cache entry) or measured its own, its ranges and its outputs are the fresh ones.
    /// </summary>
    private static void AssertCalibratedAsFresh(MappingSpec other, bool shares)
    {
        var data = DatasetLoader.LoadEmbeddedMnist();
        NetworkGraph graph = LeNet();
        var pcm = DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!);
        var cache = new ProgrammingCache();
        new MappedNetwork(graph, SharingSpec(), pcm, new CpuKernels(), 2, cache).Calibrate(data);

        var cached = new MappedNetwork(graph, other, pcm, new CpuKernels(), 2, cache);
        long misses = cache.Misses;
        cached.Calibrate(data);
        Assert.Equal(shares ? misses : misses + 1, cache.Misses);

        var fresh = new MappedNetwork(graph, other, pcm, new CpuKernels(), 2);
        fresh.Calibrate(data);
        for (int i = 0; i < fresh.Operators.Count; i++)
        {
            var (a, b) = (fresh.Operators[i].Runtime, cached.Operators[i].Runtime);
            Assert.Equal(a.InputScale, b.InputScale);
            Assert.Equal(a.SignedInputs, b.SignedInputs);
            Assert.Equal(a.CalibrationMaxCurrent, b.CalibrationMaxCurrent);
            Assert.Equal(a.FullScale, b.FullScale);
            Assert.Equal(a.DriftCompensation, b.DriftCompensation);
        }

        float[] expected = fresh.Run(data, 64, 32).Logits, actual = cached.Run(data, 64, 32).Logits;
        Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(actual.Select(BitConverter.SingleToInt32Bits)), "hardware logits differ from a fresh network's");
    }

    public static TheoryData<string> NeverReadByCalibration => ["adc-bits", "drift-time", "adc-range", "gdc"];

    [Theory]
    [MemberData(nameof(NeverReadByCalibration))]
    public void APointThatDiffersOnlyInWhatCalibrationNeverReads_TakesTheReadings_AndIsTheFreshNetwork(string changed) =>
        AssertCalibratedAsFresh(changed switch
        {
            "adc-bits" => SharingSpec(adcBits: 4),
            "drift-time" => SharingSpec(driftTimeS: 86400 * 365),
            "adc-range" => SharingSpec(adcRange: AdcRangeRule.Max),
            _ => SharingSpec(gdc: true, driftTimeS: 86400),
        }, shares: true);

    public static TheoryData<string> ReadByCalibration => ["input-bits", "calibration", "seed"];

    [Theory]
    [MemberData(nameof(ReadByCalibration))]
    public void APointThatChangesWhatCalibrationReads_MeasuresItsOwn(string changed) =>
        AssertCalibratedAsFresh(changed switch
        {
            "input-bits" => SharingSpec(inputBits: 6),
            "calibration" => SharingSpec(calibration: CalibrationSource.Target),
            _ => SharingSpec(seed: 5),
        }, shares: false);

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

    [Theory]
    [InlineData(AdcRangeRule.MinimumMse)]
    [InlineData(AdcRangeRule.Percentile)]
    [InlineData(AdcRangeRule.Max)]
    public void CurrentsAllBelowTheHistogramsFirstBin_GiveTheLargestCurrentAsTheRange(AdcRangeRule rule)
    {
        // An array behind a 1 TOhm source resistance: every current is tiny but not zero. The MSE rule once indexed an empty
        // list of bins here (IndexOutOfRangeException from `simulate --rs 1e12`).
        float tiny = (float)CurrentHistogram.LowerEdge(1) / 4;
        var hist = new long[CurrentHistogram.Bins];
        hist[CurrentHistogram.Bin(tiny)] = 1000;
        Assert.Equal(0, CurrentHistogram.Bin(tiny));
        var calibration = new AdcCalibration();
        calibration.Merge(hist, tiny);
        Assert.Equal(tiny, calibration.FullScale(rule, 99.99, 31));
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
