using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// Ideal devices and an unlimited ADC reproduce the exact integer product of integer inputs and
/// integer weights, for every DAC width, input precision, encoding and bits per cell: a cycle or a
/// slice weighted wrongly in the shift-and-add cannot pass.
/// </summary>
public sealed class ExactIntegerProductTests
{
    public static TheoryData<int, int, WeightEncoding, int> Cases()
    {
        var data = new TheoryData<int, int, WeightEncoding, int>();
        foreach (int inputBits in new[] { 4, 8 })
        {
            foreach (int dacBits in new[] { 1, 2, 4, 8 })
            {
                if (dacBits > inputBits)
                {
                    continue;
                }

                foreach (WeightEncoding e in Enum.GetValues<WeightEncoding>())
                {
                    for (int bpc = 1; bpc <= 4; bpc++)
                    {
                        data.Add(inputBits, dacBits, e, bpc);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IdealDevicesAndUnlimitedAdc_ReproduceTheExactIntegerProduct(int inputBits, int dacBits, WeightEncoding encoding, int bitsPerCell)
    {
        var rng = new Random((inputBits * 1000) + (dacBits * 100) + (bitsPerCell * 10) + (int)encoding);
        int k = rng.Next(20, 150), n = rng.Next(3, 20), batch = 6, weightBits = 6, qmax = (1 << (weightBits - 1)) - 1, xmax = (1 << inputBits) - 1;
        var graph = TestGraphs.Dense(k, n, rng, withBias: false);
        float[] w = graph.Constants["w"].Data;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = rng.Next(-qmax, qmax + 1);
        }

        w[0] = qmax;
        var x = new float[batch * k];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.Next(0, xmax + 1);
        }

        x[0] = xmax;
        var spec = new MappingSpec(arrayRows: 64, arrayCols: 128, weightBits: weightBits, bitsPerCell: bitsPerCell, inputBits: inputBits, dacBits: dacBits,
            adcBits: 0, colsPerAdc: 1, encoding: encoding, noise: NoiseSelection.None, driftTimeS: 0, calibration: CalibrationSource.Target);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(DeviceSpec.Ideal), new CpuKernels(), 2);
        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([batch, k], x) };
        mapped.Calibrate(inputs);
        float[] y = mapped.Execute(inputs, 0, batch)["y"].Data;
        for (int p = 0; p < batch; p++)
        {
            for (int j = 0; j < n; j++)
            {
                long exact = 0;
                for (int i = 0; i < k; i++)
                {
                    // Gemm with transB: w stored [n, k].
                    exact += (long)x[(p * k) + i] * (long)w[(j * k) + i];
                }

                Assert.True(Math.Abs(y[(p * n) + j] - exact) <= 1e-5 * Math.Max(1, Math.Abs(exact)), $"output ({p}, {j}): crossbar {y[(p * n) + j]}, exact {exact}");
            }
        }
    }
}
