using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;

namespace IMCSim.Workloads.Operators;

/// <summary>One operator case on a device backend: whether it stayed on the device with its host operator's bits.</summary>
public sealed record DeviceOperatorResult(string Case, bool Passed, string Detail);

/// <summary>
/// Every operator with a device version (<see cref="IDeviceTensors"/>) fed device tensors, against the same operator on host tensors
/// with the same kernels (so a convolution's sums are the backend's own in both): the result must stay on the device and have the host
/// operator's bits (a NaN's payload aside). Inputs hold NaN, ±0, ±∞ and tiny and huge values (finite ones for the products), in shapes that leave tails; some
/// inputs are host activations or graph constants, as in a real graph. What the test suite runs on ILGPU's CPU accelerator and the GPU
/// check on CUDA.
/// </summary>
public static class DeviceOperatorConformance
{
    private static WindowGeometry Window(int[] kernel, int[] strides, int[]? pads = null, int[]? dilations = null, bool ceil = false) =>
        new(kernel, strides, dilations, pads, AutoPad.NotSet, ceil);

    /// <summary>Operator, input shapes, which inputs are host activations (by index) and which graph constants.</summary>
    private static readonly Dictionary<string, (IOperator Op, int[][] Shapes, int[] HostInputs, int[] Constants)> Cases = new()
    {
        ["conv 3x3, pad 1, bias"] = (new ConvOperator(Window([3, 3], [1, 1], [1, 1, 1, 1]), 1), [[2, 3, 9, 8], [5, 3, 3, 3], [5]], [], [1, 2]),
        ["conv strided, dilated, no bias"] = (new ConvOperator(Window([3, 2], [2, 1], [0, 1, 2, 0], [2, 1]), 1), [[1, 4, 11, 7], [6, 4, 3, 2]], [], [1]),
        ["conv grouped"] = (new ConvOperator(Window([3, 3], [1, 1], [1, 1, 1, 1]), 2), [[2, 4, 6, 6], [6, 2, 3, 3], [6]], [], [1, 2]),
        ["gemm, B transposed, bias"] = (new GemmOperator(1f, 1f, false, true), [[3, 300], [17, 300], [17]], [], [1, 2]),
        ["gemm, C of the output's shape"] = (new GemmOperator(1f, 1f, false, false), [[5, 40], [40, 9], [5, 9]], [], [1, 2]),
        ["relu"] = (new ReluOperator(), [[2, 3, 5, 7]], [], []),
        ["relu, 17 values"] = (new ReluOperator(), [[17]], [], []),
        ["max pool 2x2"] = (new MaxPoolOperator(Window([2, 2], [2, 2])), [[2, 3, 8, 8]], [], []),
        ["max pool 3x3, stride 2, pad 1"] = (new MaxPoolOperator(Window([3, 3], [2, 2], [1, 1, 1, 1])), [[1, 4, 9, 9]], [], []),
        ["max pool dilated, ceil mode"] = (new MaxPoolOperator(Window([2, 3], [2, 2], [0, 1, 1, 0], [2, 1], ceil: true)), [[1, 2, 10, 11]], [], []),
        ["max pool 1-D"] = (new MaxPoolOperator(Window([3], [1], [1, 1])), [[2, 3, 17]], [], []),
        ["average pool, pads counted"] = (new AveragePoolOperator(Window([3, 3], [2, 2], [1, 1, 1, 1]), countIncludePad: true), [[2, 3, 9, 7]], [], []),
        ["average pool, pads not counted, ceil mode"] = (new AveragePoolOperator(Window([3, 2], [2, 2], [1, 0, 1, 1], ceil: true), countIncludePad: false), [[1, 5, 8, 9]], [], []),
        ["global average pool"] = (new GlobalAveragePoolOperator(), [[2, 5, 7, 7]], [], []),
        ["global average pool of 1x1"] = (new GlobalAveragePoolOperator(), [[3, 4, 1, 1]], [], []),
        ["add"] = (new AddOperator(), [[2, 3, 4, 5], [2, 3, 4, 5]], [], []),
        ["add, trailing dimensions"] = (new AddOperator(), [[2, 3, 4, 5], [4, 5]], [], []),
        ["add, a host vector"] = (new AddOperator(), [[2, 3, 4, 5], [5]], [1], []),
        ["add, a host activation first"] = (new AddOperator(), [[3, 7], [3, 7]], [0], []),
        ["add, a constant vector"] = (new AddOperator(), [[2, 6], [6]], [], [1]),
    };

    public static IReadOnlyList<string> Names => [.. Cases.Keys];

    public static IReadOnlyList<DeviceOperatorResult> Run(IComputeKernels kernels) => [.. Names.Select(name => Run(kernels, name))];

    /// <summary>One case on <paramref name="kernels"/> (which must be an <see cref="IDeviceTensors"/> backend).</summary>
    public static DeviceOperatorResult Run(IComputeKernels kernels, string name)
    {
        if (kernels is not IDeviceTensors device)
        {
            throw new ArgumentException($"{kernels.Name} keeps no tensors on a device", nameof(kernels));
        }

        var (op, shapes, hostInputs, constantInputs) = Cases[name];
        bool products = op is ConvOperator or GemmOperator;
        float[][] data = [.. shapes.Select((s, i) => Values(name.Sum(c => c) + i, ShapeMath.Count(s), finite: products))];
        Tensor host = op.Evaluate([.. shapes.Select((s, i) => (Tensor?)Tensor.FromFloat(s, data[i]))], new OperatorContext(kernels))[0];

        Tensor[] inputs = [.. shapes.Select((s, i) => hostInputs.Contains(i) || constantInputs.Contains(i) ? Tensor.FromFloat(s, data[i]) : Tensor.OnDevice(s, device.Upload(data[i])))];
        Tensor result = op.Evaluate(inputs, new OperatorContext(kernels, constants: constantInputs.Select(i => inputs[i])))[0];
        bool stayed = result.Device is not null && !result.OnHost;
        float[] values = result.Data;
        int differ = host.Length != result.Length ? host.Length : host.Data.Where((v, i) => !SameValue(v, values[i])).Count();
        result.Device?.Release();
        foreach (Tensor t in inputs)
        {
            t.Device?.Release();
        }

        bool shaped = host.Shape.SequenceEqual(result.Shape);
        return new(name, stayed && shaped && differ == 0,
            !stayed ? "ran on the host (the result is not a device tensor)"
            : !shaped ? $"shape {ShapeMath.Format(result.Shape)}, host {ShapeMath.Format(host.Shape)}"
            : differ == 0 ? $"stays on the device; bit for bit the host operator ({values.Length} values)" : $"{differ} of {values.Length} values differ from the host operator");
    }

    /// <summary>
    /// The same bits, or both NaN: a NaN's payload is not promised (CUDA's arithmetic returns its one canonical NaN where x86 keeps an
    /// operand's, and the IEEE standard leaves it open); every other value, ±0 included, must match bit for bit.
    /// </summary>
    private static bool SameValue(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    /// <summary>Seeded values in [-2, 2) with about one in 13 special (NaN, ±0, ±∞, tiny, huge; products get finite ones only).</summary>
    internal static float[] Values(int seed, int length, bool finite)
    {
        var rng = new Random(seed);
        float[] special = finite ? [-0f, 0f, 1e-30f, -1e6f] : [float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, -1e30f];
        return [.. Enumerable.Range(0, length).Select(_ => rng.Next(13) == 0 ? special[rng.Next(special.Length)] : (float)((rng.NextDouble() * 4) - 2))];
    }
}
