using System.Diagnostics;

namespace IMCSim.Tests.Support;

/// <summary>Runs a program as a child process and captures its exit code and output; a run past its time limit is killed and fails.</summary>
internal static class ProcessRunner
{
    /// <summary>The built `imcsim` of this test run (the Cli project's dll copied beside the tests), as `dotnet imcsim.dll`.</summary>
    public static string ImcsimDll => Path.Combine(AppContext.BaseDirectory, "imcsim.dll");

    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[variable] = value;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {limit.TotalSeconds:0} s");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
