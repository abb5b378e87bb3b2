namespace IMCSim.Simulator.Chip;

/// <summary>
/// The spiking neurons a crossbar layer's outputs feed (its ReLU turned into IF/LIF neurons), as the cost model charges them per
/// image: <see cref="UpdatesPerImage"/> neuron updates (neurons x timesteps used; each reads and writes its membrane and runs
/// the neuron unit once), <see cref="SpikesPerImage"/> spikes sent on (1 bit each), membranes of <see cref="MembraneBits"/> bits, of
/// which <see cref="MembraneWords"/> are stored (fewer than the neurons when membranes are shared), leaky or not.
/// </summary>
public sealed record NeuronWorkload(string Name, long Neurons, double UpdatesPerImage, double SpikesPerImage, int MembraneBits, long MembraneWords, bool Leaky)
{
    /// <summary>Bits of membrane memory these neurons need.</summary>
    public long MembraneMemoryBits => MembraneWords * MembraneBits;
}

/// <summary>
/// A spiking network's dynamic-timestep exit unit (DT-SNN's entropy or SEENN-I's confidence check): after every timestep of an
/// image it reads the <see cref="Classes"/> accumulated outputs and decides whether to stop; <see cref="ChecksPerImage"/> = the
/// timesteps used per image on average. Costed as <see cref="OperationsPerClass"/> <see cref="Bits"/>-bit adds per class per check
/// (a softmax from a lookup of exponentials, its sum and the entropy or maximum: IMCSim's assumption).
/// </summary>
public sealed record ExitWorkload(int Classes, double ChecksPerImage, int Bits = 16)
{
    /// <summary>Adds per class per check: exponential lookup and accumulate, normalising multiply (as adds), entropy term, compare.</summary>
    public const int OperationsPerClass = 4;
}
