namespace IMCSim.Simulator.Common;

/// <summary>
/// A problem with something the user gave IMCSim (a file, an option, a config value): reported as one
/// line naming the source, the field and what would be valid, with exit code 2 and no stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string source, string message)
        : base($"{source}: {message}")
    {
        Source = source;
        Problem = message;
    }

    public InputException(string source, string message, Exception inner)
        : base($"{source}: {message}", inner)
    {
        Source = source;
        Problem = message;
    }

    public InputException()
        : this("input", "invalid input")
    {
    }

    public InputException(string message)
        : this("input", message)
    {
    }

    public InputException(string message, Exception inner)
        : this("input", message, inner)
    {
    }

    /// <summary>The file, option or config key the problem is in.</summary>
    public new string Source { get; }

    /// <summary>What is wrong and what would be valid.</summary>
    public string Problem { get; }
}
