using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IMCSim.Cli.Output;
using IMCSim.Mapping;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim simulate`: parses the options (made from the settings schema) and the config file into
/// settings, calls the run API (<see cref="Simulation.Run"/>), shows progress and writes summary.csv,
/// predictions.csv, layers.csv, manifest.json (and the placement when asked).
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("simulate", "Run a network on crossbars of SRAM, PCM, FeFET or RRAM devices: accuracy, area, energy, latency.");
        var settings = new SettingsOptions(command);
        command.SetAction(parse => settings.Parse(parse, (s, configPath) => Run(s, configPath, output, error, parse.Tokens.Select(t => t.Value).ToList())));
        return command;
    }

    private static int Run(SimulationSettings settings, string? configPath, TextWriter output, TextWriter error, IReadOnlyList<string> args)
    {
        string outDir = WorkloadOptions.PrepareOutput(settings.Get(SimulationSchema.Out));
        string? placementOut = settings.Get(SimulationSchema.PlacementOut);
        if (placementOut is not null)
        {
            // Fail before the run, not after it, when the placement file cannot be written.
            SimulationWriter.WritePlacement(placementOut, null);
        }

        var request = SimulationRequest.Load(settings);
        var progress = new ProgressReporter(error, "simulate", request.Samples, terminal: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
        SimulationResult result = Simulation.Run(request, progress);

        SimulationSummary summary = result.Summary;
        ResultCsv.WritePredictions(Path.Combine(outDir, "predictions.csv"), result.Hardware);
        SimulationWriter.WriteSummary(Path.Combine(outDir, "summary.csv"), result);
        SimulationWriter.WriteLayers(Path.Combine(outDir, "layers.csv"), result);
        if (result.Summary.Spiking is { } spiking)
        {
            SimulationWriter.WriteTimesteps(Path.Combine(outDir, "timesteps.csv"), spiking);
        }

        SimulationWriter.WriteManifest(Path.Combine(outDir, "manifest.json"), result, configPath, args);
        if (placementOut is not null)
        {
            SimulationWriter.WritePlacement(placementOut, result.Placement);
        }

        var inv = CultureInfo.InvariantCulture;
        var m = settings.Mapping;
        output.WriteLine($"model      {request.ModelLabel}; dataset {request.Dataset.Source}, {request.Samples} images");
        output.WriteLine($"hardware   {settings.DeviceName}{(settings.LayerDevices.Count > 0 ? " (" + string.Join(", ", settings.LayerDevices.Select(l => $"{l.Layer}={l.Device}")) + ")" : "")}, {m.ArrayRows}x{m.ArrayCols} arrays, "
            + $"{(m.WeightBits == 0 ? "exact" : m.WeightBits + "-bit")} weights in {CellBits(result.Placement)} cells ({m.Scheme.Name}), "
            + $"{(m.InputBits == 0 ? "analog" : m.InputBits + "-bit")} inputs {m.DacBits} bit/cycle, {(m.AdcBits == 0 ? "unlimited" : m.AdcBits + "-bit")} ADC per {m.ColsPerAdc} columns");
        output.WriteLine(string.Format(inv, "conditions noise {0}, {1:G4} s after programming{2}, seed {3}, calibration on {4} arrays, ADC range {5}, parasitics {6}", SettingParsers.NoiseName(m.Noise), m.DriftTimeS, m.GlobalDriftCompensation ? ", GDC" : "", m.Seed,
            m.Calibration.ToString().ToLowerInvariant(), SimulationSchema.AdcRange.Format(m.AdcRange),
            m.Parasitics.Mode switch
            {
                ParasiticsMode.Exact => string.Format(inv, "exact ({0} nm wires, worst solve residual {1:E1}, effective matrices within {2:E1} of direct solves)", m.Parasitics.TechnologyNodeNm, result.Solve.WorstResidual, result.Solve.CheckDeviation),
                ParasiticsMode.Fast => string.Format(inv, "fast ({0} nm wires; error vs exact on sampled arrays up to {1:F3} ADC LSB)", m.Parasitics.TechnologyNodeNm, result.WorstParasiticsErrorLsb),
                _ => "none",
            }));
        output.WriteLine();
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Format(inv, "| float accuracy | {0:F4} |", summary.AccuracyFloat));
        output.WriteLine(string.Format(inv, "| hardware accuracy | {0:F4} |", summary.AccuracyHardware));
        output.WriteLine(string.Format(inv, "| arrays | {0} |", summary.Arrays));
        if (summary.Spiking is { } snn)
        {
            output.WriteLine(string.Format(inv, "| timesteps (average used) | {0} ({1:F2}) |", snn.Timesteps, snn.AverageTimesteps));
            output.WriteLine(string.Format(inv, "| spikes per image | {0:F0} |", snn.SpikesPerImage));
            output.WriteLine(string.Format(inv, "| neuron sparsity (updates without a spike) | {0:F4} |", snn.Sparsity));
        }

        if (summary.Cost is { } cost)
        {
            output.WriteLine(string.Format(inv, "| area (mm^2) | {0:F4} |", cost.AreaMm2));
            output.WriteLine(string.Format(inv, "| energy per image (uJ) | {0:F4} |", cost.EnergyPerImageUj));
            output.WriteLine(string.Format(inv, "| latency per image (us) | {0:F2} |", cost.LatencyPerImageUs));
            output.WriteLine(string.Format(inv, "| TOPS | {0:F4} |", cost.Tops));
            output.WriteLine(string.Format(inv, "| TOPS/W | {0:F2} |", cost.TopsPerW));
            output.WriteLine(string.Format(inv, "| TOPS/mm^2 | {0:F4} |", cost.TopsPerMm2));
            output.WriteLine();
            output.WriteLine(string.Format(inv, "cost       {0}-bit {1} ADCs, clock {2:F3} ns{3}, {4}; the same model as imcsim cost, on this run's counted activity",
                m.AdcBits, settings.Get(SimulationSchema.AdcType).Name, cost.ClockPeriodNs, settings.Get(SimulationSchema.ClockMhz) > 0 ? "" : " (synchronous)", settings.Get(SimulationSchema.Pipeline) ? "layers pipelined" : "layer by layer"));
        }
        else
        {
            output.WriteLine($"| area, energy, latency, TOPS | n/a: {summary.CostNote} |");
        }

        output.WriteLine();
        output.WriteLine(string.Format(inv, "time       float inference {0:F2} s, hardware simulation {1:F2} s ({2:F1}x), {3} threads, peak memory {4} MB", result.FloatSeconds, result.HardwareSeconds, result.HardwareSeconds / Math.Max(result.FloatSeconds, 1e-9), result.Threads, Process.GetCurrentProcess().PeakWorkingSet64 >> 20));
        output.WriteLine($"wrote      {Path.Combine(outDir, "summary.csv")}, predictions.csv, layers.csv, manifest.json{(placementOut is null ? "" : ", " + placementOut)}");
        return ImcsimApp.ExitOk;
    }

    /// <summary>"2-bit", or per device on a hybrid chip whose layers differ ("1-bit sram, 2-bit pcm").</summary>
    private static string CellBits(IMCSim.Mapping.Placement.NetworkPlacement placement)
    {
        var byDevice = placement.Layers.GroupBy(l => l.Device).Select(g => (Device: g.Key, Bits: g.First().Slicing.BitsPerCell)).ToList();
        return byDevice.Select(d => d.Bits).Distinct().Count() == 1
            ? $"{byDevice[0].Bits}-bit"
            : string.Join(", ", byDevice.Select(d => $"{d.Bits}-bit {d.Device}"));
    }
}
