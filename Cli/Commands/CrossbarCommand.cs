using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IMCSim.Cli.Input;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Commands;

/// <summary>
/// `imcsim crossbar solve`: column currents of one crossbar with wire parasitics (exact nodal solve);
/// `imcsim crossbar spice`: the same circuit as an ngspice netlist.
/// </summary>
internal static class CrossbarCommand
{
    public static Command Create(TextWriter output)
    {
        var crossbar = new Command("crossbar", "One crossbar array as a circuit: exact IR-drop solve or SPICE netlist.");
        crossbar.Subcommands.Add(Solve(output));
        crossbar.Subcommands.Add(Spice(output));
        return crossbar;
    }

    private sealed class CircuitOptions
    {
        public Option<string> G { get; } = new("--conductances") { Description = "CSV: N lines of M cell conductances in siemens", Required = true };

        public Option<string> V { get; } = new("--voltages") { Description = "CSV: N row voltages in volts, one per line", Required = true };

        public Option<double> Rs { get; } = new("--rs") { Description = "source resistance per row, ohm (0 = ideal source)", DefaultValueFactory = _ => 0 };

        public Option<double> RwRow { get; } = new("--rw-row") { Description = "row wire resistance per cell segment, ohm", DefaultValueFactory = _ => 1 };

        public Option<double> RwCol { get; } = new("--rw-col") { Description = "column wire resistance per cell segment, ohm", DefaultValueFactory = _ => 1 };

        public Option<double> Rsink { get; } = new("--rsink") { Description = "sink resistance per column, ohm (0 = virtual ground)", DefaultValueFactory = _ => 0 };

        public void AddTo(Command c)
        {
            foreach (Option o in new Option[] { G, V, Rs, RwRow, RwCol, Rsink })
            {
                c.Options.Add(o);
            }
        }

        public (CrossbarCircuit Circuit, double[] Voltages) Load(ParseResult parse)
        {
            string gPath = parse.GetValue(G)!, vPath = parse.GetValue(V)!;
            var (rows, cols, g) = NumberCsv.ReadMatrix(gPath, "conductance");
            double[] v = NumberCsv.ReadVector(vPath, "voltage");
            if (v.Length != rows)
            {
                throw new InputException(vPath, $"has {v.Length} voltages but {gPath} has {rows} rows of conductances");
            }

            foreach (var (option, value) in new[] { ("--rs", parse.GetValue(Rs)), ("--rw-row", parse.GetValue(RwRow)), ("--rw-col", parse.GetValue(RwCol)), ("--rsink", parse.GetValue(Rsink)) })
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    throw new InputException(option, $"must be a finite resistance >= 0 ohm, got {value.ToString(CultureInfo.InvariantCulture)}");
                }
            }

            return (new CrossbarCircuit(rows, cols, g, parse.GetValue(Rs), parse.GetValue(RwRow), parse.GetValue(RwCol), parse.GetValue(Rsink), gPath), v);
        }
    }

    private static Command Solve(TextWriter output)
    {
        var options = new CircuitOptions();
        var outFile = new Option<string?>("--out") { Description = "CSV of the M column currents in amperes (default: print them)" };
        var command = new Command("solve", "Exact column currents of a crossbar with source, wire and sink resistance.");
        options.AddTo(command);
        command.Options.Add(outFile);
        command.SetAction(parse =>
        {
            var (circuit, v) = options.Load(parse);
            var clock = Stopwatch.StartNew();
            SolveResult result = new CrossbarSolver(circuit).Solve(v);
            double ms = clock.Elapsed.TotalMilliseconds;
            string[] lines = [.. result.CurrentsA.Select(i => i.ToString("G17", CultureInfo.InvariantCulture))];
            if (parse.GetValue(outFile) is { } path)
            {
                File.WriteAllLines(path, lines);
            }
            else
            {
                foreach (string line in lines)
                {
                    output.WriteLine(line);
                }
            }

            double[] ideal = circuit.IdealCurrents(v);
            double scale = ideal.Max(Math.Abs);
            double deviation = Enumerable.Range(0, ideal.Length).Max(j => Math.Abs(result.CurrentsA[j] - ideal[j]) / Math.Max(Math.Abs(ideal[j]), 1e-300 + (1e-12 * scale)));
            var inv = CultureInfo.InvariantCulture;
            output.WriteLine(string.Format(inv, "# {0} x {1} crossbar: {2} iterations, relative residual {3:E2}, {4:F1} ms", circuit.Rows, circuit.Cols, result.Iterations, result.RelativeResidual, ms));
            output.WriteLine(string.Format(inv, "# max relative deviation from ideal G^T V: {0:E4}", deviation));
            return result.RelativeResidual <= 1e-10 ? ImcsimApp.ExitOk : ImcsimApp.ExitInternalError;
        });
        return command;
    }

    private static Command Spice(TextWriter output)
    {
        var options = new CircuitOptions();
        var outFile = new Option<string>("--out") { Description = "netlist file to write", DefaultValueFactory = _ => "crossbar.cir" };
        var command = new Command("spice", "Write the crossbar as an ngspice netlist (run: ngspice -b crossbar.cir; currents in cols_*.txt).");
        options.AddTo(command);
        command.Options.Add(outFile);
        command.SetAction(parse =>
        {
            var (circuit, v) = options.Load(parse);
            string path = parse.GetValue(outFile)!;
            File.WriteAllText(path, SpiceNetlist.Write(circuit, v));
            output.WriteLine($"wrote {path}: {circuit.Rows} x {circuit.Cols} crossbar; run `ngspice -b {Path.GetFileName(path)}` in its folder, column currents land in cols_*.txt (skip the first value of each data line)");
            return ImcsimApp.ExitOk;
        });
        return command;
    }
}
