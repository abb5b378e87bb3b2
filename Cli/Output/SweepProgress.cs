using System.Diagnostics;

namespace IMCSim.Cli.Output;

/// <summary>
/// Progress of a sweep on stderr: on a terminal one redrawn bar with points done / total, failures and the time left (estimated from
/// the points finished in this run); redirected, one plain line per finished point (its key, status and reason).
/// </summary>
internal sealed class SweepProgress(TextWriter error, int total, int alreadyDone, bool terminal)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _startedAt = alreadyDone;
    private int _done = alreadyDone;
    private int _failed;

    public void Finished(string point, string status, string reason)
    {
        _done++;
        _failed += status == "ok" ? 0 : 1;
        if (!terminal)
        {
            error.WriteLine($"sweep: {_done}/{total} done, {_failed} failed; {point}: {status}{(reason.Length > 0 ? " (" + reason + ")" : "")}");
            return;
        }

        int ranNow = _done - _startedAt;
        double left = ranNow > 0 ? _clock.Elapsed.TotalSeconds / ranNow * (total - _done) : 0;
        int filled = total == 0 ? 30 : 30 * _done / total;
        error.Write($"\rsweep [{new string('#', filled)}{new string('.', 30 - filled)}] {_done}/{total}, {_failed} failed, {left:F0} s left   ");
        if (_done >= total)
        {
            error.WriteLine();
        }
    }

    public int Failed => _failed;
}
