using System.Globalization;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Settings;

/// <summary>
/// One key of the settings schema: its name (the config-file key and, with two dashes, the
/// command-line option), a description, its default, and how its text is parsed and printed.
/// A flag may be given without a value on the command line (it then means true).
/// </summary>
public abstract class Setting(string key, string description, string defaultText, bool isFlag)
{
    public string Key { get; } = key;

    public string Description { get; } = description;

    public string DefaultText { get; } = defaultText;

    public bool IsFlag { get; } = isFlag;

    /// <summary>Parses a value (a <see cref="SettingException"/> naming the key if invalid).</summary>
    public abstract object? ParseText(string text);

    /// <summary>A value of this setting as text (the manifest's and sweeps' form).</summary>
    public abstract string Format(object? value);

    public abstract object? DefaultValue { get; }
}

/// <summary>A setting of type <typeparamref name="T"/>.</summary>
public sealed class Setting<T>(string key, string description, T defaultValue, Func<string, string, T> parse, Func<T, string>? format = null, string? defaultText = null, bool isFlag = false)
    : Setting(key, description, defaultText ?? FormatValue(defaultValue, format), isFlag)
{
    public T Default { get; } = defaultValue;

    public override object? DefaultValue => Default;

    public T Parse(string text) => parse(text, Key);

    public override object? ParseText(string text) => Parse(text);

    public override string Format(object? value) => FormatValue((T)value!, format);

    private static string FormatValue(T value, Func<T, string>? format) =>
        format is not null ? format(value) : value switch
        {
            null => "",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
