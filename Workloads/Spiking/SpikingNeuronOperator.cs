using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;

namespace IMCSim.Workloads.Spiking;

/// <summary>How a neuron's membrane is reset after it spikes.</summary>
public enum SpikeReset
{
    /// <summary>Subtract the threshold (RMP-SNN's residual membrane potential, Han et al. CVPR 2020): the excess carries over.</summary>
    Soft,

    /// <summary>Set the membrane to zero: the excess above the threshold is lost.</summary>
    Hard,
}

/// <summary>
/// Integrate-and-fire neurons in place of a ReLU (leak 1), or leaky integrate-and-fire (leak below 1): per timestep
/// v = leak x v + x; a neuron spikes where v >= threshold and outputs its spike value there (0 elsewhere): the threshold by default,
/// so the next layer of a converted network sees the ANN's scale, or 1 for a trained SNN's binary spikes; then its membrane is reset (<see cref="SpikeReset"/>). The membranes persist across the timesteps of one input
/// and are cleared by <see cref="Reset"/>; they are the operator's own memory, one value per neuron. Spikes and updates are counted.
/// <para>
/// With <c>membraneBits</c> B &gt; 0 the membranes are MINT integers (Yin et al., ASP-DAC 2024: weights and membranes on one
/// shared scale per layer, integer threshold compare): scale s = threshold / 2^(B - 2), so the threshold is the integer
/// 2^(B - 2) and a B-bit signed membrane holds [-2^(B - 1), 2^(B - 1) - 1] (up to twice the threshold); each timestep's input
/// is rounded to the scale (half to even), v = clamp(round(leak x v) + round(x / s)), a spike where v &gt;= 2^(B - 2), soft
/// reset subtracts it. Integers of at most 32 bits are exact in double.
/// </para>
/// <para>
/// Membrane sharing (EfficientLIF-Net, Kim et al., Frontiers in Neuroscience 2023): with <see cref="ShareWith"/> set to the neuron
/// layer before this one, and the two equal in neurons per image, this layer integrates onto the membranes that layer left at the
/// same timestep (after its spikes and resets) and leaves them for the next: one buffer for the chain, the first layer of the chain
/// starting from what the last left at the timestep before. With <c>channelGroups</c> G &gt; 1 the channels (dimension 1) are split
/// into G equal groups processed in order, each integrating onto the membranes the group before it left: one group's buffer per
/// layer.
/// </para>
/// </summary>
public sealed class SpikingNeuronOperator(float threshold, SpikeReset reset, float leak = 1f, int membraneBits = 0, float? spikeValue = null, int channelGroups = 1) : IOperator
{
    private readonly MembraneState _own = new();

    public string OpType => "SpikingNeuron";

