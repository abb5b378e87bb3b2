namespace IMCSim.Cli.Slurm;

/// <summary>
/// The command that runs this very build of imcsim, as absolute paths, so that jobs on compute nodes run what the user ran:
/// `DOTNET /abs/imcsim.dll` (the dll this code is in; ./imcsim and `dotnet imcsim.dll` run it that way) or the apphost
/// (`/abs/imcsim`) when the user started that.
/// </summary>
internal static class ImcsimLauncher
{
    public static IReadOnlyList<string> Current()
    {
#pragma warning disable IL3000 // empty in a single-file build, handled below
        string dll = typeof(ImcsimApp).Assembly.Location;
#pragma warning restore IL3000
        string? process = Environment.ProcessPath;
        if (dll.Length == 0 && process is not null)
        {
            return [process]; // a single-file build: the executable is imcsim
        }

        string processName = Path.GetFileNameWithoutExtension(process ?? "");
        if (process is not null && processName == Path.GetFileNameWithoutExtension(dll))
        {
            return [process];
        }

        // `dotnet imcsim.dll`; or imcsim hosted in another process (tests): the dotnet host that runs it, else the one on PATH.
        string host = process is not null && processName == "dotnet" ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h
            : "dotnet";
        return [host, dll];
    }
}
