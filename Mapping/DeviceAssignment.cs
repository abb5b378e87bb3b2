using IMCSim.Devices.Spec;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping;

/// <summary>The device of every crossbar layer: a default and per-layer overrides (--layer-device conv1=sram).</summary>
public sealed record DeviceAssignment(DeviceSpec Default, IReadOnlyDictionary<string, DeviceSpec> PerLayer)
{
    public static DeviceAssignment Uniform(DeviceSpec device) => new(device, new Dictionary<string, DeviceSpec>());

    public DeviceSpec For(string layer) => PerLayer.TryGetValue(layer, out DeviceSpec? d) ? d : Default;

    /// <summary>Every overridden layer must exist; the error lists the valid names.</summary>
    public void CheckLayers(IEnumerable<string> layers)
    {
        var known = layers.ToHashSet(StringComparer.Ordinal);
        foreach (string name in PerLayer.Keys)
        {
            if (!known.Contains(name))
            {
                throw new InputException("--layer-device", $"unknown layer '{name}'; crossbar layers of this model: {string.Join(", ", known)}");
            }
        }
    }
}
