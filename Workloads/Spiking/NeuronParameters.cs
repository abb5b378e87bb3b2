namespace IMCSim.Workloads.Spiking;

/// <summary>
/// One neuron layer's parameters: its threshold, leak per timestep (1 = integrate-and-fire), reset and the value a spike carries
/// (null = the threshold, as conversion does; 1 for a trained SNN's binary spikes).
/// </summary>
public sealed record NeuronParameters(float Threshold, float Leak, SpikeReset Reset, float? SpikeValue = null);

/// <summary>How neuron layers share membrane buffers (EfficientLIF-Net, Kim et al., Frontiers in Neuroscience 2023).</summary>
public enum NeuronSharingMode
{
    /// <summary>Every neuron layer keeps its own membranes.</summary>
    None,

    /// <summary>Consecutive neuron layers with as many neurons per image share one membrane buffer.</summary>
    Layer,

    /// <summary>Each neuron layer's channels are split into groups sharing one group's membrane buffer.</summary>
    Channel,
}

/// <summary>A sharing mode with its channel group count (used by <see cref="NeuronSharingMode.Channel"/>).</summary>
public sealed record NeuronSharing(NeuronSharingMode Mode, int ChannelGroups = 2)
{
    public static NeuronSharing None { get; } = new(NeuronSharingMode.None);

    public int ChannelGroups { get; } = ChannelGroups >= 2 ? ChannelGroups : throw new ArgumentOutOfRangeException(nameof(ChannelGroups), $"channel sharing needs at least 2 groups, got {ChannelGroups}");
}
