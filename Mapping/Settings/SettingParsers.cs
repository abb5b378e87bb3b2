using System.Globalization;
using IMCSim.Devices.Models;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Technology;

namespace IMCSim.Mapping.Settings;

/// <summary>Parsers of setting values; errors name the setting key and show the valid forms.</summary>
public static class SettingParsers
{
    /// <summary>"1d", "12h", "30m", "10s", "1y", "250ms" or plain seconds; "0" is right after programming.</summary>
    public static double DurationSeconds(string text, string key)
    {
        string t = text.Trim().ToLowerInvariant();
        (string unit, double factor)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604800), ("y", 31557600)];
        foreach (var (unit, factor) in units.OrderByDescending(u => u.unit.Length))
        {
            if (t.EndsWith(unit, StringComparison.Ordinal) && double.TryParse(t[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return Check(v * factor, text, key);
            }
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
            ? Check(s, text, key)
            : throw new SettingException(key, $"'{text}' is not a duration; use e.g. 0, 1s, 1h, 1d, 1y (units ms, s, m, h, d, w, y)");

        static double Check(double v, string text, string key) =>
            double.IsFinite(v) && v >= 0 ? v : throw new SettingException(key, $"'{text}' must be a finite duration >= 0");
    }

    /// <summary>The most rows or columns of an array: 8x NeuroSim's largest sub-array (1024), far beyond fabricated analog crossbars.</summary>
    public const int MaxArraySide = 8192;

    /// <summary>"128x128" (rows x columns).</summary>
    public static (int Rows, int Cols) ArrayShape(string text, string key)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c))
        {
            return r > MaxArraySide || c > MaxArraySide
                ? throw new SettingException(key, $"'{text}': at most {MaxArraySide} rows and {MaxArraySide} columns (larger crossbars than any fabricated or modelled one)")
                : (r, c);
        }

        throw new SettingException(key, $"'{text}' is not an array shape; use ROWSxCOLS, e.g. 128x128");
    }

    /// <summary>"all", "none" or a comma list of programming, read, drift, variation, faults.</summary>
    public static NoiseSelection Noise(string text, string key)
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
        string[] parts = t.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new SettingException(key, $"'{text}' has an empty item; use all, none, or a comma list of programming, read, drift, variation, faults");
        }

        if (parts.Distinct(StringComparer.Ordinal).Count() < parts.Length)
        {
            throw new SettingException(key, $"'{text}' names a noise twice; give each once");
        }

        foreach (string part in parts)
        {
            result |= part switch
            {
                "programming" => NoiseSelection.Programming,
                "read" => NoiseSelection.Read,
                "drift" => NoiseSelection.Drift,
                "variation" => NoiseSelection.Variation,
                "faults" => NoiseSelection.Faults,
                _ => throw new SettingException(key, $"unknown noise '{part}'; use all, none, or a comma list of programming, read, drift, variation, faults"),
            };
        }

        return result;
    }

    public static string NoiseName(NoiseSelection noise) =>
        noise == NoiseSelection.All ? "all" : noise == NoiseSelection.None ? "none"
        : string.Join(",", Enum.GetValues<NoiseSelection>().Where(f => f is not NoiseSelection.None and not NoiseSelection.All && noise.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()));

    /// <summary>One of an enum's values by its lower-case name (or an alias), listing the valid names on error.</summary>
    public static T Choice<T>(string text, string key, params (string Name, T Value)[] choices)
    {
        string t = text.Trim().ToLowerInvariant();
        foreach (var (name, value) in choices)
        {
            if (name == t)
            {
                return value;
            }
        }

        throw new SettingException(key, $"'{text}' is not valid; use {string.Join(", ", choices.Select(c => c.Name))}");
    }

    /// <summary>"LAYER=DEVICE".</summary>
    public static (string Layer, string Device) LayerDevice(string text, string key)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < text.Length - 1
            ? (text[..eq].Trim(), text[(eq + 1)..].Trim())
            : throw new SettingException(key, $"'{text}' must be LAYER=DEVICE, e.g. conv1=sram");
    }

    public static int Int(string text, string key) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new SettingException(key, System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? $"'{text.Trim()}' is out of range for a whole number"
                : $"'{text}' is not a whole number");

    public static double Double(string text, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw new SettingException(key, $"'{text}' is not a finite number");

    public static ulong Seed(string text, string key) =>
        ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v) ? v : throw new SettingException(key, $"'{text}' is not a seed (a whole number >= 0)");

    public static bool Bool(string text, string key) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new SettingException(key, $"'{text}' is not true or false"),
    };

    public static WeightEncoding Encoding(string text, string key) =>
        Choice(text, key, ("differential", WeightEncoding.Differential), ("offset", WeightEncoding.Offset));

    public static ParasiticsMode Parasitics(string text, string key) =>
        Choice(text, key, ("exact", ParasiticsMode.Exact), ("fast", ParasiticsMode.Fast), ("none", ParasiticsMode.None));

    public static AdcRangeRule AdcRange(string text, string key) =>
        Choice(text, key, ("max", AdcRangeRule.Max), ("percentile", AdcRangeRule.Percentile), ("mse", AdcRangeRule.MinimumMse));

    public static AdcDesign AdcType(string text, string key) =>
        Choice(text, key, [.. AdcDesign.All.Select(a => (a.Name, a))]);

    public static InterconnectDesign Interconnect(string text, string key) =>
        Choice(text, key, [.. InterconnectDesign.All.Select(a => (a.Name, a))]);

    public static bool ConvMapping(string text, string key) =>
        Choice(text, key, ("novel", true), ("conventional", false));

    /// <summary>"LAYER=N,LAYER=N" (empty = none).</summary>
    public static IReadOnlyDictionary<string, int> LayerCounts(string text, string key)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string layer = eq > 0 ? item[..eq].Trim() : item;
            int count = eq > 0 && int.TryParse(item[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
                ? n
                : throw new SettingException(key, $"'{item}' must be LAYER=N with N a whole number, e.g. conv1=16");
            if (!result.TryAdd(layer, count))
            {
                throw new SettingException(key, $"layer '{layer}' is given twice ({layer}={result[layer]} and {item}); give each layer once");
            }
        }

        return result;
    }

    public static bool ConvPositions(string text, string key) =>
        Choice(text, key, ("padded", false), ("valid", true));

    public static DeviceRoadmap Roadmap(string text, string key) =>
        Choice(text, key, ("lstp", DeviceRoadmap.LowStandbyPower), ("hp", DeviceRoadmap.HighPerformance));

    public static CalibrationSource Calibration(string text, string key) =>
        Choice(text, key, ("programmed", CalibrationSource.Programmed), ("target", CalibrationSource.Target));
}
