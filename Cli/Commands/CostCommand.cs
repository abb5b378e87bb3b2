using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IMCSim.Cli.Output;
using IMCSim.Mapping.Costs;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim cost`: the circuit-level cost model alone (<see cref="CostEstimate.Run"/>) on a model (zoo:NAME, an ONNX file or the
/// embedded LeNet-5) with every hardware setting of `simulate`; prints the metrics and writes summary.csv, layers.csv and
/// components.csv; --explain COMPONENT prints one component's formula, inputs and sources.
/// </summary>
internal static class CostCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("cost", "Area, energy, latency and throughput of a network's chip from the circuit-level cost model (no accuracy run).");
        var settings = new SettingsOptions(command);
        var explain = new Option<string?>("--explain") { Description = $"print one component's formula, inputs and sources: {string.Join(", ", CostExplanation.Components)}" };
        command.Options.Add(explain);
        command.SetAction(parse => settings.Parse(parse, (s, _) => Run(s, parse.GetValue(explain), output)));
        return command;
    }

    private static int Run(SimulationSettings settings, string? explain, TextWriter output)
    {
        if (explain is not null && !CostExplanation.Components.Contains(explain))
        {
            throw new Simulator.Common.InputException("--explain", $"'{explain}' is not a component; valid: {string.Join(", ", CostExplanation.Components)}");
        }

        string outDir = WorkloadOptions.PrepareOutput(settings.Get(SimulationSchema.Out));
        ChipCostInputs.Chip(settings); // a chip the model rejects fails before the network is loaded
        var clock = Stopwatch.StartNew();
        CostWorkload workload = CostWorkload.Load(settings, new CpuKernels(settings.Threads));
        double loadSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        CostResult result = workload.Evaluate(settings);
        double modelSeconds = clock.Elapsed.TotalSeconds;
        CostWriter.WriteSummary(Path.Combine(outDir, "summary.csv"), result);
        CostWriter.WriteLayers(Path.Combine(outDir, "layers.csv"), result);
        CostWriter.WriteComponents(Path.Combine(outDir, "components.csv"), result);

        var inv = CultureInfo.InvariantCulture;
        ChipCostReport r = result.Report;
        ChipSpec c = result.Chip;
        output.WriteLine($"model      {result.ModelLabel}; activity from {result.ActivitySource}");
        output.WriteLine(string.Format(inv, "chip       {0} nm {1}, {2}, {3}x{4} arrays ({5} rows per read), {6}-bit {7} ADC per {8} columns, {9}-bit inputs {10} bit/cycle, {11} tiles, {12} arrays",
            c.Technology.NodeNm, c.Technology.Roadmap == Simulator.Technology.DeviceRoadmap.HighPerformance ? "HP" : "LSTP", settings.DeviceLabel, c.ArrayRows, c.ArrayCols, c.ReadRows, c.AdcBits, c.Adc.Name, c.ColsPerAdc,
            c.InputBits, c.DacBits, r.Layers.Sum(l => l.Tiles), r.Layers.Sum(l => (long)l.Arrays)));
        output.WriteLine(string.Format(inv, "clock      {0:F4} ns ({1}), {2}{3}", r.ClockPeriodNs, c.ClockHz > 0 ? "given" : "synchronous: critical sensing path", c.Pipeline ? "layers pipelined" : "layer by layer", c.PostLayoutCalibration ? ", NeuroSim post-layout factors" : ""));
        output.WriteLine();
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Format(inv, "| area (mm^2) | {0:F4} (whitespace {1:F3}) |", r.AreaMm2, r.WhitespaceUm2 * 1e-6));
        output.WriteLine(string.Format(inv, "| energy per image (uJ) | {0:F4} (dynamic {1:F4}, leakage {2:F4}) |", r.EnergyPerImageUj, r.DynamicEnergyPj * 1e-6, r.LeakageEnergyPj * 1e-6));
        output.WriteLine(string.Format(inv, "| latency per image (us) | {0:F3} |", r.LatencyPerImageUs));
        output.WriteLine(string.Format(inv, "| TOPS | {0:F4} |", r.Tops));
        output.WriteLine(string.Format(inv, "| TOPS/W | {0:F3} |", r.TopsPerW));
        output.WriteLine(string.Format(inv, "| TOPS/mm^2 | {0:F5} |", r.TopsPerMm2));
        output.WriteLine(string.Format(inv, "| FPS | {0:F1} |", r.Fps));
        output.WriteLine(string.Format(inv, "| EDP (uJ x us) | {0:G5} |", r.EdpUjUs));
        output.WriteLine(string.Format(inv, "| leakage power (uW) | {0:F1} |", r.LeakagePowerUw));
        output.WriteLine(string.Format(inv, "| programming (one-time) | {0:G4} uJ, {1:G4} ms |", r.ProgramEnergyPj * 1e-6, r.ProgramTimeNs * 1e-6));
        output.WriteLine();
        output.WriteLine("| category | area (mm^2) | energy (uJ) |");
        output.WriteLine("|---|---|---|");
        foreach (ComponentCategory cat in Enum.GetValues<ComponentCategory>())
        {
            output.WriteLine(string.Format(inv, "| {0} | {1:F4} | {2:F4} |", cat.ToString().ToLowerInvariant(), r.AreaUm2Of(cat) * 1e-6, r.EnergyPj(cat) * 1e-6));
        }

        if (explain is not null)
        {
            output.WriteLine();
            CostExplanation.Write(explain, result, output);
        }

        output.WriteLine();
        output.WriteLine(string.Format(inv, "time       cost model {0:F1} ms; network and activity {1:F1} ms", modelSeconds * 1e3, loadSeconds * 1e3));
        output.WriteLine($"wrote      {Path.Combine(outDir, "summary.csv")}, layers.csv, components.csv");
        return ImcsimApp.ExitOk;
    }
}
