using System.Globalization;
using IMCSim.Devices.Spec;
using IMCSim.Mapping.Run;
using IMCSim.Simulator.Chip;

namespace IMCSim.Cli.Output;

/// <summary>
/// `imcsim cost --explain COMPONENT`: one component of the first layer's sub-array (or the clock, or the technology) with its
/// formula family, every input value with its source (technology data, device card, setting) and the values it produced.
/// </summary>
internal static class CostExplanation
{
    public static IReadOnlyList<string> Components { get; } = ["adc", "array", "clock", "technology"];

    public static void Write(string component, CostResult result, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        ChipSpec chip = result.Chip;
        LayerWorkload first = result.Workloads[0];
        DeviceSpec device = result.Settings.Devices.For(first.Name);
        var sub = new SubArrayDesign(chip, first.Cell, first.ColumnsPerOutput, first.WeightBits);
        var tech = chip.Technology;
        void Line(string name, double value, string unit, string source) => output.WriteLine(string.Format(inv, "  {0,-34} {1,14:G6} {2,-6} {3}", name, value, unit, source));
        void Tech(string field)
        {
            var p = tech.Parameters().First(x => x.Field == field);
            Line(field, p.Value, "", p.Source);
        }

        switch (component)
        {
            case "adc":
                double driven = first.RowActivity * Math.Min(chip.ReadRows, first.Rows);
                var column = sub.Column(driven);
                output.WriteLine($"adc: {chip.Adc.Description}, {chip.AdcBits} bits, one per {chip.ColsPerAdc} columns (layer {first.Name}, device {device.Name}); formulas in docs/COST.md, ADCs");
                Line("node", tech.NodeNm, "nm", "setting node");
                Tech("supply_voltage_v");
                Line("bits", chip.AdcBits, "", "setting adc-bits");
                Line("ADCs per array", sub.Adcs, "", "array columns / setting cols-per-adc");
                Line("rows driven per conversion", driven, "", "row activity x rows read together (activity measured on the activity input)");
                Line("cell on-resistance", first.Cell.OnResistanceOhm, "ohm", device.GMaxUs.Source);
                Line("column resistance", column.ColumnResistanceOhm, "ohm", "1 / (rows driven x mean cell conductance)");
                Line("read voltage", column.ReadVoltageV, "V", device.ReadVoltageV.Source);
                Line("column capacitance", column.ColumnCapacitanceF, "F", "wire 0.2 fF/um x column length + one access drain per row");
                Line("area of the ADCs of one array", sub.Adc.AreaM2 * 1e12, "um^2", "result");
                Line("energy per conversion", sub.ConversionEnergyJ(driven) * 1e12, "pJ", "result (at this column resistance)");
                Line("conversion time", sub.Adc.LatencyPerConversionS * 1e9, "ns", "result");
                Line("leakage", sub.Adc.LeakageW * 1e6, "uW", "result");
                break;
            case "array":
                output.WriteLine($"array: {chip.ArrayRows} x {chip.ArrayCols} cells of {device.Name}; area = rows x cell height x columns x cell width x F^2; word-line energy C_row V_dd^2 per driven row and mux phase");
                Line("cell height", first.Cell.HeightF, "F", device.CellHeightF.Source);
                Line("cell width", first.Cell.WidthF, "F", device.CellWidthF.Source);
                Line("F", tech.FeatureSizeM * 1e9, "nm", "setting node");
                Line("array width", sub.WidthM * 1e6, "um", "columns x cell width x F");
                Line("array height", sub.HeightM * 1e6, "um", "rows x cell height x F");
                Tech("wire_capacitance_per_length_f_per_m");
                Line("word-line energy per driven row", sub.WordLineEnergyPerRowJ * 1e15, "fJ", "(wire + one access gate per column) x V_dd^2");
                Line("array area", sub.ArrayAreaM2 * 1e12, "um^2", "result");
                Line("sub-array bounding box", sub.BoxAreaM2 * 1e12, "um^2", "array + periphery below and beside it");
                break;
            case "clock":
                output.WriteLine("clock: synchronous period = (max(word-line switch, column mux + mux decoder) + precharge + one conversion) x beta (1.4 with post-layout factors), NeuroSim SubArray::CalculateLatency");
                Line("word-line switch", sub.WordLineSwitch.LatencyS * 1e9, "ns", "SwitchMatrix latency into the row wire");
                Line("column mux + decoder", (sub.ColumnMux.LatencyS + sub.MuxDecoder.LatencyS) * 1e9, "ns", "Mux and its decoder");
                Line("bit-line precharge (SRAM)", sub.Precharger.LatencyS * 1e9, "ns", "Precharger into the column capacitance");
                Line("conversion", sub.Adc.LatencyPerConversionS * 1e9, "ns", chip.Adc.Description);
                Line("beta", chip.PostLayoutCalibration ? PostLayoutFactors.NeuroSim.Clock : 1, "", "setting post-layout");
                Line("period", result.Report.ClockPeriodNs, "ns", chip.ClockHz > 0 ? "setting clock-mhz" : "result (critical path of all sub-array designs)");
                break;
            default:
                output.WriteLine($"technology: {tech}");
                foreach (var (field, value, source) in tech.Parameters())
                {
                    Line(field, value, "", source);
                }

                break;
        }
    }
}
