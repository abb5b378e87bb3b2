using IMCSim.Devices.Spec;
using IMCSim.Simulator.Common;

namespace IMCSim.Devices;

/// <summary>
/// The built-in devices (sram, pcm, fefet, rram, and NeuroSim V1.4's default cells neurosim-sram and neurosim-rram,
/// from Devices/Catalog/*.yaml, plus the ideal device)
/// and resolution of a --device value: a catalog name or a path to a device file.
/// </summary>
public static class DeviceCatalog
{
    private static readonly Lazy<IReadOnlyList<DeviceSpec>> BuiltIn = new(LoadBuiltIn);

    public static IReadOnlyList<DeviceSpec> All => BuiltIn.Value;

    public static IEnumerable<string> Names => All.Select(d => d.Name);

    public static DeviceSpec? Find(string name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A catalog name, or a .yaml/.yml file; <paramref name="option"/> names the option for errors.</summary>
    public static DeviceSpec Resolve(string nameOrFile, string option)
    {
        if (Find(nameOrFile) is { } spec)
        {
            return spec;
        }

        if (nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrFile))
        {
            return DeviceFileReader.ReadFile(nameOrFile);
        }

        throw new InputException(option, $"unknown device '{nameOrFile}'; valid: {string.Join(", ", Names)}, or a device file (.yaml)");
    }

    private static List<DeviceSpec> LoadBuiltIn()
    {
        var list = new List<DeviceSpec>();
        var asm = typeof(DeviceCatalog).Assembly;
        foreach (string resource in asm.GetManifestResourceNames().Where(n => n.StartsWith("IMCSim.Devices.Catalog.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(asm.GetManifestResourceStream(resource)!);
            string file = "Devices/Catalog/" + resource["IMCSim.Devices.Catalog.".Length..];
            list.Add(DeviceFileReader.Parse(reader.ReadToEnd(), file));
        }

        list.Add(DeviceSpec.Ideal);
        return list;
    }
}
