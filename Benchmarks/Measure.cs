using System.Diagnostics;

namespace IMCSim.Benchmarks;

/// <summary>Timing and process helpers for the peer comparison.</summary>
internal static class Measure
{
    /// <summary>The imcsim.dll that ./imcsim runs (its ReadyToRun publish, Cli/bin/publish) if it is there, else the Release build's.</summary>
    public static string ImcsimDll(string root)
    {
        string published = Path.Combine(root, "Cli", "bin", "publish", "imcsim.dll");
        return File.Exists(published) ? published : Path.Combine(root, "Cli", "bin", "Release", "net10.0", "imcsim.dll");
    }

    /// <summary>Best seconds per call of <paramref name="action"/> over <paramref name="rounds"/> rounds of <paramref name="reps"/> calls, after warm-up.</summary>
    public static double BestSeconds(Action action, int reps, int rounds = 5, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        double best = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++)
            {
                action();
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }

        return best;
    }

    /// <summary>Runs a process to completion; returns its stdout, or throws with its stderr.</summary>
    public static string Run(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        }

        return stdout;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IMCSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the IMCSim repository");
    }
}
