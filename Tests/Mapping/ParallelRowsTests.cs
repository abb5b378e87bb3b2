using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping.Settings;
using IMCSim.Mapping;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>Partial parallel read (--parallel-rows): row groups read and converted one at a time, partial sums added digitally.</summary>
public sealed class ParallelRowsTests
{
    private static (MappedNetwork Mapped, Dictionary<string, Tensor> Inputs, float[] W, float[] X, int K, int N) Layer(int parallelRows, int adcBits, NoiseSelection noise)
    {
        // K = 150 rows on 64-row arrays: row tiles of 64, 64 and 22 rows.
        var rng = new Random(5);
        int k = 150, n = 7, batch = 4;
        var graph = TestGraphs.Dense(k, n, rng, withBias: false);
        float[] w = graph.Constants["w"].Data;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = rng.Next(-31, 32);
        }

        w[0] = 31;
        var x = new float[batch * k];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.Next(3) == 0 ? 0 : rng.Next(0, 256);
        }

        x[0] = 255;
        var spec = new MappingSpec(arrayRows: 64, arrayCols: 128, weightBits: 6, bitsPerCell: 1, inputBits: 8, dacBits: 1, adcBits: adcBits, colsPerAdc: 1,
            noise: noise, driftTimeS: 0, calibration: CalibrationSource.Target, parallelRows: parallelRows);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(DeviceSpec.Ideal), new CpuKernels(), 2);
        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([batch, k], x) };
        mapped.Calibrate(inputs);
        return (mapped, inputs, w, x, k, n);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(32)]
    public void PartialReads_WithIdealDevicesAndUnlimitedAdc_GiveTheExactIntegerProduct(int parallelRows)
    {
        // Each row group's partial sum is converted on its own and added digitally, with its own row tile's weights:
        // a group mapped to the wrong tile, or a partial sum dropped, breaks the product.
        var (mapped, inputs, w, x, k, n) = Layer(parallelRows, adcBits: 0, NoiseSelection.None);
        float[] y = mapped.Execute(inputs, 0, 4)["y"].Data;
        for (int p = 0; p < 4; p++)
        {
            for (int j = 0; j < n; j++)
            {
                long exact = 0;
                for (int i = 0; i < k; i++)
                {
                    exact += (long)x[(p * k) + i] * (long)w[(j * k) + i];
                }

                Assert.True(Math.Abs(y[(p * n) + j] - exact) <= 1e-5 * Math.Max(1, Math.Abs(exact)), $"rows {parallelRows}, output ({p}, {j}): {y[(p * n) + j]}, exact {exact}");
            }
        }
    }

    [Fact]
    public void PartialReads_CountOneReadAndOneConversionSetPerRowGroup_AndTheAdcRangeFollows()
    {
        var (all, allInputs, _, _, _, _) = Layer(0, adcBits: 6, NoiseSelection.None);
        var (part, partInputs, _, _, _, _) = Layer(16, adcBits: 6, NoiseSelection.None);
        all.Execute(allInputs, 0, 4);
        part.Execute(partInputs, 0, 4);
        var a = all.Operators[0].Runtime;
        var p = part.Operators[0].Runtime;

        // 4 vectors x 8 cycles per row group; row tiles of 64, 64 and 22 rows hold 4, 4 and 2 groups of 16.
        long perGroup = 4 * 8;
        Assert.Equal(a.Events.Reads.Select(r => r / perGroup), new long[] { 1, 1, 1 });
        Assert.Equal(p.Events.Reads.Select(r => r / perGroup), new long[] { 4, 4, 2 });
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(a.Events.Conversions[i] / a.Events.Reads[i], p.Events.Conversions[i] / p.Events.Reads[i]);
        }

        // The same rows are driven whatever the grouping, and the cell energy is the same sum.
        Assert.Equal(a.Events.DrivenRows, p.Events.DrivenRows);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(a.Events.CellEnergyFj[i], p.Events.CellEnergyFj[i], 9);
        }

        // A 16-row read sums fewer cells: with 0/1 digits and unit levels no read exceeds 16, and the calibrated
        // range shrinks with it.
        Assert.True(p.CalibrationMaxCurrent <= 16 && p.CalibrationMaxCurrent < a.CalibrationMaxCurrent, $"16-row reads: max current {p.CalibrationMaxCurrent}, all rows {a.CalibrationMaxCurrent}");
        Assert.True(p.Adc.LsbLevels < a.Adc.LsbLevels, $"ADC LSB: 16-row reads {p.Adc.LsbLevels}, all rows {a.Adc.LsbLevels}");
    }

    [Fact]
    public void ParallelRowsEqualToTheArrayRows_IsTheDefaultBitForBit()
    {
        var (all, allInputs, _, _, _, _) = Layer(0, adcBits: 5, NoiseSelection.None);
        var (same, sameInputs, _, _, _, _) = Layer(64, adcBits: 5, NoiseSelection.None);
        Assert.Equal(all.Execute(allInputs, 0, 4)["y"].Data, same.Execute(sameInputs, 0, 4)["y"].Data);
    }

    [Theory]
    [InlineData(48)]
    [InlineData(256)]
    [InlineData(-1)]
    public void ParallelRowsThatDoNotDivideTheArrayRows_IsASettingErrorNamingTheKey(int rows)
    {
        var e = Assert.Throws<SettingException>(() => new MappingSpec(arrayRows: 128, parallelRows: rows));
        Assert.Equal("parallel-rows", e.Key);
        Assert.Contains("1, 2, 4, 8, 16, 32, 64, 128", e.Message, StringComparison.Ordinal);
    }
}
