namespace IMCSim.Simulator.Common;

/// <summary>
/// A setting with an invalid value: names the setting key ("adc-bits"); the command line maps the key
/// to its option (--adc-bits) or to the config file and field that gave the value.
/// </summary>
public sealed class SettingException : Exception
{
    public SettingException(string key, string problem)
        : base($"setting '{key}': {problem}")
    {
        Key = key;
        Problem = problem;
    }

    public SettingException()
        : this("setting", "invalid value")
    {
    }

    public SettingException(string message)
        : this("setting", message)
    {
    }

    public SettingException(string message, Exception inner)
        : base(message, inner)
    {
        Key = "setting";
        Problem = message;
    }

    public string Key { get; }

    public string Problem { get; }

    /// <summary>The same problem as a user-facing error naming <paramref name="source"/> (an option or a config field).</summary>
    public InputException For(string source) => new(source, Problem);
}
