using System.CommandLine;
using IMCSim.Cli.Config;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// The options every command that takes simulation settings shares, made from the settings schema: one --KEY per setting, the
/// repeatable --layer-device and --config FILE.yaml. <see cref="Parse"/> merges the config file and the command line (the command
/// line wins) into <see cref="SimulationSettings"/>, with errors naming the option or the config file's field.
/// </summary>
internal sealed class SettingsOptions
{
    private readonly Dictionary<string, Option<string?>> _options = new(StringComparer.Ordinal);
    private readonly Option<string[]> _layerDevice = new("--" + SimulationSchema.LayerDeviceKey) { Description = "device of one layer, LAYER=DEVICE (repeatable), e.g. conv1=sram", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _config = new("--config") { Description = "YAML file with the same keys (command-line options override it)" };

    public SettingsOptions(Command command)
    {
        foreach (Setting s in SimulationSchema.All)
        {
            var o = new Option<string?>("--" + s.Key) { Description = $"{s.Description} (default: {s.DefaultText})" };
            if (s.IsFlag)
            {
                o.Arity = ArgumentArity.ZeroOrOne;
            }

            _options[s.Key] = o;
            command.Options.Add(o);
        }

        command.Options.Add(_layerDevice);
        command.Options.Add(_config);
    }

    /// <summary>Settings from <paramref name="parse"/>; <paramref name="run"/> gets them and the config file's path, inside the error translation.</summary>
    public int Parse(ParseResult parse, Func<SimulationSettings, string?, int> run)
    {
        var cli = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, o) in _options)
        {
            if (parse.GetResult(o) is { } given)
            {
                cli[key] = parse.GetValue(o) ?? (given.Tokens.Count == 0 && SimulationSchema.Find(key)!.IsFlag ? "true" : "");
            }
        }

        string? configPath = parse.GetValue(_config);
        ConfigFile file = configPath is null ? ConfigFile.Empty : ConfigFile.Read(configPath, SimulationSchema.All.Select(s => s.Key).ToList());
        var values = new Dictionary<string, string>(file.Values, StringComparer.Ordinal);
        foreach (var (k, v) in cli)
        {
            values[k] = v;
        }

        string[] cliLayers = parse.GetValue(_layerDevice) ?? [];
        var sources = new SettingSources(cli.Keys.ToHashSet(StringComparer.Ordinal), cliLayers.Length > 0, file.Path);
        return sources.Translate(() =>
        {
            // The command line overrides the config file's layers (later items win), but one command line giving a layer two devices
            // is a mistake, not an override.
            var layers = cliLayers.Select(item => (Item: item, SettingParsers.LayerDevice(item, SimulationSchema.LayerDeviceKey).Layer)).ToList();
            if (layers.GroupBy(l => l.Layer, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new SettingException(SimulationSchema.LayerDeviceKey, $"layer '{twice.Key}' is given twice ({string.Join(" and ", twice.Select(t => t.Item))}); give each layer one device");
            }

            return run(SimulationSettings.Create(values, [.. file.LayerDevices, .. cliLayers]), configPath);
        });
    }
}
