using IMCSim.Mapping.Settings;
using IMCSim.Mapping.Sweeps;
using IMCSim.Simulator.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Cli.Config;

/// <summary>
/// A sweep file (YAML): <c>base:</c> settings with the keys of a simulate config file (or <c>config: FILE</c> naming one, relative
/// to the sweep file), <c>axes:</c> a mapping of settings keys to lists of values combined as a full grid, <c>linked:</c> groups of
/// axes that vary together, <c>sample:</c> a seeded random subset of K grid points, and <c>mode:</c> simulate (default) or cost. Every problem is one line naming the file and the field.
/// </summary>
internal static class SweepFile
{
    public static SweepSpec Read(string path)
    {
        string text = InputFiles.ReadAllText(path, "sweep");
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new InputException(path, $"a sweep file must be one YAML mapping with base:, axes: and mode: (it holds {stream.Documents.Count} documents{(stream.Documents.Count == 1 ? " that is not a mapping" : "")})");
        }
        catch (YamlException e)
        {
            throw new InputException(path, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        var keys = SimulationSchema.All.Select(s => s.Key).ToList();
        var baseValues = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> layerDevices = [];
        var axes = new List<SweepAxis>();
        bool costOnly = false;
        var linked = new List<IReadOnlyList<string>>();
        int sample = 0;
        foreach (var (k, v) in root.Children)
        {
            string field = (k as YamlScalarNode)?.Value ?? "";
            switch (field)
            {
                case "base":
                    if (v is not YamlMappingNode b)
                    {
                        throw new InputException(path, "field 'base' must be a mapping of settings, e.g. { samples: 200, device: pcm }");
                    }

                    foreach (var (bk, bv) in b.Children)
                    {
                        string key = (bk as YamlScalarNode)?.Value ?? "";
                        if (key == "config")
                        {
                            string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", (bv as YamlScalarNode)?.Value ?? "");
                            ConfigFile config = ConfigFile.Read(configPath, keys);
                            foreach (var (ck, cv) in config.Values)
                            {
                                baseValues.TryAdd(ck, cv);
                            }

                            layerDevices = config.LayerDevices;
                            continue;
                        }

                        if (!keys.Contains(key))
                        {
                            throw new InputException(path, $"field 'base.{key}' is not a setting; valid: {string.Join(", ", keys.Order(StringComparer.Ordinal))}, config");
                        }

                        baseValues[key] = bv is YamlScalarNode { Value: { } s } ? s : throw new InputException(path, $"field 'base.{key}' must be a single value");
                    }

                    break;
                case "axes":
                    if (v is not YamlMappingNode a)
                    {
                        throw new InputException(path, "field 'axes' must map settings keys to lists of values, e.g. { adc-bits: [4, 5, 6] }");
                    }

                    foreach (var (ak, av) in a.Children)
                    {
                        string key = (ak as YamlScalarNode)?.Value ?? "";
                        IReadOnlyList<string> values = av is YamlSequenceNode seq
                            ? [.. seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new InputException(path, $"field 'axes.{key}' must list single values"))]
                            : throw new InputException(path, $"field 'axes.{key}' must be a list of values, e.g. [4, 5, 6]");
                        axes.Add(new SweepAxis(key, values));
                    }

                    break;
                case "mode":
                    costOnly = v is not YamlScalarNode { Value: { } mode }
                        ? throw new InputException(path, "field 'mode' must be one value, simulate or cost (not a list or a mapping)")
                        : mode switch
                        {
                            "cost" => true,
                            "simulate" => false,
                            var other => throw new InputException(path, $"field 'mode' is '{other}'; valid: simulate, cost"),
                        };
                    break;
                case "linked":
                    if (v is not YamlSequenceNode groups || groups.Children.Any(g => g is not YamlSequenceNode))
                    {
                        throw new InputException(path, "field 'linked' must list groups of axes that vary together, e.g. [[adc-bits, cols-per-adc]]");
                    }

                    linked.AddRange(groups.Children.Select(g => (IReadOnlyList<string>)[.. ((YamlSequenceNode)g).Children.Select(c => (c as YamlScalarNode)?.Value ?? "")]));
                    break;
                case "sample":
                    sample = v is YamlScalarNode { Value: { } n } && int.TryParse(n, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int count)
                        ? count
                        : throw new InputException(path, "field 'sample' must be a whole number of grid points");
                    break;
                default:
                    throw new InputException(path, $"field '{field}' is not a sweep field; valid: base, axes, mode, linked, sample");
            }
        }

        try
        {
            return new SweepSpec(baseValues, layerDevices, axes, costOnly, linked, sample);
        }
        catch (SettingException e)
        {
            throw new InputException(path, e.Key is "axes" or "linked" or "sample" ? $"field '{e.Key}': {e.Problem}" : $"field 'base.{e.Key}': {e.Problem}");
        }
    }
}
