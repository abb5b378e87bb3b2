namespace IMCSim.Mapping.Sweeps;

/// <summary>
/// The Pareto front of points with two metrics, both maximised (accuracy and TOPS/W, say): a point is on the front when no other
/// point is at least as good on both metrics and better on one. Equal points are all on the front (none is better than another).
/// A point with a NaN metric is on no front and dominates nothing (it has no place on the plot). O(n log n).
/// </summary>
public static class ParetoFront
{
    /// <summary>For every point i (x[i], y[i]): whether it is on the front.</summary>
    public static bool[] Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"x has {x.Count} values and y {y.Count}", nameof(y));
        }

        var front = new bool[x.Count];
        int[] order = [.. Enumerable.Range(0, x.Count).Where(i => !double.IsNaN(x[i]) && !double.IsNaN(y[i])).OrderByDescending(i => x[i])];

        // Points in groups of equal x, best x first: a point is on the front when its y is its group's best and above the best y of
        // every point with a larger x.
        double bestYOfLargerX = double.NegativeInfinity;
        bool anyLargerX = false;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end < order.Length && x[order[end]] == x[order[start]])
            {
                end++;
            }

            double groupBestY = Enumerable.Range(start, end - start).Max(k => y[order[k]]);
            for (int k = start; k < end; k++)
            {
                front[order[k]] = y[order[k]] == groupBestY && (!anyLargerX || groupBestY > bestYOfLargerX);
            }

            bestYOfLargerX = anyLargerX ? Math.Max(bestYOfLargerX, groupBestY) : groupBestY;
            anyLargerX = true;
            start = end;
        }

        return front;
    }
}
