using System.ComponentModel;
using System.Diagnostics;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Slurm;

/// <summary>
/// Submits batch scripts with `sbatch --parsable` and returns the job id it prints. sbatch missing, refusing the job, or printing no
/// job id is one-line <see cref="InputException"/> naming --slurm and sbatch's own message.
/// </summary>
internal static class SlurmSubmitter
{
    private const string Source = "--slurm";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>`sbatch --parsable [--dependency=afterany:AFTER] SCRIPT`: the new job's id.</summary>
    public static string Submit(string script, string? afterAny = null)
    {
        var psi = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--parsable");
        if (afterAny is not null)
        {
            psi.ArgumentList.Add($"--dependency=afterany:{afterAny}");
        }

        psi.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception e)
        {
            string why = e.NativeErrorCode == 2 ? "not found on PATH" : e.Message;
            throw new InputException(Source, $"cannot run sbatch ({why}): is Slurm installed here? The scripts are written; submit them where it is: sbatch {script}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InputException(Source, $"sbatch {script} did not answer within {Timeout.TotalSeconds:0} s (is slurmctld reachable?)");
            }

            process.WaitForExit();
            // sbatch's messages, one per line ("sbatch: error: ..."), as one line.
            string message = string.Join("; ", stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.StartsWith("sbatch: ", StringComparison.Ordinal) ? l["sbatch: ".Length..] : l));
            if (process.ExitCode != 0)
            {
                throw new InputException(Source, $"sbatch {script} failed (exit {process.ExitCode}): {(message.Length > 0 ? message : "no message")}");
            }

            // --parsable prints "JOBID" or "JOBID;CLUSTER".
            string id = stdout.Result.Trim().Split(';')[0];
            return id.Length > 0 && id.All(char.IsAsciiDigit)
                ? id
                : throw new InputException(Source, $"sbatch {script} printed no job id: '{stdout.Result.Trim()}' {message}".TrimEnd());
        }
    }
}
