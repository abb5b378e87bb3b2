namespace IMCSim.Mapping.Sweeps;

/// <summary>
/// The order in which a sweep's parallel jobs take its points. A free job takes, among the next <see cref="Window"/> points not yet
/// taken (in sweep order), the one that differs from every running point in the most axis values, the earliest of equals. Points
/// that share work done once (arrays programmed and solved per drift time, say) would otherwise start together and one would wait
/// for the other: a grid in its own order runs a job's first half beside the other job's first half, value for value. Measured on
/// the read-side sweep (adc-bits x drift-time, two jobs): each of the first twelve points waited for its twin's drift-time solve.
/// The order changes only which point runs when; every point's results are its own.
/// </summary>
internal sealed class SweepSchedule
{
    /// <summary>Points looked at per take: enough for any grid's next few values, few enough that 10,000 points cost nothing.</summary>
    public const int Window = 64;

    private readonly LinkedList<SweepPoint> _left;
    private readonly List<SweepPoint> _running = [];
    private readonly Lock _gate = new();

    public SweepSchedule(IEnumerable<SweepPoint> points) => _left = new LinkedList<SweepPoint>(points);

    /// <summary>The next point for a free job, or false when every point is taken.</summary>
    public bool TryTake(out SweepPoint point)
    {
        lock (_gate)
        {
            LinkedListNode<SweepPoint>? best = null;
            int bestScore = -1, looked = 0;
            for (var node = _left.First; node is not null && looked < Window; node = node.Next, looked++)
            {
                int score = int.MaxValue;
                foreach (SweepPoint running in _running)
                {
                    score = Math.Min(score, Differences(node.Value, running));
                }

                if (score > bestScore)
                {
                    (best, bestScore) = (node, score);
                }
            }

            if (best is null)
            {
                point = null!;
                return false;
            }

            _left.Remove(best);
            _running.Add(best.Value);
            point = best.Value;
            return true;
        }
    }

    /// <summary>A taken point has finished (or failed).</summary>
    public void Done(SweepPoint point)
    {
        lock (_gate)
        {
            _running.Remove(point);
        }
    }

    /// <summary>Axis values in which two points of one sweep differ.</summary>
    internal static int Differences(SweepPoint a, SweepPoint b)
    {
        int count = 0;
        for (int i = 0; i < a.Values.Count; i++)
        {
            count += string.Equals(a.Values[i].Value, b.Values[i].Value, StringComparison.Ordinal) ? 0 : 1;
        }

        return count;
    }
}
