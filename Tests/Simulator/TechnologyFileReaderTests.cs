using IMCSim.Simulator.Common;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>The technology file format: every number needs its source, tables one value per temperature, no unknown fields.</summary>
public sealed class TechnologyFileReaderTests
{
    private const string Valid = """
        temperatures_k: { values: [300, 400], source: "t" }
        wire_capacitance_per_length_f_per_m: { value: 0.2e-9, source: "t" }
        planar_overlap_fraction: { value: 0.2, source: "t" }
        polywire_capacitance_per_length_f_per_m: { value: 0, source: "t" }
        junction:
          bottom_zero_bias_f_per_m2: { value: 1e-3, source: "t" }
          sidewall_zero_bias_f_per_m: { value: 2.5e-10, source: "t" }
          gate_edge_sidewall_zero_bias_f_per_m: { value: 0.5e-10, source: "t" }
          bottom_grading: { value: 0.5, source: "t" }
          sidewall_grading: { value: 0.33, source: "t" }
          gate_edge_sidewall_grading: { value: 0.33, source: "t" }
          built_in_potential_v: { value: 0.9, source: "t" }
        nodes:
          - node_nm: 40
            transistor: planar
            lstp:
              model: "test card"
              supply_voltage_v: { value: 1.0, source: "t" }
              threshold_voltage_v: { value: 0.4, source: "t" }
              physical_gate_length_m: { value: 3e-8, source: "t" }
              ideal_gate_capacitance_f_per_m: { value: 8e-10, source: "t" }
              fringe_capacitance_f_per_m: { value: 8e-10, source: "t" }
              effective_resistance_multiplier: { value: 1.77, source: "t" }
              gm_current_nmos_a_per_m: { value: 100, source: "t" }
              gm_current_pmos_a_per_m: { value: 90, source: "t" }
              on_current_nmos_a_per_m: { values: [500, 400], source: "t" }
              on_current_pmos_a_per_m: { values: [300, 200], source: "t" }
              off_current_nmos_a_per_m: { values: [1e-4, 1e-3], source: "t" }
              off_current_pmos_a_per_m: { values: [1e-4, 1e-3], source: "t" }
        """;

    [Fact]
    public void ValidFile_Parses()
    {
        var data = TechnologyFileReader.Parse(Valid, "test.yaml");
        var node = Assert.Single(data.Nodes);
        Assert.Equal(40, node.NodeNm);
        Assert.Null(node.HighPerformance);
        Assert.Equal(450, node.LowStandbyPower!.OnCurrentNmosAPerM.At(350));
    }

    [Theory]
    [InlineData("supply_voltage_v: { value: 1.0, source: \"t\" }", "supply_voltage_v: { value: 1.0 }", "nodes[0].lstp.supply_voltage_v.source")]
    [InlineData("supply_voltage_v: { value: 1.0, source: \"t\" }", "supply_voltage_v: 1.0", "nodes[0].lstp.supply_voltage_v")]
    [InlineData("values: [500, 400]", "values: [500, 400, 300]", "nodes[0].lstp.on_current_nmos_a_per_m")]
    [InlineData("values: [1e-4, 1e-3], source: \"t\" }\n      off_current_pmos", "values: [1e-4, x], source: \"t\" }\n      off_current_pmos", "nodes[0].lstp.off_current_nmos_a_per_m.values[1]")]
    [InlineData("  bottom_grading:", "  bottom_gradient: { value: 1, source: \"t\" }\n  bottom_grading:", "junction.bottom_gradient")]
    [InlineData("transistor: planar", "transistor: bulk", "nodes[0].transistor")]
    [InlineData("temperatures_k: { values: [300, 400]", "temperatures_k: { values: [400, 300]", "temperatures_k")]
    public void BadFile_IsAnInputException_NamingTheFileAndField(string from, string to, string field)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);
        var e = Assert.Throws<InputException>(() => TechnologyFileReader.Parse(yaml, "test.yaml"));
        Assert.Equal("test.yaml", e.Source);
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
    }
}
