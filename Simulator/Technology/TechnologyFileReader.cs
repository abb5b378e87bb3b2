using System.Globalization;
using IMCSim.Simulator.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Simulator.Technology;

/// <summary>
/// Reads a technology file (YAML, the format of Simulator/Technology/technology-nodes.yaml): every number is
/// { value: NUMBER, source: TEXT } and every temperature table { values: [..], source: TEXT } over temperatures_k.
/// Each problem is an <see cref="InputException"/> naming the file and the field; unknown fields are rejected.
/// </summary>
internal static class TechnologyFileReader
{
    public static TechnologyData Parse(string yaml, string source)
    {
        YamlMappingNode root = YamlRoot.Load(yaml, source, "a technology file must be one YAML mapping (temperatures_k:, nodes:, ...)");

        var top = new Section(root, "", source);
        var (temperatures, _) = top.Numbers("temperatures_k");
        if (temperatures.Length < 2 || temperatures.Zip(temperatures.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw top.Error("temperatures_k", "must list at least two temperatures, increasing");
        }

        var wireCap = top.Number("wire_capacitance_per_length_f_per_m", min: 0);
        var overlap = top.Number("planar_overlap_fraction", min: 0);
        var polyWire = top.Number("polywire_capacitance_per_length_f_per_m", min: 0);
        var j = top.Child("junction");
        var junction = new JunctionData(
            j.Number("bottom_zero_bias_f_per_m2", min: 0),
            j.Number("sidewall_zero_bias_f_per_m", min: 0),
            j.Number("gate_edge_sidewall_zero_bias_f_per_m", min: 0),
            j.Number("bottom_grading", min: 0),
            j.Number("sidewall_grading", min: 0),
            j.Number("gate_edge_sidewall_grading", min: 0),
            j.Number("built_in_potential_v", min: 0, exclusiveMin: true));
        j.RejectUnknown();

        var nodes = new List<NodeData>();
        foreach (var n in top.Sections("nodes"))
        {
            var node = Node(n, temperatures);
            if (nodes.Any(other => other.NodeNm == node.NodeNm))
            {
                throw n.Error("node_nm", $"{node.NodeNm} nm is listed twice");
            }

            nodes.Add(node);
        }

        top.RejectUnknown();
        return new TechnologyData(temperatures, wireCap, overlap, polyWire, junction, nodes);
    }

    private static NodeData Node(Section n, double[] temperatures)
    {
        int nodeNm = n.Label("node_nm");
        var kind = n.Choice("transistor", "planar", "finfet", "gaa") switch
        {
            "finfet" => TransistorKind.FinFet,
            "gaa" => TransistorKind.Gaa,
            _ => TransistorKind.Planar,
        };
        FinGeometry? geometry = kind == TransistorKind.Planar ? null : Geometry(n.Child("geometry"), kind);
        RoadmapData? hp = n.Has("hp") ? Roadmap(n.Child("hp"), kind, temperatures) : null;
        RoadmapData? lstp = n.Has("lstp") ? Roadmap(n.Child("lstp"), kind, temperatures) : null;
        if (hp is null && lstp is null)
        {
            throw n.Error("lstp", "is missing: a node needs at least one roadmap (hp or lstp)");
        }

        n.RejectUnknown();
        return new NodeData(nodeNm, kind, geometry, hp, lstp);
    }

    private static FinGeometry Geometry(Section g, TransistorKind kind)
    {
        FinGeometry geometry = kind == TransistorKind.FinFet
            ? new FinGeometry(
                g.Number("fin_width_m", min: 0, exclusiveMin: true),
                g.Has("fin_height_m") ? g.Number("fin_height_m", min: 0, exclusiveMin: true) : null,
                g.Number("fin_pitch_m", min: 0, exclusiveMin: true),
                g.Number("effective_width_m", min: 0, exclusiveMin: true),
                g.Number("max_fins_per_transistor", min: 1, integer: true),
                null,
                null,
                null)
            : new FinGeometry(
                g.Number("sheet_width_m", min: 0, exclusiveMin: true),
                null,
                g.Number("fin_pitch_m", min: 0, exclusiveMin: true),
                g.Number("effective_width_m", min: 0, exclusiveMin: true),
                null,
                g.Number("sheets_per_stack", min: 1, integer: true),
                g.Number("sheet_thickness_m", min: 0, exclusiveMin: true),
                g.Number("fins_per_stack", min: 1, integer: true));
        g.RejectUnknown();
        return geometry;
    }

    private static RoadmapData Roadmap(Section r, TransistorKind kind, double[] temperatures)
    {
        bool planar = kind == TransistorKind.Planar;
        var data = new RoadmapData(
            r.Text("model"),
            r.Number("supply_voltage_v", min: 0, exclusiveMin: true),
            r.Number("threshold_voltage_v", min: 0),
            r.Number("physical_gate_length_m", min: 0, exclusiveMin: true),
            r.Number("effective_resistance_multiplier", min: 0, exclusiveMin: true),
            planar ? r.Number("ideal_gate_capacitance_f_per_m", min: 0, exclusiveMin: true) : null,
            planar ? r.Number("fringe_capacitance_f_per_m", min: 0) : null,
            planar ? r.Number("gm_current_nmos_a_per_m", min: 0, exclusiveMin: true) : null,
            planar ? r.Number("gm_current_pmos_a_per_m", min: 0, exclusiveMin: true) : null,
            planar ? null : r.Number("gate_capacitance_per_fin_f", min: 0, exclusiveMin: true),
            planar ? null : r.Number("drain_capacitance_per_fin_f", min: 0),
            planar ? null : r.Number("junction_bottom_capacitance_f_per_m2", min: 0),
            planar ? null : r.Number("transconductance_s_per_m", min: 0, exclusiveMin: true),
            r.Table("on_current_nmos_a_per_m", temperatures),
            r.Table("on_current_pmos_a_per_m", temperatures),
            r.Table("off_current_nmos_a_per_m", temperatures),
            r.Table("off_current_pmos_a_per_m", temperatures));
        r.RejectUnknown();
        return data;
    }

    /// <summary>One YAML mapping at a dotted path; remembers the keys read so that unknown keys can be reported.</summary>
    private sealed class Section(YamlMappingNode node, string path, string source)
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public InputException Error(string key, string message) => new(source, $"field '{path}{key}': {message}");

        public bool Has(string key) => node.Children.ContainsKey(new YamlScalarNode(key));

        public Section Child(string key) =>
            Get(key) is YamlMappingNode m ? new Section(m, $"{path}{key}.", source) : throw Error(key, "must be a mapping");

        public IEnumerable<Section> Sections(string key)
        {
            if (Get(key) is not YamlSequenceNode list)
            {
                throw Error(key, "must be a list");
            }

            for (int i = 0; i < list.Children.Count; i++)
            {
                yield return list.Children[i] is YamlMappingNode m
                    ? new Section(m, $"{path}{key}[{i}].", source)
                    : throw Error($"{key}[{i}]", "must be a mapping");
            }
        }

        public string Text(string key) =>
            Get(key) is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw Error(key, "must be a non-empty text value");

        public string Choice(string key, params string[] allowed)
        {
            string value = Text(key);
            return allowed.Contains(value, StringComparer.Ordinal) ? value : throw Error(key, $"is '{value}'; valid: {string.Join(", ", allowed)}");
        }

        /// <summary>A plain positive whole number that names something (a node), not a measured value: no source needed.</summary>
        public int Label(string key) =>
            Get(key) is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v
                : throw Error(key, "must be a positive whole number");

        public SourcedValue Number(string key, double? min = null, bool exclusiveMin = false, bool integer = false)
        {
            var (m, src) = Sourced(key, "value", "{ value: NUMBER, source: TEXT }");
            double value = Parse(m.Children[new YamlScalarNode("value")], key + ".value");
            if (min is { } lo && (exclusiveMin ? value <= lo : value < lo))
            {
                throw Error(key, string.Create(CultureInfo.InvariantCulture, $"is {value}; it must be {(exclusiveMin ? ">" : ">=")} {lo}"));
            }

            if (integer && value != Math.Floor(value))
            {
                throw Error(key, string.Create(CultureInfo.InvariantCulture, $"is {value}; it must be a whole number"));
            }

            return new SourcedValue(value, src);
        }

        public (double[] Values, string Source) Numbers(string key)
        {
            var (m, src) = Sourced(key, "values", "{ values: [NUMBER, ...], source: TEXT }");
            if (m.Children[new YamlScalarNode("values")] is not YamlSequenceNode list)
            {
                throw Error(key + ".values", "must be a list of numbers");
            }

            return ([.. list.Children.Select((v, i) => Parse(v, $"{key}.values[{i}]"))], src);
        }

        public TemperatureTable Table(string key, double[] temperaturesK)
        {
            var (values, src) = Numbers(key);
            if (values.Length != temperaturesK.Length)
            {
                throw Error(key, $"has {values.Length} values; it needs one per temperatures_k entry ({temperaturesK.Length})");
            }

            if (values.Any(v => v <= 0))
            {
                throw Error(key, "must be positive at every temperature");
            }

            return new TemperatureTable(temperaturesK, values, src);
        }

        public void RejectUnknown()
        {
            foreach (var key in node.Children.Keys)
            {
                string name = ((YamlScalarNode)key).Value ?? "";
                if (!_read.Contains(name))
                {
                    throw Error(name, "is not a known field of a technology file (see Simulator/Technology/technology-nodes.yaml)");
                }
            }
        }

        private (YamlMappingNode Map, string Source) Sourced(string key, string valueKey, string shape)
        {
            if (Get(key) is not YamlMappingNode m)
            {
                throw Error(key, $"must be a mapping {shape} (every number carries its source)");
            }

            foreach (var child in m.Children.Keys)
            {
                if (((YamlScalarNode)child).Value is { } name && name != valueKey && name != "source")
                {
                    throw Error($"{key}.{name}", $"is not a known field (only {valueKey} and source)");
                }
            }

            if (!m.Children.ContainsKey(new YamlScalarNode(valueKey)))
            {
                throw Error($"{key}.{valueKey}", "is missing");
            }

            return m.Children.TryGetValue(new YamlScalarNode("source"), out var s) && s is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text)
                ? (m, text)
                : throw Error($"{key}.source", "is missing: every number needs its source (a tool and file, a paper, or \"assumption: why\")");
        }

        private double Parse(YamlNode n, string field) =>
            n is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? v
                : throw new InputException(source, $"field '{path}{field}': is not a finite number");

        private YamlNode Get(string key)
        {
            _read.Add(key);
            return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : throw Error(key, "is missing");
        }
    }
}
