using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using IMCSim.Devices;
using IMCSim.Simulator.Common;
using S = IMCSim.Mapping.Settings.SimulationSchema;

namespace IMCSim.Mapping.Settings;

/// <summary>
/// The resolved settings of one simulation: every schema key's value (given as text, else its
/// default), with the specs built from them (<see cref="Mapping"/>, <see cref="Devices"/>). Immutable;
/// a bad value is a <see cref="SettingException"/> naming its key. <see cref="With"/> gives the same
/// settings with some keys changed (what a sweep does).
/// </summary>
public sealed class SimulationSettings
{
    private readonly Dictionary<string, object?> _resolved;
    private readonly Dictionary<string, string> _given;
    private readonly IReadOnlyList<string> _layerDeviceItems;

    private SimulationSettings(Dictionary<string, string> given, IReadOnlyList<string> layerDeviceItems)
    {
        _given = given;
        _layerDeviceItems = layerDeviceItems;
        foreach (string key in given.Keys)
        {
            if (S.Find(key) is null)
            {
                throw new SettingException(key, $"is not a setting; valid: {string.Join(", ", S.All.Select(s => s.Key).Order(StringComparer.Ordinal))}, {S.LayerDeviceKey}");
            }
        }

        _resolved = S.All.ToDictionary(s => s.Key, s => given.TryGetValue(s.Key, out string? text) ? s.ParseText(text) : s.DefaultValue, StringComparer.Ordinal);
        Ideal = Get(S.Ideal);

        DeviceSpec device = ResolveDevice(Get(S.Device), S.Device.Key);
        var perLayer = new Dictionary<string, DeviceSpec>(StringComparer.Ordinal);
        var layerDevices = new List<(string Layer, string Device)>();
        foreach (string item in _layerDeviceItems)
        {
            var (layer, name) = SettingParsers.LayerDevice(item, S.LayerDeviceKey);
            perLayer[layer] = ResolveDevice(name, S.LayerDeviceKey);
            layerDevices.RemoveAll(x => x.Layer == layer);
            layerDevices.Add((layer, perLayer[layer].Name));
        }

        // Bits per cell left automatic: each layer the default, or fewer when its device stores fewer (SRAM: 1); the resolved value
        // is the fewest over the chip's devices.
        int? autoBitsCap = Get(S.BitsPerCell) is null ? SettingDefaults.BitsPerCell : null;
        _resolved[S.BitsPerCell.Key] = Get(S.BitsPerCell) ?? Math.Min(SettingDefaults.BitsPerCell, perLayer.Values.Append(device).Min(d => d.MaxBits));
        if (Ideal)
        {
            // Ideal: exact weights, analog inputs, unlimited ADC, no noise or parasitics, ideal devices everywhere.
            _resolved[S.WeightBits.Key] = 0;
            _resolved[S.InputBits.Key] = 0;
            _resolved[S.AdcBits.Key] = 0;
            _resolved[S.DacBits.Key] = 1;
            _resolved[S.Noise.Key] = NoiseSelection.None;
            _resolved[S.Device.Key] = "ideal";
            _resolved[S.Parasitics.Key] = ParasiticsMode.None;
            device = DeviceSpec.Ideal;
            perLayer.Clear();
            layerDevices.Clear();
        }

        Check(Get(S.Batch) >= 1, S.Batch.Key, $"must be >= 1, got {Get(S.Batch)}");
        Check(Get(S.Threads) >= 0, S.Threads.Key, $"must be >= 0 (0 = all cores), got {Get(S.Threads)}");
        Check(Get(S.Samples) >= 0, S.Samples.Key, $"must be >= 0 (0 = all), got {Get(S.Samples)}");
        Check(Get(S.Timesteps) is >= 1 and <= MaxTimesteps, S.Timesteps.Key, $"must be >= 1 and <= {MaxTimesteps}, got {Get(S.Timesteps)}");
        Check(Get(S.ActivityImages) >= 1, S.ActivityImages.Key, $"must be >= 1, got {Get(S.ActivityImages)}");
        Check(Get(S.ThresholdPercentile) is > 0 and <= 100, S.ThresholdPercentile.Key, $"must be in (0, 100], got {Get(S.ThresholdPercentile)}");
        Check(Get(S.ExitThreshold) is >= 0 and <= 1, S.ExitThreshold.Key, $"must be in [0, 1], got {Get(S.ExitThreshold)}");
        Check(Get(S.Leak) is > 0 and <= 1, S.Leak.Key, $"must be in (0, 1], got {Get(S.Leak)}");
        Check(Get(S.MembraneBits) is 0 or (>= 2 and <= 32), S.MembraneBits.Key, $"must be 0 (float membranes) or 2..32 bits, got {Get(S.MembraneBits)}");
        Check(Get(S.SpikeRate) is > 0 and <= 1, S.SpikeRate.Key, $"must be in (0, 1] (spikes per input or neuron per timestep), got {Get(S.SpikeRate)}");
        Check(Get(S.LifShareGroups) >= 2, S.LifShareGroups.Key, $"must be >= 2 channel groups, got {Get(S.LifShareGroups)}");
        if (Get(S.SnnParams) is not null)
        {
            // A trained SNN: its sidecar sets each layer's neurons, so a whole-network neuron setting would be ambiguous.
            _resolved[S.Snn.Key] = true;
            foreach (Setting conflicting in new Setting[] { S.Neuron, S.Leak, S.Reset, S.ThresholdPercentile, S.ThresholdCalibration })
            {
                Check(!given.ContainsKey(conflicting.Key), conflicting.Key, $"is set per layer by the trained SNN's sidecar ({S.SnnParams.Key} {Get(S.SnnParams)}); give one or the other");
            }
        }

        DeviceName = device.Name;
        Devices = new DeviceAssignment(device, perLayer);
        LayerDevices = layerDevices;
        var (rows, cols) = Get(S.Array);
        Mapping = new MappingSpec(
            rows, cols, Get(S.WeightBits), Get(S.BitsPerCell)!.Value, Get(S.InputBits), Get(S.DacBits), Get(S.AdcBits), Get(S.ColsPerAdc), Get(S.Encoding),
            Get(S.Noise), Get(S.DriftTime), Get(S.Gdc), Get(S.Seed), Get(S.CalibrationImages),
            new ParasiticsSpec(Get(S.Parasitics), Get(S.Node), Get(S.RwRow), Get(S.RwCol), Get(S.Rs), Get(S.Rsink)),
            Get(S.AdcRange), Get(S.AdcPercentile), Get(S.Calibration), Get(S.ParallelRows), autoBitsCap);
    }

