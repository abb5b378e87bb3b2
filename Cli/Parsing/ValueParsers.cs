using System.Globalization;
using IMCSim.Devices.Models;
using IMCSim.Mapping;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Parsing;

/// <summary>Parsers for option values with errors that name the option and show valid forms.</summary>
internal static class ValueParsers
{
    /// <summary>"1d", "12h", "30m", "10s", "1y", "250ms" or plain seconds; "0" is right after programming.</summary>
    public static double DurationSeconds(string text, string option)
    {
        string t = text.Trim().ToLowerInvariant();
        (string unit, double factor)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604800), ("y", 31557600)];
        foreach (var (unit, factor) in units.OrderByDescending(u => u.unit.Length))
        {
            if (t.EndsWith(unit, StringComparison.Ordinal) && double.TryParse(t[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return Check(v * factor, text, option);
            }
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
            ? Check(s, text, option)
            : throw new InputException(option, $"'{text}' is not a duration; use e.g. 0, 1s, 1h, 1d, 1y (units ms, s, m, h, d, w, y)");

        static double Check(double v, string text, string option) =>
            double.IsFinite(v) && v >= 0 ? v : throw new InputException(option, $"'{text}' must be a finite duration >= 0");
    }

    /// <summary>"128x128" (rows x columns).</summary>
    public static (int Rows, int Cols) ArrayShape(string text, string option)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c))
        {
            return (r, c);
        }

        throw new InputException(option, $"'{text}' is not an array shape; use ROWSxCOLS, e.g. 128x128");
    }

    /// <summary>"all", "none" or a comma list of programming, read, drift, variation, faults.</summary>
    public static NoiseSelection Noise(string text, string option)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "all")
        {
            return NoiseSelection.All;
        }

        if (t == "none")
        {
            return NoiseSelection.None;
        }

        var result = NoiseSelection.None;
        foreach (string part in t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part switch
            {
                "programming" => NoiseSelection.Programming,
                "read" => NoiseSelection.Read,
                "drift" => NoiseSelection.Drift,
                "variation" => NoiseSelection.Variation,
                "faults" => NoiseSelection.Faults,
                _ => throw new InputException(option, $"unknown noise '{part}'; use all, none, or a comma list of programming, read, drift, variation, faults"),
            };
        }

        return result;
    }

    public static string NoiseName(NoiseSelection noise) =>
        noise == NoiseSelection.All ? "all" : noise == NoiseSelection.None ? "none"
        : string.Join(",", Enum.GetValues<NoiseSelection>().Where(f => f is not NoiseSelection.None and not NoiseSelection.All && noise.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()));

    public static WeightEncoding Encoding(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "differential" => WeightEncoding.Differential,
        "offset" => WeightEncoding.Offset,
        _ => throw new InputException(option, $"'{text}' is not an encoding; use differential or offset"),
    };

    /// <summary>"LAYER=DEVICE".</summary>
    public static (string Layer, string Device) LayerDevice(string text, string option)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < text.Length - 1
            ? (text[..eq].Trim(), text[(eq + 1)..].Trim())
            : throw new InputException(option, $"'{text}' must be LAYER=DEVICE, e.g. conv1=sram");
    }

    public static int Int(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new InputException(option, $"'{text}' is not a whole number");

    public static double Double(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw new InputException(option, $"'{text}' is not a finite number");

    /// <summary>"none", "exact" or "fast".</summary>
    public static ParasiticsMode Parasitics(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "none" => ParasiticsMode.None,
        "exact" => ParasiticsMode.Exact,
        "fast" => ParasiticsMode.Fast,
        _ => throw new InputException(option, $"'{text}' is not a parasitics mode; use exact, fast or none"),
    };

    public static ulong Seed(string text, string option) =>
        ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v) ? v : throw new InputException(option, $"'{text}' is not a seed (a whole number >= 0)");

    public static bool Bool(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new InputException(option, $"'{text}' is not true or false"),
    };
}
