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
        YamlMappingNode root = YamlRoot.Load(yaml, source, "a device file must be one YAML mapping (name:, conductance:, ...)");

        var f = new Fields(root, source);
        string name = f.Text("name");
        var gMin = f.Number("conductance.g_min_us", min: 0);
        var gMax = f.Number("conductance.g_max_us", min: 0);
        if (gMin.Value >= gMax.Value)
        {
            throw f.Error("conductance.g_min_us", $"G_min ({gMin.Value} uS) must be below G_max ({gMax.Value} uS)");
        }

        var bits = f.Number("max_bits_per_cell", min: 1, max: 24, integer: true);
        var readVoltage = f.Number("read.voltage_v", min: 0, exclusiveMin: true);
        var readPulse = f.Number("read.pulse_ns", min: 0, exclusiveMin: true);
        var programming = ProgrammingNoise(f);
        var readNoise = ReadNoise(f, readPulse);
        var drift = Drift(f);
        var variation = f.Number("variation.relative_sigma", min: 0);
        var stuckMin = f.Number("faults.stuck_at_g_min_rate", min: 0, max: 1);
        var stuckMax = f.Number("faults.stuck_at_g_max_rate", min: 0, max: 1);
        if (stuckMin.Value + stuckMax.Value > 1)
        {
            throw f.Error("faults", "stuck_at_g_min_rate + stuck_at_g_max_rate must not exceed 1");
        }

        var (height, width, access) = Cell(f);
        var spec = new DeviceSpec(
            name,
            f.Text("technology"),
            f.OptionalText("description") ?? "",
            source,
            gMin,
            gMax,
            bits,
            readVoltage,
            readPulse,
            programming,
            readNoise,
            drift,
            variation,
            stuckMin,
            stuckMax,
            height,
            width,
            access,
            f.Number("program_energy_pj", min: 0),
            f.Number("program_latency_ns", min: 0))
        {
            WriteVoltageV = f.Exists("write_voltage_v") ? f.Number("write_voltage_v", min: 0, exclusiveMin: true) : null,
        };
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

        bool normalized = f.Choice("programming_noise.argument", "g_over_g_max", "g_us") == "g_over_g_max";
        var c0 = f.Number("programming_noise.c0_us");
        var c1 = f.Number("programming_noise.c1_us");
        var c2 = f.Number("programming_noise.c2_us");
        var c3 = f.Number("programming_noise.c3_us");

        // Only a polynomial in G / G_max has a reference G_max (aihwkit's prog_coeff_g_max_reference); an absolute fit has none,
        // so the field is left unread there and reported as unknown.
        Sourced? reference = normalized && f.Exists("programming_noise.g_max_reference_us")
            ? f.Number("programming_noise.g_max_reference_us", min: 0, exclusiveMin: true)
            : null;
        return new ProgrammingNoiseSpec(true, normalized, c0, c1, c2, c3, reference);
    }

    private static ReadNoiseSpec ReadNoise(Fields f, Sourced readPulseNs)
    {
        if (f.Exists("read_noise.t_read_s"))
        {
            throw f.Error("read_noise.t_read_s", "is no longer a field: the 1/f noise uses read.pulse_ns as its read time t_read (one read time per device)");
        }

        return f.Choice("read_noise.model", "none", "relative", "state-independent", "pcm-1f") switch
        {
            "relative" => ReadNoiseSpec.Relative(f.Number("read_noise.relative_sigma", min: 0)),
            "state-independent" => ReadNoiseSpec.StateIndependent(f.Number("read_noise.sigma_us", min: 0)),
            "pcm-1f" => PcmReadNoise(f, readPulseNs),
            _ => ReadNoiseSpec.None,
        };
    }

    private static ReadNoiseSpec PcmReadNoise(Fields f, Sourced readPulseNs)
    {
        var interval = f.Number("read_noise.read_interval_s", min: 0, exclusiveMin: true);
        double tReadS = readPulseNs.Value * 1e-9;
        if (interval.Value <= tReadS)
        {
            throw f.Error("read_noise.read_interval_s", string.Create(CultureInfo.InvariantCulture, $"is {interval.Value} s; it must exceed the read time read.pulse_ns ({tReadS} s), the 1/f band runs from one read to the next"));
        }

        return ReadNoiseSpec.Pcm1F(interval);
    }

    /// <summary>
    /// cell.height_f and cell.width_f (NeuroSim's cell height and width in F), or for older files cell_area_f2 alone (a square
    /// cell of side sqrt(area), NVSim's aspect ratio 1); when both are given the area must equal height x width.
    /// </summary>
    private static (Sourced Height, Sourced Width, Sourced? Access) Cell(Fields f)
    {
        Sourced? area = f.Exists("cell_area_f2") ? f.Number("cell_area_f2", min: 0, exclusiveMin: true) : null;
        Sourced height, width;
        if (area is { } a && !f.Exists("cell.height_f") && !f.Exists("cell.width_f"))
        {
            double side = Math.Sqrt(a.Value);
            height = width = Sourced.Of(side, $"square cell of cell_area_f2 (no cell.height_f / cell.width_f given): {a.Source}");
        }
        else
        {
            height = f.Number("cell.height_f", min: 0, exclusiveMin: true);
            width = f.Number("cell.width_f", min: 0, exclusiveMin: true);
            double product = height.Value * width.Value;
            if (area is { } given && Math.Abs(given.Value - product) > 1e-6 * product)
            {
                throw f.Error("cell_area_f2", string.Create(CultureInfo.InvariantCulture, $"is {given.Value}; it must equal cell.height_f x cell.width_f = {product} (or leave it out: it is derived)"));
            }
        }

        Sourced? access = f.Exists("cell.access_resistance_ohm") ? f.Number("cell.access_resistance_ohm", min: 0) : null;
        return (height, width, access);
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

        /// <summary>Whether <paramref name="path"/> is present, without marking it read.</summary>
        public bool Exists(string path)
        {
            YamlNode current = root;
            foreach (string part in path.Split('.'))
            {
                if (current is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(part), out YamlNode? next))
                {
                    return false;
                }

                current = next;
            }

            return true;
        }

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
