using System.CommandLine;
using IMCSim.Cli.Commands;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli;

/// <summary>
/// The `imcsim` command line. Exit codes: 0 success, 2 bad input (one line on stderr naming the file
/// or option and the problem), 1 an internal error (one line; set IMCSIM_DEBUG=1 for the stack trace).
/// </summary>
public static class ImcsimApp
{
    public const int ExitOk = 0;
    public const int ExitInternalError = 1;
    public const int ExitBadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("IMCSim: accuracy, area, energy and latency of DNNs and SNNs on analog in-memory-computing crossbars.");
        root.Subcommands.Add(SimulateCommand.Create(output, error));
        root.Subcommands.Add(CostCommand.Create(output, error));
        root.Subcommands.Add(SweepCommand.Create(output, error));
        root.Subcommands.Add(MergeCommand.Create(output));
        root.Subcommands.Add(HydeCommand.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(InferCommand.Create(output));
        root.Subcommands.Add(DevicesCommand.Create(output));
        root.Subcommands.Add(CrossbarCommand.Create(output));

        ParseResult parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine($"imcsim: {e.Message}");
            }

            error.WriteLine("Run 'imcsim --help' for usage.");
            return ExitBadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            error.WriteLine($"imcsim: {e.Message}");
            return ExitBadInput;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            error.WriteLine($"imcsim: {input.Message}");
            return ExitBadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"imcsim: {e.Message}");
            return ExitBadInput;
        }
#pragma warning disable CA1031 // The command line must end with one line, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"imcsim: internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("IMCSIM_DEBUG") == "1")
            {
                error.WriteLine(e);
            }

            return ExitInternalError;
        }
    }
}
