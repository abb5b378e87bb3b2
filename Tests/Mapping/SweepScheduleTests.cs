using IMCSim.Mapping.Sweeps;
using Xunit;

namespace IMCSim.Tests.Mapping;

public class SweepScheduleTests
{
    private static readonly string[] AdcBits = ["4", "5", "6", "7"];
    private static readonly string[] DriftTimes = ["1s", "1h", "1d", "1w", "1y", "10y"];

    /// <summary>The read-side sweep's grid in sweep order (adc-bits outer, drift-time inner).</summary>
    private static List<SweepPoint> Grid() =>
        [.. AdcBits.SelectMany(a => DriftTimes.Select(d => (a, d))).Select((v, i) => new SweepPoint(i, [("adc-bits", v.a), ("drift-time", v.d)]))];

    [Fact]
    public void TwoJobs_NeverRunTwoPointsOfOneDriftTimeTogether_WhileAnotherCanRun()
    {
        // Two jobs that finish in turn: whenever a job takes a point, the other job's point differs from it in both axes (each
        // drift time's arrays are programmed and solved by the first point that needs them; a twin started beside it would wait).
        var schedule = new SweepSchedule(Grid());
        Assert.True(schedule.TryTake(out SweepPoint a));
        Assert.True(schedule.TryTake(out SweepPoint b));
        var taken = new List<SweepPoint> { a, b };
        Assert.Equal(2, SweepSchedule.Differences(a, b));
        for (int step = 0; step < 10; step++)
        {
            schedule.Done(a);
            Assert.True(schedule.TryTake(out a));
            Assert.Equal(2, SweepSchedule.Differences(a, b));
            taken.Add(a);
            (a, b) = (b, a);
        }

        // The first twelve points cover every drift time twice, so each drift time's work was started by one point alone.
        Assert.All(DriftTimes, d => Assert.Equal(2, taken.Count(p => p.Values[1].Value == d)));
    }

    [Fact]
    public void EveryPointIsTakenOnce_AndOneJobTakesThemInSweepOrder()
    {
        var grid = Grid();
        var one = new SweepSchedule(grid);
        var order = new List<int>();
        while (one.TryTake(out SweepPoint p))
        {
            order.Add(p.Index);
            one.Done(p);
        }

        Assert.Equal(grid.Select(p => p.Index), order);

        var three = new SweepSchedule(grid);
        var running = new Queue<SweepPoint>();
        var seen = new List<int>();
        while (true)
        {
            while (running.Count < 3 && three.TryTake(out SweepPoint p))
            {
                running.Enqueue(p);
                seen.Add(p.Index);
            }

            if (running.Count == 0)
            {
                break;
            }

            three.Done(running.Dequeue());
        }

        Assert.Equal(grid.Select(p => p.Index).Order(), seen.Order());
    }
}
