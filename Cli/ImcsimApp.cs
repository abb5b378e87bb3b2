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
            error.WriteLine($"imcsim: {ParseErrorLine(parsed, args)}");
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

    /// <summary>
    /// The one line a command line the parser rejects gets: its first problem in this program's words (the option, what it needs), and
    /// where the usage is.
    /// </summary>
    internal static string ParseErrorLine(ParseResult parsed, string[] args)
    {
        Command command = parsed.CommandResult.Command;
        var path = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = parsed.CommandResult; r is System.CommandLine.Parsing.CommandResult { Command: not RootCommand } c; r = r.Parent)
        {
            path.Insert(0, c.Command.Name);
        }

        string usage = path.Count == 0 ? "see 'imcsim --help'" : $"see 'imcsim {string.Join(" ", path)} --help'";
        Option? OptionOf(string token) => command.Options.FirstOrDefault(o => o.Name == token || o.Aliases.Contains(token));

        // An option that needs a value followed by another option (--adc-bits --seed 3): the parser reports the stray token instead.
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (OptionOf(args[i]) is { Arity.MinimumNumberOfValues: > 0 } needsValue && OptionOf(args[i + 1].Split('=')[0]) is not null)
            {
                return $"{needsValue.Name}: needs a value, got the option {args[i + 1]}; {usage}";
            }
        }

        var messages = parsed.Errors.Select(e => e.Message).ToList();
        string first = messages.FirstOrDefault(m => !m.StartsWith("Required command was not provided", StringComparison.Ordinal)) ?? messages[0];
        if (first.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            return $"{(path.Count == 0 ? "imcsim" : string.Join(" ", path))} needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}; {usage}";
        }

        System.Text.RegularExpressions.Match m;
        if ((m = Match(first, @"^Cannot parse argument '(?<v>.*)' for option '(?<o>.*)' as expected type '(?<t>.*)'\.$")).Success)
        {
            string value = m.Groups["v"].Value;
            bool integer = m.Groups["t"].Value is "System.Int32" or "System.Int64";
            string problem = integer && System.Numerics.BigInteger.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? "is out of range for a whole number"
                : "is not " + m.Groups["t"].Value switch
                {
                    "System.Int32" or "System.Int64" => "a whole number",
                    "System.Double" or "System.Single" => "a number",
                    "System.Boolean" => "true or false",
                    var t => $"a {t.Split('.')[^1]}",
                };
            return $"{m.Groups["o"].Value}: '{value}' {problem}; {usage}";
        }

        if ((m = Match(first, @"^Option '(?<o>.*)' expects a single argument but \d+ were provided\.$")).Success)
        {
            return $"{m.Groups["o"].Value}: given more than once; give it once; {usage}";
        }

        if ((m = Match(first, @"^Required argument missing for option: '(?<o>.*)'\.$")).Success)
        {
            return $"{m.Groups["o"].Value}: needs a value; {usage}";
        }

        if ((m = Match(first, @"^Option '(?<o>.*)' is required\.$")).Success)
        {
            return $"{m.Groups["o"].Value} is required; {usage}";
        }

        if ((m = Match(first, @"^Required argument '(?<a>.*)' missing for command: '(?<c>.*)'\.$")).Success)
        {
            return $"{m.Groups["c"].Value} needs its {m.Groups["a"].Value} argument; {usage}";
        }

        if ((m = Match(first, @"^Unrecognized command or argument '(?<a>.*)'\.$")).Success)
        {
            string token = m.Groups["a"].Value;
            int at = Array.IndexOf(args, token);
            if (at > 0 && OptionOf(args[at - 1]) is { Arity.MinimumNumberOfValues: 0 } flag)
            {
                return $"{flag.Name}: '{token}' is not true or false (a flag: give it alone, or as {flag.Name} true|false); {usage}";
            }

            return command is RootCommand
                ? $"'{token}' is not a command; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}; {usage}"
                : $"'{token}' is not an option or argument of {string.Join(" ", path)}; {usage}";
        }

        return $"{first.TrimEnd('.')}; {usage}";

        static System.Text.RegularExpressions.Match Match(string text, string pattern) =>
            System.Text.RegularExpressions.Regex.Match(text, pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }
}
