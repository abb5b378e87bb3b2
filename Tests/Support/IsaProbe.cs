using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Mapping;
using IMCSim.Simulator.Circuit;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Tests.Support;

/// <summary>
/// The test assembly's entry point: `dotnet IMCSim.Tests.dll isa-probe` prints the instruction sets .NET uses
/// in this process and one SHA-256 per component (random normals, GEMM, Conv2d, effective matrix, device model,
/// float inference, crossbar inference), so a test can run it under DOTNET_EnableAVX512=0 / DOTNET_EnableAVX2=0
/// and compare. The test runner itself never calls this.
/// </summary>
internal static class IsaProbe
{
    public const string Command = "isa-probe";

    public static int Main(string[] args)
    {
        if (args.Length != 1 || args[0] != Command)
        {
            Console.Error.WriteLine($"usage: dotnet IMCSim.Tests.dll {Command}");
            return 2;
        }

        Console.WriteLine($"isa vector512={Vector512.IsHardwareAccelerated} vector256={Vector256.IsHardwareAccelerated} vector128={Vector128.IsHardwareAccelerated}");
        foreach (var (name, digest) in Digests())
        {
            Console.WriteLine($"{name} {digest}");
        }

        return 0;
    }

    private static IEnumerable<(string Name, string Digest)> Digests()
    {
        var normals = new float[1 << 20];
        CounterRng.For(1, "probe/read").FillNormal(3, normals);
        yield return ("normals", Hash(normals));

        var kernels = new CpuKernels(2);
        var rng = new System.Random(1);
        var gemm = new List<float>();
        foreach (var (m, n, k, ta, tb, acc) in new[] { (1, 1, 1, false, false, false), (13, 33, 300, false, false, false), (29, 45, 260, true, true, true), (150, 130, 513, false, true, true), (7, 5000, 3, false, false, true), (256, 48, 128, false, false, false) })
        {
            float[] a = Random(rng, m * k), b = Random(rng, k * n), c = Random(rng, m * n);
            kernels.Gemm(GemmArgs.Dense(m, n, k, ta, tb, acc), a, b, c);
            gemm.AddRange(c);
        }

        yield return ("gemm", Hash([.. gemm]));

        var conv = new List<float>();
        foreach (var a in new[]
        {
            new Conv2dArgs(3, 1, 28, 28, 6, 5, 5, 28, 28, 1, 1, 1, 1, 2, 2, 1),
            new Conv2dArgs(2, 6, 14, 14, 16, 5, 5, 10, 10, 1, 1, 1, 1, 0, 0, 1),
            new Conv2dArgs(2, 4, 9, 11, 6, 3, 3, 4, 5, 2, 2, 1, 1, 0, 0, 2),
            new Conv2dArgs(3, 3, 12, 9, 40, 3, 3, 12, 9, 1, 1, 1, 1, 1, 1, 1),
            new Conv2dArgs(2, 32, 6, 6, 8, 3, 3, 6, 6, 1, 1, 1, 1, 1, 1, 1),
            new Conv2dArgs(1, 40, 8, 8, 8, 3, 3, 8, 8, 1, 1, 1, 1, 1, 1, 1),
        })
        {
            float[] x = Random(rng, (int)a.InputLength), w = Random(rng, (int)a.WeightLength), bias = Random(rng, a.M), y = new float[a.OutputLength];
            kernels.Conv2d(a, x, w, bias, y);
            conv.AddRange(y);
        }

        yield return ("conv2d", Hash([.. conv]));

        double[] g = [.. Enumerable.Range(0, 40 * 33).Select(_ => 1e-6 + (1e-4 * rng.NextDouble()))];
        EffectiveMatrix.Result effective = EffectiveMatrix.Compute(new CrossbarCircuit(40, 33, g, 20, 1.5, 1, 3, "probe"), threads: 2);
        yield return ("effective-matrix", Hash([.. effective.Matrix, effective.WorstResidual, effective.CheckDeviation]));

        var pcm = new DeviceModel(DeviceCatalog.Find("pcm")!, NoiseSelection.All);
        float[] target = [.. Enumerable.Range(0, 4096).Select(_ => (float)(25 * rng.NextDouble()))];
        float[] programmed = new float[target.Length], drifted = new float[target.Length], sigma = new float[target.Length];
        pcm.Program(target, programmed, CounterRng.For(2, "probe/program"));
        pcm.Drift(target, programmed, drifted, 86400, CounterRng.For(2, "probe/drift"));
        pcm.ReadSigma(programmed, drifted, sigma);
        yield return ("device-model", Hash([.. programmed, .. drifted, .. sigma]));

        ImageDataset data = DatasetLoader.LoadEmbeddedMnist();
        var graph = OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded");
        ClassificationResult reference = ImageClassifier.Run(new GraphExecutor(graph, kernels), data, 64, 32);
        yield return ("float-inference", Hash(reference.Logits) + "/" + Hash([.. reference.Predicted.Select(p => (float)p)]));

        var mapped = new MappedNetwork(graph, new MappingSpec(seed: 5, parasitics: new ParasiticsSpec(ParasiticsMode.Exact)), DeviceAssignment.Uniform(DeviceCatalog.Find("pcm")!), kernels, 2);
        mapped.Calibrate(data);
        ClassificationResult hardware = mapped.Run(data, 32, 16);
        yield return ("crossbar-inference", Hash(hardware.Logits) + "/" + Hash([.. hardware.Predicted.Select(p => (float)p)]));
    }

    private static float[] Random(System.Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1))];

    private static string Hash(float[] values) => Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())))[..16];

    private static string Hash(double[] values) => Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())))[..16];
}
