using BenchmarkDotNet.Attributes;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Benchmarks;

/// <summary>The GEMM kernel at the two shapes (C[M,N] = A[M,K] B[K,N]).</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private readonly CpuKernels _kernels = new();
    private float[] _a = [], _b = [], _c = [];

    [Params("256x128x128", "1024x1024x1024")]
    public string Shape { get; set; } = "";

    private GemmArgs Args => Shape == "256x128x128" ? GemmArgs.Dense(256, 128, 128) : GemmArgs.Dense(1024, 1024, 1024);

    [GlobalSetup]
    public void Setup()
    {
        var g = Args;
        var rng = new Random(1);
        _a = [.. Enumerable.Range(0, g.M * g.K).Select(_ => rng.NextSingle())];
        _b = [.. Enumerable.Range(0, g.K * g.N).Select(_ => rng.NextSingle())];
        _c = new float[g.M * g.N];
    }

    [Benchmark]
    public void Gemm() => _kernels.Gemm(Args, _a, _b, _c);
}
