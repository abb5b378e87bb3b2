using IMCSim.Simulator.Tensors;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// A backend whose activations can stay in its device's memory between operators (a GPU), so that a batch flows through a mapped
/// network layer by layer without going through the host: device buffers (<see cref="IDeviceBuffer"/>, carried by
/// <see cref="Tensor.OnDevice"/>) and the operators the zoo and the embedded models use between crossbar layers, each giving its host
/// operator's bits. An operator with no device version reads the tensor's <see cref="Tensor.Data"/> (a copy to the host) and runs
/// there. Buffers passed in must be this backend's (<see cref="Owns"/>); lengths are checked against the arguments.
/// </summary>
public interface IDeviceTensors
{
    /// <summary>The buffer was made by this backend.</summary>
    bool Owns(IDeviceBuffer buffer);

    /// <summary>A buffer of exactly <paramref name="length"/> floats with unspecified contents (reused after a <see cref="IDeviceBuffer.Release"/>).</summary>
    IDeviceBuffer Allocate(int length);

    /// <summary>A buffer of <paramref name="length"/> zeros (+0), set on the device.</summary>
    IDeviceBuffer Zeros(int length);

    /// <summary>A buffer holding a copy of <paramref name="data"/>.</summary>
    IDeviceBuffer Upload(ReadOnlySpan<float> data);

    /// <summary>
    /// The device copy of a constant (a graph's weights), uploaded on first use and kept by the array's identity: the caller promises the
    /// array never changes. Its <see cref="IDeviceBuffer.Release"/> does nothing.
    /// </summary>
    IDeviceBuffer Constant(float[] values);

    /// <summary><see cref="IComputeKernels.Gemm"/> on device buffers.</summary>
    void Gemm(in GemmArgs args, IDeviceBuffer a, IDeviceBuffer b, IDeviceBuffer c);

    /// <summary><see cref="IComputeKernels.Conv2d"/> on device buffers (null bias: none).</summary>
    void Conv2d(in Conv2dArgs args, IDeviceBuffer input, IDeviceBuffer weights, IDeviceBuffer? bias, IDeviceBuffer output);

    /// <summary>y = max(x, 0) (NaN stays NaN, −0 becomes +0), element by element over x's length.</summary>
    void Relu(IDeviceBuffer x, IDeviceBuffer y);

    /// <summary>y = a + b element by element, with b of a's length or repeated along a (its length divides a's: b's shape is a's trailing dimensions).</summary>
    void Add(IDeviceBuffer a, IDeviceBuffer b, IDeviceBuffer y);

    /// <summary>Max or average pooling (see <see cref="PoolArgs"/>): max as MathF.Max over the taps in row-major order starting from −∞; average as a float sum in that order divided once.</summary>
    void Pool(in PoolArgs args, IDeviceBuffer x, IDeviceBuffer y);

    /// <summary>y[p] = (float)(sum of x[p, i] over i &lt; <paramref name="plane"/> in index order, in double / plane); NaN for an empty plane.</summary>
    void GlobalAveragePool(int planes, int plane, IDeviceBuffer x, IDeviceBuffer y);

    /// <summary>
    /// The crossbar's input vectors of a convolution (groups 1) for samples <paramref name="firstSample"/> .. + args.N of x [*, C, H, W]:
    /// rows[(n, oy, ox), (c, ki, kj)] = x[firstSample + n, c, oy·s − pad + ki·d, ox·s − pad + kj·d], 0 outside the input.
    /// </summary>
    void Im2Row(in Conv2dArgs args, int firstSample, IDeviceBuffer x, IDeviceBuffer rows);

    /// <summary>y[firstSample + n, j, p] = rows[n, p, j] for n &lt; <paramref name="samples"/>, p &lt; <paramref name="plane"/>, j &lt; <paramref name="channels"/>: a convolution's outputs back to [N, M, OH, OW].</summary>
    void ToChannelMajor(int samples, int plane, int channels, int firstSample, IDeviceBuffer rows, IDeviceBuffer y);

    /// <summary>
    /// One timestep of integrate-and-fire neurons with float membranes (see <see cref="SpikingStepArgs"/>): x and y [images x per image],
    /// <paramref name="membranes"/> [images x per group] updated in place. Returns the number of spikes (waits for the device).
    /// </summary>
    long SpikingStep(in SpikingStepArgs args, IDeviceBuffer x, IDeviceBuffer membranes, IDeviceBuffer y);

    /// <summary>
    /// A mapped layer's read of x [Rows x K] into y [Rows x N] (see <see cref="CrossbarLayerReadArgs"/>; Rows, K, N and Phases are
    /// <paramref name="read"/>'s), every phase's array read being <see cref="IComputeKernels.CrossbarRead"/> with <paramref name="read"/> (its Phase set per phase). The
    /// planes, weights and bias are cached on the device by identity (they never change). Events are added as CrossbarRead adds them.
    /// </summary>
    void CrossbarLayerRead(
        in CrossbarLayerReadArgs layer,
        in CrossbarReadArgs read,
        IDeviceBuffer x,
        float[] conductance,
        float[]? variance,
        float[]? rowConductanceUs,
        float[] columnWeights,
        float[]? bias,
        IDeviceBuffer y,
        Span<double> cellEnergyFj,
        Span<long> drivenRows);
}
