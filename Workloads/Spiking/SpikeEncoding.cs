using IMCSim.Simulator.Random;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Workloads.Spiking;

/// <summary>
/// How images enter a spiking network each timestep: directly (the analog image every timestep, the first layer's usual input path)
/// or rate-coded (each pixel value x in [0, 1] a Bernoulli spike of probability x per timestep, value 1: the expected input is the
/// image). Rate-coded spikes come from a counter stream keyed by the seed, the image's global index, the timestep and the pixel, so
/// they do not depend on batch size or threads.
/// </summary>
public sealed class SpikeEncoding
{
    private readonly CounterRng? _rng;

    private SpikeEncoding(string name, CounterRng? rng)
    {
        Name = name;
        _rng = rng;
    }

    public static SpikeEncoding Direct { get; } = new("direct", null);

    public static SpikeEncoding Rate(ulong seed) => new("rate", CounterRng.For(seed, "spiking/rate-input"));

    public string Name { get; }

    /// <summary>Whether the first layer receives binary spikes (and reads them as 1-bit inputs).</summary>
    public bool Binary => _rng is not null;

    /// <summary>The input of timestep <paramref name="timestep"/> for a batch of images whose first has global index <paramref name="firstImage"/>.</summary>
    public Tensor Encode(Tensor images, long firstImage, int timestep)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (_rng is not { } rng)
        {
            return images;
        }

        int perImage = images.Length / images.Shape[0];
        var spikes = new float[images.Length];
        ReadOnlySpan<float> x = images.Data.AsSpan(0, images.Length);
        for (int i = 0; i < spikes.Length; i++)
        {
            long image = firstImage + (i / perImage);
            CounterRng stream = rng.Child((ulong)image).Child((ulong)timestep);
            spikes[i] = stream.Uniform((ulong)(i % perImage)) <= x[i] ? 1f : 0f;
        }

        return Tensor.FromFloat(images.Shape, spikes);
    }
}
