using IMCSim.Devices;
using IMCSim.Devices.Spec;
using IMCSim.Simulator.Common;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>A small valid device file for parser tests, and helpers to edit and parse it.</summary>
internal static class DeviceYaml
{
    public const string Valid = """
        name: testdev
        technology: RRAM
        conductance:
          g_min_us: { value: 1.0, source: "test" }
          g_max_us: { value: 10.0, source: "test" }
        max_bits_per_cell: { value: 2, source: "test" }
        read:
          voltage_v: { value: 0.1, source: "test" }
          pulse_ns: { value: 10, source: "test" }
        programming_noise:
          model: polynomial
          argument: g_us
          c0_us: { value: 0.1, source: "test" }
          c1_us: { value: 0.0, source: "test" }
          c2_us: { value: 0.0, source: "test" }
          c3_us: { value: 0.0, source: "test" }
        read_noise:
          model: relative
          relative_sigma: { value: 0.01, source: "test" }
        drift:
          model: none
        variation:
          relative_sigma: { value: 0.0, source: "test" }
        faults:
          stuck_at_g_min_rate: { value: 0.0, source: "test" }
          stuck_at_g_max_rate: { value: 0.0, source: "test" }
        cell:
          height_f: { value: 4, source: "test" }
          width_f: { value: 12, source: "test" }
        program_energy_pj: { value: 1, source: "test" }
        program_latency_ns: { value: 100, source: "test" }
        """;

    public const string RelativeReadNoise = """
        read_noise:
          model: relative
          relative_sigma: { value: 0.01, source: "test" }
        """;

    public const string Cell = """
        cell:
          height_f: { value: 4, source: "test" }
          width_f: { value: 12, source: "test" }
        """;

    public static DeviceSpec Parse(string yaml) => DeviceFileReader.Parse(yaml, "test.yaml");

    /// <summary>The valid file with one block (a whole section as in <see cref="Valid"/>) replaced.</summary>
    public static string With(string block, string replacement)
    {
        Assert.Contains(block, Valid, StringComparison.Ordinal);
        return Valid.Replace(block, replacement, StringComparison.Ordinal);
    }

    /// <summary>Parsing must fail with one message naming the file and containing every fragment.</summary>
    public static void AssertRejected(string yaml, params string[] fragments)
    {
        var e = Assert.Throws<InputException>(() => Parse(yaml));
        Assert.Contains("test.yaml", e.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }
    }
}
