using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Operators;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// Property: with ideal devices, no noise, analog inputs and an unlimited ADC, a mapped layer
/// reproduces the float layer (within 1e-4) for every weight encoding and every bits-per-cell
/// choice, over random layers (dense and convolutional, any size, signed inputs, bias).
/// </summary>
public sealed class IdealCrossbarPropertyTests
{
    public static TheoryData<int, WeightEncoding, int> Cases()
    {
        var data = new TheoryData<int, WeightEncoding, int>();
        foreach (WeightEncoding e in Enum.GetValues<WeightEncoding>())
        {
            foreach (int bpc in new[] { 1, 2, 3, 4, 5 })
            {
                for (int seed = 0; seed < 3; seed++)
                {
                    data.Add(seed, e, bpc);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IdealMapping_RandomDenseLayer_MatchesFloat(int seed, WeightEncoding encoding, int bitsPerCell)
    {
        var rng = new Random((seed * 100) + bitsPerCell + (encoding == WeightEncoding.Offset ? 50 : 0));
        int k = rng.Next(1, 300), n = rng.Next(1, 70), batch = rng.Next(1, 9);
        var spec = IdealSpec(encoding, bitsPerCell, rows: rng.Next(8, 129), cols: rng.Next(24, 129));
        var graph = TestGraphs.Dense(k, n, rng, withBias: rng.Next(2) == 0);
        var x = Tensor.FromFloat([batch, k], TestGraphs.Random(rng, batch * k, signed: rng.Next(2) == 0));
        AssertMatchesFloat(graph, spec, x);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IdealMapping_RandomConvLayer_MatchesFloat(int seed, WeightEncoding encoding, int bitsPerCell)
    {
        var rng = new Random((seed * 1000) + bitsPerCell + (encoding == WeightEncoding.Offset ? 500 : 0));
        int c = rng.Next(1, 5), m = rng.Next(1, 9), h = rng.Next(5, 12), kernel = rng.Next(1, 4), stride = rng.Next(1, 3), pad = rng.Next(0, 2);
        var spec = IdealSpec(encoding, bitsPerCell, rows: rng.Next(4, 65), cols: 64);
        var graph = TestGraphs.Conv(c, m, kernel, stride, pad, rng);
        var x = Tensor.FromFloat([2, c, h, h], TestGraphs.Random(rng, 2 * c * h * h, signed: false));
        AssertMatchesFloat(graph, spec, x);
    }

    private static MappingSpec IdealSpec(WeightEncoding encoding, int bitsPerCell, int rows, int cols) =>
        new(arrayRows: rows, arrayCols: Math.Max(cols, 2 * ((19 + bitsPerCell) / bitsPerCell)), weightBits: 20, bitsPerCell: bitsPerCell,
            inputBits: 0, dacBits: 1, adcBits: 0, colsPerAdc: 1, encoding: encoding, noise: NoiseSelection.None, driftTimeS: 0);

    private static void AssertMatchesFloat(NetworkGraph graph, MappingSpec spec, Tensor x)
    {
        var inputs = new Dictionary<string, Tensor> { ["x"] = x };
        float[] expected = new GraphExecutor(graph, new CpuKernels()).Run(inputs)["y"].Data;
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(DeviceSpec.Ideal), new CpuKernels(), 2);
        mapped.Calibrate(inputs);
        float[] actual = mapped.Execute(inputs, 0, x.Shape[0])["y"].Data;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"output {i}: crossbar {actual[i]}, float {expected[i]}");
        }
    }
}
