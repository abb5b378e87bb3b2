using System.Runtime.CompilerServices;

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
    /// Minimum MSE: over clip levels c at the bin edges, minimises the summed squared error of converting
    /// the currents (bin centres stand for the currents of a bin) with LSB c / codes, clipping included.
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
                // The squared error of converting each bin's currents (at the bin centre) with clip c, over
                // candidate clips at the bin edges of the range seen: the actual rounding and clipping, not a model.
                int seen = 0;
                for (int b = 1; b < Histogram.Length; b++)
                {
                    seen += Histogram[b] > 0 ? 1 : 0;
                }

                if (seen == 0)
                {
                    // Every current below the histogram's first bin (an array behind a huge source or sink resistance): no clip to
                    // choose among, the largest current is the range.
                    return MaxCurrent;
                }

                var mids = new double[seen];
                var counts = new double[seen];
                for (int b = 1, i = 0; b < Histogram.Length; b++)
                {
                    if (Histogram[b] > 0)
                    {
                        mids[i] = Math.Min(0.5 * (CurrentHistogram.LowerEdge(b) + CurrentHistogram.UpperEdge(b)), MaxCurrent);
                        counts[i++] = Histogram[b];
                    }
                }

                return MinimumSquaredErrorClip(mids, counts, codes);
            }
        }
    }

    /// <summary>
    /// The clip among the bin edges of the range seen (and the largest current) whose conversion of the bin centres
    /// <paramref name="mids"/> (weighted by <paramref name="counts"/>) has the least summed squared error; the first such on a tie.
    /// Fully optimised when first called (not the precompiled baseline code): bins x candidates divisions, about 2 % of a default run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MinimumSquaredErrorClip(double[] mids, double[] counts, int codes)
    {
        double best = MaxCurrent, bestError = double.PositiveInfinity;
        int first = CurrentHistogram.Bin((float)mids[0]), last = CurrentHistogram.Bin(MaxCurrent);
        for (int b = first; b <= last + 1; b++)
        {
            double c = b > last ? MaxCurrent : Math.Min(CurrentHistogram.UpperEdge(b), MaxCurrent);
            double lsb = c / codes, error = 0;
            for (int i = 0; i < mids.Length; i++)
            {
                double mid = mids[i];
                double q = Math.Min(Math.Round(mid / lsb, MidpointRounding.ToEven), codes) * lsb;
                error += counts[i] * (mid - q) * (mid - q);
            }

            if (error < bestError)
            {
                bestError = error;
                best = c;
            }
        }

        return best;
    }
}
