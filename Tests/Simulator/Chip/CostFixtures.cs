using IMCSim.Cli.Config;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Technology;
using IMCSim.Tests.Support;

namespace IMCSim.Tests.Simulator.Chip;

/// <summary>Chips, cells and workloads the cost-model tests share: NeuroSim V1.4's VGG8 set-up (shared/references/neurosim-vgg8.md) built by hand and through the settings.</summary>
internal static class CostFixtures
{
    public static readonly TechnologyNode T22 = TechnologyCatalog.Get(22);

    public static string NeuroSimConfigPath => Path.Combine(RepoPaths.Root, "configs", "neurosim-v1.4.yaml");

    /// <summary>NeuroSim's SRAM cell (Devices/Catalog/neurosim-sram.yaml): 10F x 28F, on 1 / 11.5798 uS, no off current, 0.55 V, 10 ns.</summary>
    public static readonly ArrayCell Sram = new("neurosim-sram", 10, 28, 1 / 11.5798e-6, double.PositiveInfinity, 0, 0.55, 10e-9, true, 0, 0);

    /// <summary>The chip of NeuroSim's default run: 22 nm, 128 x 128, all rows in parallel, 5-bit sense amp per 8 columns, 8-bit bit-serial inputs, synchronous, pipelined, novel mapping, speed-up 8, X-Y bus, post-layout factors.</summary>
    public static ChipSpec NeuroSimChip(int adcBits = 5, AdcDesign? adc = null, bool pipeline = true, bool novel = true, int readRows = 128) =>
        new(T22, 128, 128, readRows, adc ?? AdcDesign.SenseAmp, adcBits, 8, 8, 1, 0, pipeline, novel, 8, InterconnectDesign.XyBus, true);

    /// <summary>A 3 x 3 convolution, stride 1, same padding, on an h x h x c input, read at the (h-2)^2 valid positions (NeuroSim's count), 8-bit weights over 8 one-bit columns.</summary>
    public static LayerWorkload Conv(string name, int h, int c, int outputs, double activity = 0.25) =>
        new(name, c * 9, outputs, 8, 8, c, 3, 3, h, (h - 2) * (h - 2), activity, 1, Sram, 2.0 * h * h * c * 9 * outputs);

    public static LayerWorkload Dense(string name, int inputs, int outputs, double activity = 0.25) =>
        new(name, inputs, outputs, 8, 8, inputs, 1, 1, 1, 1, activity, 1, Sram, 2.0 * inputs * outputs);

    /// <summary>VGG8 as NeuroSim's network file lists it (IFM H, C, kernel 3, output channels; shared/references/neurosim-vgg8.md).</summary>
    public static IReadOnlyList<LayerWorkload> Vgg8(double activity = 0.25) =>
    [
        Conv("conv1", 32, 3, 128, activity), Conv("conv2", 32, 128, 128, activity), Conv("conv3", 16, 128, 256, activity), Conv("conv4", 16, 256, 256, activity),
        Conv("conv5", 8, 256, 512, activity), Conv("conv6", 8, 512, 512, activity), Dense("fc1", 8192, 1024, activity), Dense("fc2", 1024, 10, activity),
    ];

    /// <summary>configs/neurosim-v1.4.yaml on zoo:vgg8 with the sense-amp ADC, post-layout factors and valid positions (the reference run's settings), plus <paramref name="overrides"/>.</summary>
    public static SimulationSettings NeuroSimVgg8(params (string Key, string Value)[] overrides)
    {
        var file = ConfigFile.Read(NeuroSimConfigPath, SimulationSchema.All.Select(s => s.Key).ToList());
        var values = new Dictionary<string, string>(file.Values, StringComparer.Ordinal)
        {
            ["model"] = "zoo:vgg8",
            ["adc-type"] = "sense-amp",
            ["post-layout"] = "true",
            ["conv-positions"] = "valid",
        };
        foreach (var (k, v) in overrides)
        {
            values[k] = v;
        }

        return SimulationSettings.Create(values, file.LayerDevices);
    }

    public static CostResult Cost(SimulationSettings settings) => CostEstimate.Run(settings, new CpuKernels(settings.Threads));

    private static readonly Lazy<CostResult> BaseVgg8 = new(() => Cost(NeuroSimVgg8()));

    /// <summary>The reference run's settings, evaluated once per test run.</summary>
    public static CostResult NeuroSimVgg8Base => BaseVgg8.Value;

    /// <summary>|a - b| &lt;= tol x max(|a|, |b|, tiny).</summary>
    public static void Close(double expected, double actual, double tol, string what)
    {
        double scale = Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-300);
        Xunit.Assert.True(Math.Abs(expected - actual) <= tol * scale, $"{what}: expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / scale:G3})");
    }
}
