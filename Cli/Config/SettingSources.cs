using IMCSim.Mapping;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Config;

/// <summary>Where each setting came from, so a <see cref="SettingException"/> names the option (--key) or the config file and field that gave the bad value.</summary>
internal sealed record SettingSources(IReadOnlySet<string> CommandLineKeys, bool LayerDevicesOnCommandLine, string ConfigPath)
{
    public string Label(string key) =>
        CommandLineKeys.Contains(key) || ConfigPath.Length == 0 || (key == "layer-device" && LayerDevicesOnCommandLine) ? "--" + key : $"{ConfigPath}: field '{key}'";

    /// <summary>Runs <paramref name="action"/>, turning setting errors into user-facing errors with the right label.</summary>
    public T Translate<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SettingException e)
        {
            throw new InputException(Label(e.Key), e.Problem);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<SettingException>().FirstOrDefault() is { } s)
        {
            throw new InputException(Label(s.Key), s.Problem);
        }
    }
}