    public float Threshold { get; } = threshold > 0 && float.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), $"a neuron threshold must be positive and finite, got {threshold}");

    public SpikeReset ResetMode { get; } = reset;

    /// <summary>What a spike carries to the next layer: the threshold (conversion) unless given (1 for a trained SNN's binary spikes).</summary>
    public float SpikeValue { get; } = spikeValue is not { } s ? threshold : s > 0 && float.IsFinite(s) ? s : throw new ArgumentOutOfRangeException(nameof(spikeValue), $"a spike value must be positive and finite, got {s}");

    public float Leak { get; } = leak is > 0 and <= 1 ? leak : throw new ArgumentOutOfRangeException(nameof(leak), $"a leak factor must be in (0, 1], got {leak}");

    /// <summary>Bits of a membrane: 0 = float, 2..32 = MINT integers.</summary>
    public int MembraneBits { get; } = membraneBits is 0 or (>= 2 and <= 32) ? membraneBits : throw new ArgumentOutOfRangeException(nameof(membraneBits), $"membrane bits must be 0 (float) or 2..32, got {membraneBits}");

    /// <summary>Channel groups sharing one membrane buffer (1 = none).</summary>
    public int ChannelGroups { get; } = channelGroups >= 1 ? channelGroups : throw new ArgumentOutOfRangeException(nameof(channelGroups), $"channel groups must be >= 1, got {channelGroups}");

    /// <summary>The neuron layer whose membranes this one shares when both have as many neurons per image (layer sharing); null = none.</summary>
    public SpikingNeuronOperator? ShareWith { get; init; }

    /// <summary>True once this layer has integrated onto <see cref="ShareWith"/>'s membranes (known after the first evaluation).</summary>
    public bool SharesLayerMembranes => ShareWith is { } p && p.NeuronsPerImage == NeuronsPerImage && NeuronsPerImage > 0;

    /// <summary>Membranes this layer adds to the neuron memory per image: 0 when it shares the previous layer's, else its neurons / channel groups.</summary>
    public long StoredMembranesPerImage => SharesLayerMembranes ? 0 : NeuronsPerImage / ChannelGroups;

    /// <summary>The integer threshold of MINT membranes, 2^(B - 2) (0 for float membranes).</summary>
    public double IntegerThreshold => MembraneBits == 0 ? 0 : Math.ScaleB(1.0, MembraneBits - 2);

    /// <summary>The shared scale of MINT membranes: threshold / integer threshold (0 for float membranes).</summary>
    public double MembraneScale => MembraneBits == 0 ? 0 : Threshold / IntegerThreshold;

    /// <summary>Neurons per image (per sample of the batch), known after the first evaluation.</summary>
    public long NeuronsPerImage { get; private set; }

    /// <summary>Spikes emitted since the last <see cref="ClearCounts"/>.</summary>
    public long Spikes { get; private set; }

    /// <summary>Neuron updates since the last <see cref="ClearCounts"/> (neurons x timesteps).</summary>
    public long Updates { get; private set; }

    private MembraneState State => SharesLayerMembranes ? ShareWith!.State : _own;

    /// <summary>Clears every membrane (before a new input); the counts go on.</summary>
    public void Reset()
    {
        _own.Float = null;
        _own.Integer = null;
        _own.Device?.Release();
        _own.Device = null;
    }

    /// <summary>Zeroes the spike and update counts (after calibration, say).</summary>
    public void ClearCounts()
    {
        Spikes = 0;
        Updates = 0;
    }

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        int images = x.Shape.Length > 0 && x.Shape[0] > 0 ? x.Shape[0] : 1;
        NeuronsPerImage = x.Length / images;
        int perImage = (int)NeuronsPerImage;
        int channels = x.Shape.Length > 1 ? x.Shape[1] : perImage;
        if (channels % ChannelGroups != 0)
        {
            throw new ArgumentException($"a neuron layer of {channels} channels cannot be split into {ChannelGroups} equal channel groups; use a divisor of every neuron layer's channel count");
        }

        int perGroup = perImage / ChannelGroups;
        MembraneState state = State;
        if (MembraneBits == 0 && context.DeviceOf(x) is { } device)
        {
            // Float membranes on the device (a GPU backend's batch stays there): the same arithmetic, the spikes counted there.
            IDeviceBuffer membranes = state.OnDevice(device, images * perGroup);
            IDeviceBuffer output = device.Allocate(x.Length);
            Spikes += device.SpikingStep(new SpikingStepArgs(images, perImage, ChannelGroups, perGroup, Threshold, Leak, SpikeValue, ResetMode == SpikeReset.Soft ? 1 : 0), x.Device!, membranes, output);
            Updates += x.Length;
            return [Tensor.OnDevice(x.Shape, output)];
        }

        state.ToHost();
        float[] y = context.Allocate(x.Length);
        ReadOnlySpan<float> input = x.Data.AsSpan(0, x.Length);
        long spikes = 0;
        if (MembraneBits == 0)
        {
            float[] v = state.Float is { } f && f.Length == images * perGroup ? f : state.Float = new float[images * perGroup];
            for (int n = 0; n < images; n++)
            {
                for (int g = 0; g < ChannelGroups; g++)
                {
                    int at = (n * perImage) + (g * perGroup);
                    spikes += FloatStep(input.Slice(at, perGroup), y.AsSpan(at, perGroup), v.AsSpan(n * perGroup, perGroup));
                }
            }
        }
        else
        {
            double[] v = state.Integer is { } d && d.Length == images * perGroup ? d : state.Integer = new double[images * perGroup];
            for (int n = 0; n < images; n++)
            {
                for (int g = 0; g < ChannelGroups; g++)
                {
                    int at = (n * perImage) + (g * perGroup);
                    spikes += IntegerStep(input.Slice(at, perGroup), y.AsSpan(at, perGroup), v.AsSpan(n * perGroup, perGroup));
                }
            }
        }

        Spikes += spikes;
        Updates += x.Length;
        return [Tensor.FromFloat(x.Shape, y)];
    }

    private long FloatStep(ReadOnlySpan<float> input, Span<float> y, Span<float> v)
    {
        float threshold = Threshold, leak = Leak, spikeValue = SpikeValue;
        bool soft = ResetMode == SpikeReset.Soft;
        long spikes = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float m = (leak * v[i]) + input[i];
            bool spike = m >= threshold;
            y[i] = spike ? spikeValue : 0f;
            v[i] = !spike ? m : soft ? m - threshold : 0f;
            spikes += spike ? 1 : 0;
        }

        return spikes;
    }

    private long IntegerStep(ReadOnlySpan<float> input, Span<float> y, Span<double> v)
    {
        double theta = IntegerThreshold, inverseScale = 1 / MembraneScale, lo = -2 * theta, hi = (2 * theta) - 1;
        float spikeValue = SpikeValue;
        bool soft = ResetMode == SpikeReset.Soft;
        long spikes = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double m = Math.Clamp(Math.Round(Leak * v[i]) + Math.Round(input[i] * inverseScale), lo, hi);
            bool spike = m >= theta;
            y[i] = spike ? spikeValue : 0f;
            v[i] = !spike ? m : soft ? m - theta : 0;
            spikes += spike ? 1 : 0;
        }

        return spikes;
    }

    /// <summary>
    /// A layer's membranes (float or MINT integers, one per neuron of each image of the batch; float ones on a device while the batch is
    /// there); shared between layers by layer sharing.
    /// </summary>
    private sealed class MembraneState
    {
        public float[]? Float;
        public double[]? Integer;
        public IDeviceBuffer? Device;

        /// <summary>The float membranes on <paramref name="device"/>: kept there, moved there from the host, or new (zero).</summary>
        public IDeviceBuffer OnDevice(IDeviceTensors device, int count)
        {
            if (Device is { } held && device.Owns(held) && held.Length == count)
            {
                return held;
            }

            Device?.Release();
            Device = Float is { } f && f.Length == count ? device.Upload(f) : device.Zeros(count);
            Float = null;
            return Device;
        }

        /// <summary>Brings float membranes left on a device back to the host (a step that runs there).</summary>
        public void ToHost()
        {
            if (Device is { } held)
            {
                Float = new float[held.Length];
                held.CopyTo(Float);
                held.Release();
                Device = null;
            }
        }
    }
}
