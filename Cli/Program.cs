namespace IMCSim.Cli;

internal static class Program
{
    private static int Main(string[] args) => ImcsimApp.Run(args, Console.Out, Console.Error);
}
