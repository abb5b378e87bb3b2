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
/// </summary>
public sealed class SpikingNeuronOperator(float threshold, SpikeReset reset, float leak = 1f) : IOperator
{
    private float[]? _membrane;

    public string OpType => "SpikingNeuron";

    public float Threshold { get; } = threshold > 0 && float.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), $"a neuron threshold must be positive and finite, got {threshold}");

    public SpikeReset ResetMode { get; } = reset;

    public float Leak { get; } = leak is > 0 and <= 1 ? leak : throw new ArgumentOutOfRangeException(nameof(leak), $"a leak factor must be in (0, 1], got {leak}");

    /// <summary>Spikes emitted since the last <see cref="ClearCounts"/>.</summary>
    public long Spikes { get; private set; }

    /// <summary>Neuron updates since the last <see cref="ClearCounts"/> (neurons x timesteps).</summary>
    public long Updates { get; private set; }

    /// <summary>Clears every membrane (before a new input); the counts go on.</summary>
    public void Reset() => _membrane = null;

    /// <summary>Zeroes the spike and update counts (after calibration, say).</summary>
    public void ClearCounts()
    {
        Spikes = 0;
        Updates = 0;
    }

    public Tensor[] Evaluate(IReadOnlyList<Tensor?> inputs, OperatorContext context)
    {
        Tensor x = OperatorInputs.Float(inputs, 0, "X");
        if (_membrane is null || _membrane.Length != x.Length)
        {
            _membrane = new float[x.Length];
        }

        float[] v = _membrane, y = context.Allocate(x.Length);
        ReadOnlySpan<float> input = x.Data.AsSpan(0, x.Length);
        long spikes = 0;
        for (int i = 0; i < v.Length; i++)
        {
            float m = (Leak * v[i]) + input[i];
            bool spike = m >= Threshold;
            y[i] = spike ? Threshold : 0f;
            v[i] = !spike ? m : ResetMode == SpikeReset.Soft ? m - Threshold : 0f;
            spikes += spike ? 1 : 0;
        }

        Spikes += spikes;
        Updates += v.Length;
        return [Tensor.FromFloat(x.Shape, y)];
    }
}
