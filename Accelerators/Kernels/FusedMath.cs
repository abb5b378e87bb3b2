using ILGPU.Runtime.Cuda;

namespace IMCSim.Accelerators.Kernels;

/// <summary>
/// The exactly rounded operations a kernel needs, chosen per backend at load time: ILGPU 1.5.3 has no FMA intrinsic, and
/// <c>MathF.FusedMultiplyAdd</c> compiles to an undefined external function in PTX, so CUDA kernels emit <c>fma.rn.f32</c> inline
/// while the CPU accelerator calls the .NET intrinsic. Both round once: results are bit for bit CpuKernels'.
/// </summary>
internal interface IFusedMath
{
    /// <summary>a x b + c, rounded once to nearest even.</summary>
    static abstract float Fma(float a, float b, float c);
}

/// <summary>The CPU accelerator's fused multiply-add (.NET's, vfmadd on x86-64).</summary>
internal readonly struct ManagedFusedMath : IFusedMath
{
    public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
}

/// <summary>CUDA's fused multiply-add, round to nearest even (PTX <c>fma.rn.f32</c>), never contracted or approximated.</summary>
internal readonly struct PtxFusedMath : IFusedMath
{
    public static float Fma(float a, float b, float c)
    {
        CudaAsm.Emit("fma.rn.f32 %0, %1, %2, %3;", out float result, a, b, c);
        return result;
    }
}
