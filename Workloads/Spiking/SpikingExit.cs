namespace IMCSim.Workloads.Spiking;

/// <summary>
/// When a spiking network may stop presenting an image (dynamic timesteps): after each timestep, the softmax of the outputs averaged
/// so far gives a score; the image exits when the score exceeds the threshold (any score at threshold 0, none at 1). Confidence is the
/// largest class probability (SEENN-I, Li et al. NeurIPS 2023); entropy is 1 - the normalised entropy of the probabilities (DT-SNN,
/// Li et al. DAC 2023).
/// </summary>
public sealed class SpikingExit
{
    private readonly Func<ReadOnlySpan<float>, double> _score;

    private SpikingExit(string name, double threshold, Func<ReadOnlySpan<float>, double> score)
    {
        if (!(threshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"an exit threshold must be in [0, 1], got {threshold}");
        }

        Name = name;
        Threshold = threshold;
        _score = score;
    }

    /// <summary>Every image sees every timestep.</summary>
    public static SpikingExit None { get; } = new("none", 1, _ => 0);

    public static SpikingExit Confidence(double threshold) => new("confidence", threshold, p => Softmax(p).Max());

    public static SpikingExit Entropy(double threshold) => new("entropy", threshold, p =>
    {
        double[] q = Softmax(p);
        double h = -q.Where(x => x > 0).Sum(x => x * Math.Log(x));
        return q.Length > 1 ? 1 - (h / Math.Log(q.Length)) : 1;
    });

    public string Name { get; }

    public double Threshold { get; }

    /// <summary>Whether an image whose outputs averaged so far are <paramref name="averaged"/> exits now.</summary>
    public bool Exits(ReadOnlySpan<float> averaged) => this != None && (Threshold == 0 || _score(averaged) > Threshold);

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits)
        {
            max = Math.Max(max, v);
        }

        var p = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = Math.Exp(logits[i] - max);
            sum += p[i];
        }

        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }
}
