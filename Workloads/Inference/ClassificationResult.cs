namespace IMCSim.Workloads.Inference;

/// <summary>Per-image logits, predicted classes and labels of a classification run.</summary>
public sealed record ClassificationResult(int Samples, int Classes, float[] Logits, int[] Predicted, byte[] Labels)
{
    public int Correct => Predicted.Where((p, i) => p == Labels[i]).Count();

    /// <summary>Fraction of images classified correctly, in [0, 1].</summary>
    public double Accuracy => Samples == 0 ? 0 : (double)Correct / Samples;

    public ReadOnlySpan<float> LogitsOf(int index) => Logits.AsSpan(index * Classes, Classes);
}
