namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// Collects the column currents of calibration reads (a <see cref="CurrentHistogram"/> and the exact
/// maximum) and turns them into an ADC full scale by an <see cref="AdcRangeRule"/>. Merging is
/// order-independent, so the result does not depend on batching or threads.
/// </summary>
public sealed class AdcCalibration
{
    public long[] Histogram { get; } = new long[CurrentHistogram.Bins];

    public float MaxCurrent { get; private set; }

    public void Merge(ReadOnlySpan<long> histogram, float maxCurrent)
    {
        for (int i = 0; i < Histogram.Length; i++)
        {
            Histogram[i] += histogram[i];
        }

        MaxCurrent = Math.Max(MaxCurrent, maxCurrent);
    }

    /// <summary>
    /// Full scale in level units (1 when nothing non-zero was seen). Percentile: the upper edge of the
    /// bin where the cumulative count of non-zero currents reaches <paramref name="percentile"/> %.
    /// Minimum MSE: over clip levels c at bin edges, minimises sum_{|x| > c} (|x| - c)^2 + n (c / codes)^2 / 12
    /// (bin centres stand for the currents in a bin).
    /// </summary>
    public double FullScale(AdcRangeRule rule, double percentile, int codes)
    {
        if (MaxCurrent <= 0)
        {
            return 1;
        }

        long nonZero = 0;
        for (int b = 1; b < Histogram.Length; b++)
        {
            nonZero += Histogram[b];
        }

        switch (rule)
        {
            case AdcRangeRule.Max:
                return MaxCurrent;
            case AdcRangeRule.Percentile:
            {
                double target = nonZero * percentile / 100.0;
                long seen = 0;
                for (int b = 1; b < Histogram.Length; b++)
                {
                    seen += Histogram[b];
                    if (seen >= target && seen > 0)
                    {
                        return Math.Min(CurrentHistogram.UpperEdge(b), MaxCurrent);
                    }
                }

                return MaxCurrent;
            }

            default:
            {
                // Suffix sums of count, x and x^2 above each candidate edge.
                double s0 = 0, s1 = 0, s2 = 0, best = MaxCurrent, bestError = double.PositiveInfinity;
                for (int b = Histogram.Length - 1; b >= 1; b--)
                {
                    double c = Math.Min(CurrentHistogram.UpperEdge(b), MaxCurrent);
                    double clip = s2 - (2 * c * s1) + (c * c * s0);
                    double lsb = c / codes;
                    double error = Math.Max(clip, 0) + (nonZero * lsb * lsb / 12);
                    if (error < bestError)
                    {
                        bestError = error;
                        best = c;
                    }

                    if (Histogram[b] > 0)
                    {
                        double mid = Math.Min(0.5 * (CurrentHistogram.LowerEdge(b) + CurrentHistogram.UpperEdge(b)), MaxCurrent);
                        s0 += Histogram[b];
                        s1 += Histogram[b] * mid;
                        s2 += Histogram[b] * mid * mid;
                    }
                }

                return best;
            }
        }
    }
}
