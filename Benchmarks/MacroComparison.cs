using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Technology;

namespace IMCSim.Benchmarks;

/// <summary>
/// The cost model against a published silicon IMC macro (issue 9): Jia, Valavi, Tang, Zhang, Verma, "A Programmable Heterogeneous
/// Microprocessor Based on Bit-Scalable In-Memory Computing", IEEE JSSC 55(9), 2020 (doi 10.1109/JSSC.2020.2987714), its 590 kb
/// charge-domain SRAM compute unit in 65 nm: 2304 rows x 256 columns all read at once, 1-b inputs per cycle (bit-serial), 1 bit per
/// cell, one 8-b SAR ADC per column, digital shift-add; one 1-b step takes 1.35 us at 0.85 V. Its figures (1-b normalised, 2 ops per
/// 1b x 1b MAC, MAC hardware = array + drivers + ADCs): 400 TOPS/W and 0.24 TOPS/mm^2 at 0.85 V; for 8b x 8b divide by 64. The
/// parameters are as the CiMLoop project records them (mit-emze/cimloop, workspace/models/arch/1_macro/jia_jssc_2020, cell area
/// 426 F^2). Configured like the chip: one array, 8-bit weights over 8 columns, 8-bit inputs, the macro's cycle time as the clock,
/// and only the sub-array's components (the macro has no tiles, buffers or buses in its figures).
/// </summary>
internal static partial class PeerComparison
{
    private static void Macro(string root)
    {
        TechnologyNode tech = TechnologyCatalog.Get(65);
        // A charge-domain cell draws no column current (open column); its ADC's energy is the survey envelope's (the SAR fits of NeuroSim
        // are made for current-sensing columns), its area NeuroSim's SAR.
        var cell = new ArrayCell("jia-jssc2020 charge-domain SRAM (426 F^2)", 426.0 / 28, 28, double.PositiveInfinity, double.PositiveInfinity, 0, tech.SupplyVoltageV.Value, 1.35e-6, true, 0, 0);
        var spec = new ChipSpec(tech, 2304, 256, 2304, AdcDesign.SurveySar, 8, 1, 8, 1, 1 / 1.35e-6, false, false, 1, InterconnectDesign.XyBus, false);
        var layer = new LayerWorkload("macro", 2304, 32, 8, 8, 256, 3, 3, 1, 1, 0.5, 1, cell, 2.0 * 2304 * 32);
        ChipCostReport r = ChipCostModel.Evaluate(spec, [layer]);
        // The macro is one sub-array: energies of the sub-array lines (charged for the one array the weights use), area of one sub-array's box.
        var macro = r.Components.Where(c => c.Level == "subarray").ToList();
        var design = new SubArrayDesign(spec, cell, 8, 8);
        double energyJ = macro.Sum(c => c.EnergyPj) * 1e-12, areaMm2 = design.BoxAreaM2 * 1e6;
        double latencyS = spec.InputCycles * spec.RowGroups * spec.ColsPerAdc / spec.ClockHz; // one vector, no replication in a macro
        double tops = layer.OpsPerImage / latencyS * 1e-12, topsPerW = layer.OpsPerImage / energyJ * 1e-12;
        Console.WriteLine("Silicon macro: Jia et al., JSSC 2020 (65 nm charge-domain SRAM CIMU, 2304 x 256, 8-b SAR per column), 8b x 8b (their 1-b figures / 64)");
        Console.WriteLine("| metric | Jia JSSC 2020 (0.85 V) | IMCSim (65 nm LSTP, V_dd " + tech.SupplyVoltageV.Value.ToString("G3", Inv) + " V) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Format(Inv, "| TOPS/W | {0:G3} | {1:G3} | {2:F2} |", 400.0 / 64, topsPerW, topsPerW / (400.0 / 64)));
        Console.WriteLine(string.Format(Inv, "| TOPS/mm^2 | {0:G3} | {1:G3} | {2:F2} |", 0.24 / 64, tops / areaMm2, tops / areaMm2 / (0.24 / 64)));
        Console.WriteLine(string.Format(Inv, "| area of the MAC hardware (mm^2) | 3.41 (array and drivers 2.91, ADCs 0.497) | {0:F3} (array {1:F3}, ADCs {2:F3}) | {3:F2} |",
            areaMm2, design.ArrayAreaM2 * 1e6, (design.Adc.AreaM2 + design.Precharger.AreaM2) * 1e6, areaMm2 / 3.41));
        Console.WriteLine(string.Format(Inv, "| energy per column per 1-b step (pJ) | 11.49 (array and drivers 9.7, ADC 1.79) | {0:F2} (ADC {1:F2}) | {2:F2} |",
            energyJ * 1e12 / 256 / 8, macro.Where(c => c.Category == ComponentCategory.Adc).Sum(c => c.EnergyPj) / 256 / 8, energyJ * 1e12 / 256 / 8 / 11.49));
    }
}
