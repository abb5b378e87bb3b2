using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Mapping;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>The events a mapped layer counts, against the numbers worked out by hand from its placement.</summary>
public sealed class LayerEventTests
{
    [Fact]
    public void MappedLayerEvents_MatchTheHandCount_AndAZeroInputDrivesNothing()
    {
        // K = 5 inputs, N = 3 outputs, 4-bit differential weights in 2-bit cells: 3 magnitude bits, 2 slices, 4 columns per
        // weight; 3-row, 16-column arrays hold 4 weights: 2 row tiles x 1 column tile. Inputs 4 bits, 2 per cycle: 2 cycles.
        var rng = new Random(2);
        var graph = TestGraphs.Dense(5, 3, rng, withBias: false);
        var spec = new MappingSpec(arrayRows: 3, arrayCols: 16, weightBits: 4, bitsPerCell: 2, inputBits: 4, dacBits: 2, adcBits: 5, colsPerAdc: 4,
            noise: NoiseSelection.None, driftTimeS: 0);
        var mapped = new MappedNetwork(graph, spec, DeviceAssignment.Uniform(DeviceSpec.Ideal), new CpuKernels(), 1);

        // Calibration sees max |x| = 15 so the input scale is 1 and the integers below are applied as they are.
        float[] x = [1, 0, 4, 15, 0, 0, 0, 0, 0, 0];
        var inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([2, 5], x) };
        mapped.Calibrate(inputs);
        var runtime = mapped.Operators[0].Runtime;
        Assert.Equal(1.0, runtime.InputScale);
        Assert.Equal(2, runtime.Placement.Arrays.Count);
        mapped.Execute(inputs, 0, 2);

        var events = runtime.Events;
        // Reads per array: 2 vectors x 1 phase x 2 cycles; conversions: reads x 3 weights x 2 slices.
        Assert.Equal([4L, 4L], events.Reads);
        Assert.Equal([24L, 24L], events.Conversions);

        // Driven rows: vector 0 digits (2 bits per cycle): x = 1 -> (1, 0), 4 -> (0, 1), 15 -> (3, 3). Tile 0 (rows 0-2):
        // 1 + 1 = 2; tile 1 (rows 3-4): 2. The all-zero vector 1 drives none.
        Assert.Equal([2L, 2L], events.DrivenRows);
        Assert.True(events.CellEnergyFj.All(e => e > 0));

        // The same layer on zero inputs only: reads still happen, no row is driven, no cell energy.
        var zeros = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([2, 5], new float[10]) };
        mapped.Execute(zeros, 2, 2);
        Assert.Equal([8L, 8L], events.Reads);
        Assert.Equal([2L, 2L], events.DrivenRows);
    }
}
