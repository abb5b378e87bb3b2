using Xunit;
using IMCSim.Simulator.Common;

namespace IMCSim.Tests.Simulator;

public class OrderedParallelTests
{
    [Fact]
    public void TheLowestFailingIndexIsThrown_EvenWhenALaterOneFailsFirst()
    {
        // Index 1 fails at once; index 0 fails only after it. A loop that reports failures in the order they happen names 1.
        using var laterFailed = new ManualResetEventSlim();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4 };
        var e = Assert.Throws<InvalidOperationException>(() => OrderedParallel.For(6, options, i =>
        {
            if (i == 0)
            {
                laterFailed.Wait(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException("0");
            }

            if (i == 1)
            {
                laterFailed.Set();
                throw new InvalidOperationException("1");
            }
        }));
        Assert.Equal("0", e.Message);
    }

    [Fact]
    public void EveryIterationRuns_AndNoFailureMeansNoException()
    {
        var ran = new int[100];
        OrderedParallel.For(ran.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i => ran[i]++);
        Assert.All(ran, r => Assert.Equal(1, r));

        var runs = new int[20];
        Assert.Throws<ArgumentException>(() => OrderedParallel.For(runs.Length, new ParallelOptions(), i =>
        {
            runs[i]++;
            if (i % 2 == 0)
            {
                throw new ArgumentException(i.ToString());
            }
        }));
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
