using System.Runtime.ExceptionServices;

namespace IMCSim.Simulator.Common;

/// <summary>
/// A parallel loop whose failure does not depend on the threads: every iteration runs, and if any failed, the failure of the
/// lowest index is thrown as itself (not wrapped). A plain <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>
/// stops at whichever iteration fails first in time, so two failing layers would name either one from run to run.
/// </summary>
public static class OrderedParallel
{
    public static void For(int count, ParallelOptions options, Action<int> body)
    {
        var failures = new Exception?[count];
        Parallel.For(0, count, options, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });

        if (Array.Find(failures, e => e is not null) is { } first)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
