using System.Globalization;
using IMCSim.Devices.Spec;
using IMCSim.Simulator.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Devices;

/// <summary>
/// Reads a device file (YAML): every number as { value: NUMBER, source: TEXT }. Each problem is an
/// <see cref="InputException"/> naming the file and the field, and what would be valid.
/// </summary>
public static class DeviceFileReader
{
    public static DeviceSpec ReadFile(string path)
    {
        return Parse(InputFiles.ReadAllText(path, "device"), path);
    }

    public static DeviceSpec Parse(string yaml, string source)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new InputException(source, "a device file must be one YAML mapping (name:, conductance:, ...)");
        }
        catch (YamlException e)
        {
            throw new InputException(source, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        var f = new Fields(root, source);
        string name = f.Text("name");
        var gMin = f.Number("conductance.g_min_us", min: 0);
        var gMax = f.Number("conductance.g_max_us", min: 0);
        if (gMin.Value >= gMax.Value)
        {
            throw f.Error("conductance.g_min_us", $"G_min ({gMin.Value} uS) must be below G_max ({gMax.Value} uS)");
        }

        var bits = f.Number("max_bits_per_cell", min: 1, max: 24, integer: true);
        var spec = new DeviceSpec(
            name,
            f.Text("technology"),
            f.OptionalText("description") ?? "",
            source,
            gMin,
            gMax,
            bits,
            f.Number("read.voltage_v", min: 0, exclusiveMin: true),
            f.Number("read.pulse_ns", min: 0, exclusiveMin: true),
            ProgrammingNoise(f),
            ReadNoise(f),
            Drift(f),
            f.Number("variation.relative_sigma", min: 0),
            f.Number("faults.stuck_at_g_min_rate", min: 0, max: 1),
            f.Number("faults.stuck_at_g_max_rate", min: 0, max: 1),
            f.Number("cell_area_f2", min: 0, exclusiveMin: true),
            f.Number("program_energy_pj", min: 0),
            f.Number("program_latency_ns", min: 0));
        if (spec.StuckAtGMinRate.Value + spec.StuckAtGMaxRate.Value > 1)
        {
            throw f.Error("faults", "stuck_at_g_min_rate + stuck_at_g_max_rate must not exceed 1");
        }

        f.RejectUnknown();
        return spec;
    }

    private static ProgrammingNoiseSpec ProgrammingNoise(Fields f)
    {
        string model = f.Choice("programming_noise.model", "none", "polynomial");
        if (model == "none")
        {
            return ProgrammingNoiseSpec.None;
        }

        string argument = f.Choice("programming_noise.argument", "g_over_g_max", "g_us");
        return new ProgrammingNoiseSpec(
            true,
            argument == "g_over_g_max",
            f.Number("programming_noise.c0_us"),
            f.Number("programming_noise.c1_us"),
            f.Number("programming_noise.c2_us"),
            f.Number("programming_noise.c3_us"));
    }

    private static ReadNoiseSpec ReadNoise(Fields f)
    {
        return f.Choice("read_noise.model", "none", "relative", "pcm-1f") switch
        {
            "relative" => new ReadNoiseSpec(ReadNoiseKind.Relative, f.Number("read_noise.relative_sigma", min: 0), default, default),
            "pcm-1f" => PcmReadNoise(f),
            _ => ReadNoiseSpec.None,
        };
    }

    private static ReadNoiseSpec PcmReadNoise(Fields f)
    {
        var tRead = f.Number("read_noise.t_read_s", min: 0, exclusiveMin: true);
        var interval = f.Number("read_noise.read_interval_s", min: 0, exclusiveMin: true);
        if (interval.Value <= tRead.Value)
        {
            throw f.Error("read_noise.read_interval_s", $"must exceed read_noise.t_read_s ({tRead.Value} s)");
        }

        return new ReadNoiseSpec(ReadNoiseKind.Pcm1F, default, tRead, interval);
    }

    private static DriftSpec Drift(Fields f)
    {
        return f.Choice("drift.model", "none", "power-law", "pcm-aihwkit") switch
        {
            "power-law" => new DriftSpec(DriftKind.PowerLaw, f.Number("drift.t0_s", min: 0, exclusiveMin: true), f.Number("drift.nu_mean", min: 0), f.Number("drift.nu_sigma", min: 0)),
            "pcm-aihwkit" => new DriftSpec(DriftKind.PcmAihwkit, f.Number("drift.t0_s", min: 0, exclusiveMin: true), default, default),
            _ => DriftSpec.None,
        };
    }

    /// <summary>Dotted-path access to a YAML mapping that remembers what was read, so unknown keys can be reported.</summary>
    private sealed class Fields(YamlMappingNode root, string source)
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public InputException Error(string field, string message) => new(source, $"field '{field}': {message}");

        public string Text(string path) => OptionalText(path) ?? throw Error(path, "is missing");

        public string? OptionalText(string path)
        {
            YamlNode? node = Find(path);
            return node switch
            {
                null => null,
                YamlScalarNode { Value: { Length: > 0 } v } => v,
                _ => throw Error(path, "must be a non-empty text value"),
            };
        }

        public string Choice(string path, params string[] allowed)
        {
            string value = Text(path);
            return allowed.Contains(value, StringComparer.Ordinal)
                ? value
                : throw Error(path, $"is '{value}'; valid values: {string.Join(", ", allowed)}");
        }

        public Sourced Number(string path, double? min = null, double? max = null, bool exclusiveMin = false, bool integer = false)
        {
            YamlNode node = Find(path) ?? throw Error(path, "is missing (expected { value: NUMBER, source: TEXT })");
            if (node is not YamlMappingNode m)
            {
                throw Error(path, "must be a mapping { value: NUMBER, source: TEXT } (every number carries its source)");
            }

            MarkChildren(path, "value", "source");
            if (!m.Children.TryGetValue(new YamlScalarNode("value"), out YamlNode? v) || v is not YamlScalarNode { Value: { } text })
            {
                throw Error(path + ".value", "is missing");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw Error(path + ".value", $"'{text}' is not a finite number");
            }

            if (!m.Children.TryGetValue(new YamlScalarNode("source"), out YamlNode? s) || s is not YamlScalarNode { Value: { Length: > 0 } sourceText })
            {
                throw Error(path + ".source", "is missing: every number needs its source (a paper, a tool and file, or \"assumption: why\")");
            }

            foreach (var key in m.Children.Keys)
            {
                if (key is YamlScalarNode { Value: not "value" and not "source" } extra)
                {
                    throw Error($"{path}.{extra.Value}", "is not a known field (a number has only value and source)");
                }
            }

            if (min is { } lo && (exclusiveMin ? value <= lo : value < lo))
            {
                throw Error(path, $"is {text}; it must be {(exclusiveMin ? ">" : ">=")} {lo.ToString(CultureInfo.InvariantCulture)}");
            }

            if (max is { } hi && value > hi)
            {
                throw Error(path, $"is {text}; it must be <= {hi.ToString(CultureInfo.InvariantCulture)}");
            }

            if (integer && value != Math.Floor(value))
            {
                throw Error(path, $"is {text}; it must be a whole number");
            }

            return new Sourced(value, sourceText);
        }

        public void RejectUnknown() => Walk(root, "");

        private void Walk(YamlMappingNode node, string prefix)
        {
            foreach (var (key, value) in node.Children)
            {
                string path = prefix + ((YamlScalarNode)key).Value;
                if (_read.Contains(path))
                {
                    continue;
                }

                if (value is YamlMappingNode child && _read.Any(r => r.StartsWith(path + ".", StringComparison.Ordinal)))
                {
                    Walk(child, path + ".");
                    continue;
                }

                throw Error(path, "is not a known field of a device file (see `imcsim devices show pcm` for the format)");
            }
        }

        private void MarkChildren(string path, params string[] children)
        {
            foreach (string c in children)
            {
                _read.Add(path + "." + c);
            }
        }

        private YamlNode? Find(string path)
        {
            _read.Add(path);
            YamlNode current = root;
            foreach (string part in path.Split('.'))
            {
                if (current is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(part), out YamlNode? next))
                {
                    return null;
                }

                current = next;
            }

            return current;
        }
    }
}
