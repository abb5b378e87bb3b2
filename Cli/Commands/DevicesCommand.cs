using System.CommandLine;
using System.Globalization;
using IMCSim.Devices;

namespace IMCSim.Cli.Commands;

/// <summary>`imcsim devices list` and `imcsim devices show NAME|FILE`: the catalog and every parameter with its source.</summary>
internal static class DevicesCommand
{
    public static Command Create(TextWriter output)
    {
        var devices = new Command("devices", "The device catalog.");
        var list = new Command("list", "List the built-in devices.");
        list.SetAction(_ =>
        {
            output.WriteLine("| name | technology | G range (uS) | bits/cell | cell (F^2) | description |");
            output.WriteLine("|---|---|---|---|---|---|");
            foreach (var d in DeviceCatalog.All)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {d.Name} | {d.Technology} | {d.GMinUs.Value:G4}-{d.GMaxUs.Value:G4} | {d.MaxBits} | {d.CellAreaF2.Value:G4} | {d.Description} |"));
            }

            output.WriteLine("Use any of them with --device NAME, or your own file with --device FILE.yaml (see `imcsim devices show pcm`).");
            return ImcsimApp.ExitOk;
        });
        var nameArg = new Argument<string>("device") { Description = "a catalog name or a device file" };
        var show = new Command("show", "Show every parameter of a device with its source.");
        show.Arguments.Add(nameArg);
        show.SetAction(parse =>
        {
            var d = DeviceCatalog.Resolve(parse.GetValue(nameArg)!, "device");
            output.WriteLine($"{d.Name} ({d.Technology}): {d.Description}");
            output.WriteLine($"file: {d.SourceFile}");
            output.WriteLine();
            output.WriteLine("| field | value | source |");
            output.WriteLine("|---|---|---|");
            foreach (var (field, value, source) in d.Parameters())
            {
                output.WriteLine($"| {field} | {value} | {source} |");
            }

            return ImcsimApp.ExitOk;
        });
        devices.Subcommands.Add(list);
        devices.Subcommands.Add(show);
        return devices;
    }
}
