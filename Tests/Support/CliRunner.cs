using IMCSim.Cli;

namespace IMCSim.Tests.Support;

/// <summary>Runs the `imcsim` command line in-process and captures its exit code and output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = ImcsimApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
