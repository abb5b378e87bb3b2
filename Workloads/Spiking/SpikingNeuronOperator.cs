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
/// v = leak x v + x; a neuron spikes where v >= threshold and outputs the threshold there (0 elsewhere), so the next layer sees
/// the ANN's scale; then its membrane is reset (<see cref="SpikeReset"/>). The membranes persist across the timesteps of one input
/// and are cleared by <see cref="Reset"/>; they are the operator's own memory, one value per neuron. Spikes and updates are counted.
/// <para>
/// With <c>membraneBits</c> B &gt; 0 the membranes are MINT integers (Yin et al., ASP-DAC 2024: weights and membranes on one
/// shared scale per layer, integer threshold compare): scale s = threshold / 2^(B - 2), so the threshold is the integer
/// 2^(B - 2) and a B-bit signed membrane holds [-2^(B - 1), 2^(B - 1) - 1] (up to twice the threshold); each timestep's input
/// is rounded to the scale (half to even), v = clamp(round(leak x v) + round(x / s)), a spike where v &gt;= 2^(B - 2), soft
/// reset subtracts it. Integers of at most 32 bits are exact in double.
/// </para>
/// </summary>
public sealed class SpikingNeuronOperator(float threshold, SpikeReset reset, float leak = 1f, int membraneBits = 0) : IOperator
{
    private float[]? _membrane;
    private double[]? _integerMembrane;

    public string OpType => "SpikingNeuron";

    public float Threshold { get; } = threshold > 0 && float.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), $"a neuron threshold must be positive and finite, got {threshold}");

    public SpikeReset ResetMode { get; } = reset;

    public float Leak { get; } = leak is > 0 and <= 1 ? leak : throw new ArgumentOutOfRangeException(nameof(leak), $"a leak factor must be in (0, 1], got {leak}");

    /// <summary>Bits of a membrane: 0 = float, 2..32 = MINT integers.</summary>
    public int MembraneBits { get; } = membraneBits is 0 or (>= 2 and <= 32) ? membraneBits : throw new ArgumentOutOfRangeException(nameof(membraneBits), $"membrane bits must be 0 (float) or 2..32, got {membraneBits}");

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

    /// <summary>Clears every membrane (before a new input); the counts go on.</summary>
    public void Reset()
    {
        _membrane = null;
        _integerMembrane = null;
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
        NeuronsPerImage = x.Shape.Length > 0 && x.Shape[0] > 0 ? x.Length / x.Shape[0] : x.Length;
        float[] y = context.Allocate(x.Length);
        ReadOnlySpan<float> input = x.Data.AsSpan(0, x.Length);
        long spikes = MembraneBits == 0 ? FloatStep(input, y) : IntegerStep(input, y);
        Spikes += spikes;
        Updates += x.Length;
        return [Tensor.FromFloat(x.Shape, y)];
    }

    private long FloatStep(ReadOnlySpan<float> input, float[] y)
    {
        if (_membrane is null || _membrane.Length != input.Length)
        {
            _membrane = new float[input.Length];
        }

        float[] v = _membrane;
        long spikes = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float m = (Leak * v[i]) + input[i];
            bool spike = m >= Threshold;
            y[i] = spike ? Threshold : 0f;
            v[i] = !spike ? m : ResetMode == SpikeReset.Soft ? m - Threshold : 0f;
            spikes += spike ? 1 : 0;
        }

        return spikes;
    }

    private long IntegerStep(ReadOnlySpan<float> input, float[] y)
    {
        if (_integerMembrane is null || _integerMembrane.Length != input.Length)
        {
            _integerMembrane = new double[input.Length];
        }

        double[] v = _integerMembrane;
        double theta = IntegerThreshold, inverseScale = 1 / MembraneScale, lo = -2 * theta, hi = (2 * theta) - 1;
        long spikes = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double m = Math.Clamp(Math.Round(Leak * v[i]) + Math.Round(input[i] * inverseScale), lo, hi);
            bool spike = m >= theta;
            y[i] = spike ? Threshold : 0f;
            v[i] = !spike ? m : ResetMode == SpikeReset.Soft ? m - theta : 0;
            spikes += spike ? 1 : 0;
        }

        return spikes;
    }
}
