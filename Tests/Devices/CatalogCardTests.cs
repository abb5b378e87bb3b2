using IMCSim.Devices;
using Xunit;

namespace IMCSim.Tests.Devices;

/// <summary>Every catalog card carries the new fields with sources and prints as a valid `imcsim devices show` table.</summary>
public sealed class CatalogCardTests
{
    [Theory]
    [InlineData("sram")]
    [InlineData("pcm")]
    [InlineData("fefet")]
    [InlineData("rram")]
    [InlineData("neurosim-sram")]
    [InlineData("neurosim-rram")]
    public void CatalogCard_ListsGeometryAndReadTime_WithSources_AndNoTableBreakingCharacters(string name)
    {
        var rows = DeviceCatalog.Find(name)!.Parameters().ToList();
        foreach (string field in new[] { "read.pulse_ns", "cell.height_f", "cell.width_f", "cell_area_f2", "read_noise.model" })
        {
            Assert.Contains(rows, r => r.Field == field);
        }

        Assert.All(rows.Where(r => r.Field.StartsWith("cell.", StringComparison.Ordinal) || r.Field == "read.pulse_ns"), r => Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Field));
        Assert.All(rows, r => Assert.DoesNotContain("|", r.Field + r.Value + r.Source, StringComparison.Ordinal));
    }
}
