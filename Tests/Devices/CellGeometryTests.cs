using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Devices.Spec;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>Cell height and width in F (NeuroSim's cell dimensions), the derived area, and the 1T1R access transistor.</summary>
public sealed class CellGeometryTests
{
    [Theory]
    [InlineData("pcm", 4, 12, 48)]
    [InlineData("rram", 4, 12, 48)]
    [InlineData("fefet", 4, 12, 48)]
    [InlineData("sram", 10, 28, 280)]
    [InlineData("ideal", 4, 12, 48)]
    public void CatalogCells_HaveNeuroSimsHeightAndWidth_AndTheirProductAsArea(string name, double height, double width, double area)
    {
        var d = DeviceCatalog.Find(name)!;
        Assert.Equal(height, d.CellHeightF.Value);
        Assert.Equal(width, d.CellWidthF.Value);
        Assert.Equal(area, d.CellAreaF2.Value, 12);
        Assert.Contains("NeuroSim", d.CellHeightF.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void FefetCell_HasNeuroSims1T1RFootprint_AndNoSeriesAccessResistance_AndEveryNvmCardNamesItsWriteVoltage()
    {
        var d = DeviceCatalog.Find("fefet")!;
        Assert.Contains("SubArray.cpp", d.CellHeightF.Source, StringComparison.Ordinal);
        Assert.Null(d.AccessResistanceOhm);
        foreach (string name in new[] { "pcm", "rram", "fefet" })
        {
            Assert.True(DeviceCatalog.Find(name)!.WriteVoltageV?.Value > 1.5, $"{name} needs a write voltage above 1.5 V (level shifters)");
        }
    }

    [Fact]
    public void OneT1RCards_GiveNeuroSimsAccessResistance_AQuarterOfROn()
    {
        foreach (string name in new[] { "pcm", "rram" })
        {
            var d = DeviceCatalog.Find(name)!;
            double rOn = 1e6 / d.GMaxUs.Value;
            Assert.Equal(0.25 * rOn, d.AccessResistanceOhm!.Value.Value, 0.01);
            Assert.Contains("IR_DROP_TOLERANCE", d.AccessResistanceOhm!.Value.Source, StringComparison.Ordinal);
        }

        Assert.Null(DeviceCatalog.Find("sram")!.AccessResistanceOhm);
    }

    [Theory]
    [InlineData(25.0, 20.0)]
    [InlineData(10.0, 1.0 / (0.1 + 0.01))]
    [InlineData(0.0, 0.0)]
    public void SeenThroughAccess_IsTheSeriesConductance(double cellUs, double expectedUs)
    {
        // PCM: R_access = 10 kOhm = 0.01 MOhm, so G' = 1 / (1/G + 0.01) with G in uS.
        var model = new DeviceModel(DeviceCatalog.Find("pcm")!, NoiseSelection.None);
        Assert.Equal(expectedUs, model.SeenThroughAccessUs(cellUs), 1e-12);
        float[] seen = new float[1];
        model.SeenThroughAccess([(float)cellUs], seen);
        Assert.Equal(expectedUs, seen[0], 1e-5);
    }

    [Fact]
    public void SeenThroughAccess_WithoutAnAccessTransistor_IsTheCellConductance()
    {
        var model = new DeviceModel(DeviceCatalog.Find("fefet")!, NoiseSelection.None);
        Assert.Equal(0.7, model.SeenThroughAccessUs(0.7));
    }

    [Fact]
    public void DeviceFile_CellHeightAndWidth_GiveTheAreaAndAnOptionalAccessResistance()
    {
        string cell = """
            cell:
              height_f: { value: 2, source: "test: crosspoint" }
              width_f: { value: 3, source: "test" }
              access_resistance_ohm: { value: 500, source: "test" }
            """;
        var d = DeviceYaml.Parse(DeviceYaml.With(DeviceYaml.Cell, cell));
        Assert.Equal(6, d.CellAreaF2.Value);
        Assert.Equal(500, d.AccessResistanceOhm!.Value.Value);
        var rows = d.Parameters().ToDictionary(p => p.Field);
        Assert.Equal("2", rows["cell.height_f"].Value);
        Assert.Equal("3", rows["cell.width_f"].Value);
        Assert.Equal("6", rows["cell_area_f2"].Value);
        Assert.Equal("500", rows["cell.access_resistance_ohm"].Value);
        Assert.Null(DeviceYaml.Parse(DeviceYaml.Valid).AccessResistanceOhm);
    }

    [Fact]
    public void DeviceFile_WithOnlyTheOldCellArea_IsASquareCell()
    {
        var d = DeviceYaml.Parse(DeviceYaml.With(DeviceYaml.Cell, "cell_area_f2: { value: 49, source: \"test\" }"));
        Assert.Equal(7, d.CellHeightF.Value, 12);
        Assert.Equal(7, d.CellWidthF.Value, 12);
        Assert.Equal(49, d.CellAreaF2.Value, 12);
        Assert.Contains("square", d.CellHeightF.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceFile_WithAnAreaThatMatchesHeightTimesWidth_IsAccepted()
    {
        var d = DeviceYaml.Parse(DeviceYaml.With(DeviceYaml.Cell, DeviceYaml.Cell + "\ncell_area_f2: { value: 48, source: \"test\" }"));
        Assert.Equal(48, d.CellAreaF2.Value);
    }

    [Theory]
    [InlineData("cell:\n  height_f: { value: 4, source: \"t\" }\n  width_f: { value: 12, source: \"t\" }\ncell_area_f2: { value: 50, source: \"t\" }", "cell_area_f2", "height_f x cell.width_f = 48")]
    [InlineData("cell:\n  height_f: { value: 4, source: \"t\" }", "cell.width_f", "missing")]
    [InlineData("cell:\n  height_f: { value: 0, source: \"t\" }\n  width_f: { value: 12, source: \"t\" }", "cell.height_f", "> 0")]
    [InlineData("cell:\n  height_f: { value: 4, source: \"t\" }\n  width_f: { value: 12 }", "cell.width_f.source", "missing")]
    [InlineData("cell:\n  height_f: { value: 4, source: \"t\" }\n  width_f: { value: 12, source: \"t\" }\n  access_resistance_ohm: { value: -5, source: \"t\" }", "cell.access_resistance_ohm", ">= 0")]
    [InlineData("cell:\n  height_f: { value: 4, source: \"t\" }\n  width_f: { value: 12, source: \"t\" }\n  depth_f: { value: 1, source: \"t\" }", "cell.depth_f", "not a known field")]
    [InlineData("", "cell.height_f", "missing")]
    public void DeviceFile_WithABadCell_IsRejectedNamingTheField(string cell, string field, string problem)
    {
        DeviceYaml.AssertRejected(DeviceYaml.With(DeviceYaml.Cell, cell), field, problem);
    }
}
