using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using IMCSim.Accelerators.Kernels;

namespace IMCSim.Accelerators;

/// <summary>
/// Every CUDA kernel of this project compiled to PTX offline (no GPU or driver needed), for a target architecture: what CI checks
/// (no call of an undefined external function, no approximate instruction where the result must be exact) on machines without a GPU.
/// </summary>
public static class PtxKernels
{
    /// <summary>The kernels CUDA runs (the <see cref="PtxFusedMath"/> instantiations), by name.</summary>
    internal static IReadOnlyList<(string Name, MethodInfo Method)> CudaKernels { get; } =
    [
        ("gemm", typeof(GemmKernel).GetMethod(nameof(GemmKernel.Run))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("conv2d", typeof(ConvKernel).GetMethod(nameof(ConvKernel.Run))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-read", typeof(CrossbarReadKernel).GetMethod(nameof(CrossbarReadKernel.Read))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-shift-add", typeof(CrossbarReadKernel).GetMethod(nameof(CrossbarReadKernel.ShiftAdd))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-row-events", typeof(CrossbarReadKernel).GetMethod(nameof(CrossbarReadKernel.RowEvents))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-energy", typeof(CrossbarReadKernel).GetMethod(nameof(CrossbarReadKernel.ChunkEnergy))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-quantise", typeof(CrossbarLayerKernels).GetMethod(nameof(CrossbarLayerKernels.Quantise))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-combine", typeof(CrossbarLayerKernels).GetMethod(nameof(CrossbarLayerKernels.Combine))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("crossbar-scale-bias", typeof(CrossbarLayerKernels).GetMethod(nameof(CrossbarLayerKernels.ScaleBias))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("relu", typeof(TensorKernels).GetMethod(nameof(TensorKernels.Relu))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("add", typeof(TensorKernels).GetMethod(nameof(TensorKernels.Add))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("pool", typeof(TensorKernels).GetMethod(nameof(TensorKernels.Pool))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("global-average-pool", typeof(TensorKernels).GetMethod(nameof(TensorKernels.GlobalAveragePool))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("spiking-step", typeof(TensorKernels).GetMethod(nameof(TensorKernels.SpikingStep))!.MakeGenericMethod(typeof(PtxFusedMath))),
        ("im2row", typeof(TensorKernels).GetMethod(nameof(TensorKernels.Im2Row))!),
        ("to-channel-major", typeof(TensorKernels).GetMethod(nameof(TensorKernels.ToChannelMajor))!),
        ("effective-matrix", typeof(EffectiveMatrixKernel).GetMethod(nameof(EffectiveMatrixKernel.Solve))!.MakeGenericMethod(typeof(PtxDoubleMath))),
        .. new[]
        {
            nameof(ChainParallelSolveKernels.Rhs), nameof(ChainParallelSolveKernels.Forward), nameof(ChainParallelSolveKernels.AfterForward), nameof(ChainParallelSolveKernels.Backward),
            nameof(ChainParallelSolveKernels.RowChains), nameof(ChainParallelSolveKernels.SchurColumns), nameof(ChainParallelSolveKernels.Step), nameof(ChainParallelSolveKernels.Currents),
        }.Select(name => ($"chain-{name.ToLowerInvariant()}", typeof(ChainParallelSolveKernels).GetMethod(name)!.MakeGenericMethod(typeof(PtxDoubleMath)))),
    ];

    /// <summary>Each CUDA kernel's PTX for <paramref name="architecture"/> (sm_90, the H100/H200's, by default).</summary>
    public static IReadOnlyDictionary<string, string> Compile(CudaArchitecture? architecture = null)
    {
        CudaArchitecture arch = architecture ?? CudaArchitecture.SM_90;
        using var context = Context.Create(builder => builder.Cuda());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_80, null);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, method) in CudaKernels)
        {
            var kernel = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), default(KernelSpecialization));
            result[name] = kernel.PTXAssembly;
        }

        return result;
    }
}
