using System.Diagnostics;

namespace IMCSim.Cli.Output;

/// <summary>
/// Progress of a long run on stderr, shown once a run has taken more than a second: a redrawn bar
/// on a terminal, plain lines (every 10 %) when stderr is redirected.
/// </summary>
internal sealed class ProgressReporter(TextWriter error, string label, int total, bool terminal) : IProgress<int>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastDecile = -1;
    private bool _drawn;

    public void Report(int value)
    {
        if (_clock.Elapsed.TotalSeconds < 1 && value < total)
        {
            return;
        }

        if (_clock.Elapsed.TotalSeconds < 1 && !_drawn)
        {
            return;
        }

        double fraction = total == 0 ? 1 : (double)value / total;
        if (terminal)
        {
            int filled = (int)(fraction * 30);
            error.Write($"\r{label} [{new string('#', filled)}{new string('.', 30 - filled)}] {value}/{total} ({_clock.Elapsed.TotalSeconds:F0} s)");
            _drawn = true;
            if (value >= total)
            {
                error.WriteLine();
            }

            return;
        }

        int decile = (int)(fraction * 10);
        if (decile > _lastDecile)
        {
            _lastDecile = decile;
            _drawn = true;
            error.WriteLine($"{label}: {value}/{total} ({_clock.Elapsed.TotalSeconds:F1} s)");
        }
    }
}
