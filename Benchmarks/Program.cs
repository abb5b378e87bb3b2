using BenchmarkDotNet.Running;

namespace IMCSim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project Benchmarks` (or `-- peers [gemm] [infer] [simulate] [irdrop] [readengine]`): IMCSim side by side with its peers
/// (OpenBLAS sgemm, onnxruntime, scipy) in one run, as tables; naming sections runs only those. `-- bdn [BenchmarkDotNet args]`: the
/// BenchmarkDotNet micro-benchmarks (one class per hot path).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bdn")
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
            return 0;
        }

        return PeerComparison.Run(args.Length > 0 && args[0] == "peers" ? args[1..] : args);
    }
}
