using IMCSim.Simulator.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Cli.Config;

/// <summary>
/// A run configuration file (YAML): the same keys as the command-line options without the dashes
/// (device: pcm, adc-bits: 6, layer-device: { conv1: sram }). Unknown keys are errors.
/// </summary>
internal sealed class ConfigFile
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private ConfigFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public IReadOnlyList<string> LayerDevices { get; private set; } = [];

    public static ConfigFile Empty { get; } = new("");

    public static ConfigFile Read(string path, IReadOnlyCollection<string> knownKeys)
    {
        string text = InputFiles.ReadAllText(path, "config");

        var config = new ConfigFile(path);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                return config;
            }

            // A document marker with nothing after it (a trailing ---) makes an empty document, which holds nothing to lose.
            int documents = stream.Documents.Count(d => d.RootNode is not YamlScalarNode { Value: null or "" });
            if (documents > 1)
            {
                throw new InputException(path, $"holds {documents} YAML documents (separated by ---); a config file is one mapping of option: value");
            }

            root = stream.Documents[0].RootNode as YamlMappingNode ?? throw new InputException(path, "a config file must be a YAML mapping of option: value");
        }
        catch (YamlException e)
        {
            throw new InputException(path, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }

        foreach (var (k, v) in root.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            if (key == "layer-device")
            {
                config.LayerDevices = v switch
                {
                    YamlMappingNode m => [.. m.Children.Select(c => $"{((YamlScalarNode)c.Key).Value}={(c.Value as YamlScalarNode)?.Value}")],
                    YamlSequenceNode s => [.. s.Children.Select(c => (c as YamlScalarNode)?.Value ?? "")],
                    _ => throw new InputException(path, "field 'layer-device' must map layer names to devices, e.g. { conv1: sram }"),
                };
                continue;
            }

            if (!knownKeys.Contains(key))
            {
                throw new InputException(path, $"field '{key}' is not a setting; valid: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))}, layer-device");
            }

            config._values[key] = v is YamlScalarNode { Value: { } s2 } ? s2 : throw new InputException(path, $"field '{key}' must be a single value");
        }

        return config;
    }

    public string? Get(string key) => _values.TryGetValue(key, out string? v) ? v : null;

    /// <summary>Every key: value given in the file.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;
}