    /// <summary>The most timesteps a spiking network may see an image for (published SNNs use 1..~1000; each costs a whole pass).</summary>
    public const int MaxTimesteps = 4096;

    /// <summary>Every setting at its default.</summary>
    public static SimulationSettings Defaults { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), []);

    /// <summary>Settings from key -> text values (unknown keys are errors) and LAYER=DEVICE items.</summary>
    public static SimulationSettings Create(IReadOnlyDictionary<string, string> values, IReadOnlyList<string>? layerDevices = null) =>
        new(new Dictionary<string, string>(values, StringComparer.Ordinal), layerDevices ?? []);

    /// <summary>These settings with some keys set to new text values.</summary>
    public SimulationSettings With(IReadOnlyDictionary<string, string> changes) => With(changes, _layerDeviceItems);

    /// <summary>A spiking network's exit rule (<see cref="SimulationSchema.Exit"/> with its threshold).</summary>
    public IMCSim.Workloads.Spiking.SpikingExit SpikingExit => Get(S.Exit) switch
    {
        "entropy" => IMCSim.Workloads.Spiking.SpikingExit.Entropy(Get(S.ExitThreshold)),
        "confidence" => IMCSim.Workloads.Spiking.SpikingExit.Confidence(Get(S.ExitThreshold)),
        _ => IMCSim.Workloads.Spiking.SpikingExit.None,
    };

    /// <summary>These settings with some keys set to new text values and the per-layer devices replaced, resolved once.</summary>
    public SimulationSettings With(IReadOnlyDictionary<string, string> changes, IReadOnlyList<string> layerDevices)
    {
        var given = new Dictionary<string, string>(_given, StringComparer.Ordinal);
        foreach (var (k, v) in changes)
        {
            given[k] = v;
        }

        return new SimulationSettings(given, layerDevices);
    }

    public T Get<T>(Setting<T> setting) => (T)_resolved[setting.Key]!;

    public bool Ideal { get; }

    public string DeviceName { get; }

    public DeviceAssignment Devices { get; }

    public IReadOnlyList<(string Layer, string Device)> LayerDevices { get; }

    public MappingSpec Mapping { get; }

    public string? ModelPath => Get(S.Model);

    public string? DatasetPath => Get(S.Dataset);

    /// <summary>Images to run (0 = all).</summary>
    public int Samples => Get(S.Samples);

    public int Batch => Get(S.Batch);

    /// <summary>Compute threads (0 = all cores).</summary>
    public int Threads => Get(S.Threads);

    /// <summary>The device label of reports: the default device, plus "+layer=device,..." overrides.</summary>
    public string DeviceLabel => DeviceName + (LayerDevices.Count > 0 ? "+" + LayerDeviceText : "");

    public string LayerDeviceText => string.Join(",", LayerDevices.Select(l => $"{l.Layer}={l.Device}"));

    /// <summary>The settings given explicitly (key: text as given), without the per-layer devices (<see cref="LayerDevices"/>).</summary>
    public IReadOnlyDictionary<string, string> Given => _given;

    /// <summary>Every setting's resolved value as text (the manifest), including the per-layer devices.</summary>
    public SortedDictionary<string, string> ToDictionary()
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Setting s in S.All)
        {
            d[s.Key] = s.Format(_resolved[s.Key]);
        }

        d[S.Device.Key] = DeviceName;
        d[S.LayerDeviceKey] = LayerDeviceText;
        return d;
    }

    private static DeviceSpec ResolveDevice(string nameOrFile, string key)
    {
        if (DeviceCatalog.Find(nameOrFile) is { } spec)
        {
            return spec;
        }

        if (nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrFile))
        {
            return DeviceFileReader.ReadFile(nameOrFile);
        }

        throw new SettingException(key, $"unknown device '{nameOrFile}'; valid: {string.Join(", ", DeviceCatalog.Names)}, or a device file (.yaml)");
    }

    /// <summary>How a spiking network's neuron layers share membranes (<see cref="SimulationSchema.LifShare"/>).</summary>
    public IMCSim.Workloads.Spiking.NeuronSharing NeuronSharing => new(Get(S.LifShare), Get(S.LifShareGroups));

    /// <summary>Whether a spiking network's image-fed layers read the image once per presentation (<see cref="SimulationSchema.InputLayerReads"/>).</summary>
    public bool HoldInputLayer => Get(S.InputLayerReads) == "once";

    /// <summary>Whether <paramref name="setting"/> was given explicitly (not left at its default).</summary>
    public bool IsGiven(Setting setting) => _given.ContainsKey(setting.Key);

    /// <summary>The membrane leak of a spiking network's neurons: 1 for IF, the leak setting for LIF.</summary>
    public float NeuronLeak => Get(S.Neuron) == "lif" ? (float)Get(S.Leak) : 1f;

    private static void Check(bool ok, string key, string message)
    {
        if (!ok)
        {
            throw new SettingException(key, message);
        }
    }
}
