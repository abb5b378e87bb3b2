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
        private const double MinSiemens = 1e-18, MaxSiemens = 1, MaxVolts = 1000;

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

        /// <summary>An --out file: not empty, not a folder, and not one of the circuit's input files (it would be overwritten).</summary>
        public string OutputPath(ParseResult parse, string path)
        {
            if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
            {
                throw new InputException("--out", $"'{path}' must name a file to write");
            }

            foreach (string input in new[] { parse.GetValue(G)!, parse.GetValue(V)! })
            {
                if (string.Equals(Resolved(path), Resolved(input), StringComparison.Ordinal))
                {
                    throw new InputException("--out", $"'{path}' is an input of this command and would be overwritten; give another file");
                }
            }

            return path;
        }

        /// <summary>The file a path ends at (links followed), so an input reached through a link is still an input.</summary>
        private static string Resolved(string path) =>
            File.Exists(path) && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target ? target.FullName : Path.GetFullPath(path);

        public (CrossbarCircuit Circuit, double[] Voltages) Load(ParseResult parse)
        {
            string gPath = parse.GetValue(G)!, vPath = parse.GetValue(V)!;
            var (rows, cols, g) = NumberCsv.ReadMatrix(gPath, "conductance");
            double[] v = NumberCsv.ReadVector(vPath, "voltage");
            if (v.Length != rows)
            {
                throw new InputException(vPath, $"has {v.Length} voltages but {gPath} has {rows} rows of conductances");
            }


            // A circuit file's values within the range a double-precision nodal solve resolves (the solve's tolerance is relative);
            // negative and non-finite ones are the circuit's own errors.
            for (int i = 0; i < g.Length; i++)
            {
                if (g[i] > 0 && g[i] is < MinSiemens or > MaxSiemens)
                {
                    throw new InputException(gPath, $"conductance of cell ({i / cols}, {i % cols}) is {g[i].ToString(CultureInfo.InvariantCulture)}; valid: 0 or {MinSiemens:R}..{MaxSiemens:R} siemens");
                }
            }

            for (int i = 0; i < v.Length; i++)
            {
                if (Math.Abs(v[i]) > MaxVolts)
                {
                    throw new InputException(vPath, $"voltage {i + 1} is {v[i].ToString(CultureInfo.InvariantCulture)} V; valid: -{MaxVolts}..{MaxVolts} V");
                }
            }

            return (new CrossbarCircuit(rows, cols, g, parse.GetValue(Rs), parse.GetValue(RwRow), parse.GetValue(RwCol), parse.GetValue(Rsink), gPath), v);
        }
    }

    /// <summary>Writes an --out file; a file that cannot be written is named with the option.</summary>
    private static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("--out", $"cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>The relative residual below which a single solve counts as converged.</summary>
    private const double ConvergedResidual = 1e-10;

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
            string? path = parse.GetValue(outFile) is { } o ? options.OutputPath(parse, o) : null;
            var clock = Stopwatch.StartNew();
            SolveResult result = new CrossbarSolver(circuit).Solve(v);
            double ms = clock.Elapsed.TotalMilliseconds;
            if (!(result.RelativeResidual <= ConvergedResidual))
            {
                // Nothing written: currents of an unconverged solve would be silently wrong.
                throw new InputException(parse.GetValue(options.G)!, $"the solve of this {circuit.Rows} x {circuit.Cols} crossbar stopped at relative residual {result.RelativeResidual:E2} after {result.Iterations} iterations (converged means <= {ConvergedResidual:E0}): its conductances and resistances span more than double precision resolves; bring them closer together");
            }

            string[] lines = [.. result.CurrentsA.Select(i => i.ToString("G17", CultureInfo.InvariantCulture))];
            if (path is not null)
            {
                Write(path, () => File.WriteAllLines(path, lines));
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
            return ImcsimApp.ExitOk;
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
            string path = options.OutputPath(parse, parse.GetValue(outFile)!);
            Write(path, () => File.WriteAllText(path, SpiceNetlist.Write(circuit, v)));
            output.WriteLine($"wrote {path}: {circuit.Rows} x {circuit.Cols} crossbar; run `ngspice -b {Path.GetFileName(path)}` in its folder, column currents land in cols_*.txt (skip the first value of each data line)");
            return ImcsimApp.ExitOk;
        });
        return command;
    }
}
