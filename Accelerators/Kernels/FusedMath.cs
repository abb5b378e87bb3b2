using ILGPU.Runtime.Cuda;
using IMCSim.Simulator.Random;

namespace IMCSim.Accelerators.Kernels;

/// <summary>
/// The correctly rounded float operations a kernel needs, chosen per backend at load time, so that results are CpuKernels' bit for
/// bit. ILGPU 1.5.3 has no FMA intrinsic and <c>MathF.FusedMultiplyAdd</c> compiles to an undefined external function in PTX, and a
/// plain PTX <c>mul</c> followed by <c>add</c> may be contracted by the driver: CUDA kernels emit the round-to-nearest-even forms
/// (<c>fma.rn</c>, <c>mul.rn</c>, <c>add.rn</c>, <c>sub.rn</c>, <c>sqrt.rn</c>, <c>cvt.rni</c>) inline, while the CPU accelerator
/// calls .NET's operations, which round the same way.
/// </summary>
internal interface IFusedMath : IScalarFloatOps
{
    /// <summary>The nearest integer, ties to even (MathF.Round's default).</summary>
    static abstract float RoundEven(float a);

    static abstract double MulDouble(double a, double b);

    static abstract double AddDouble(double a, double b);
}

/// <summary>The CPU accelerator's operations (.NET's: vfmadd, vmulss, vaddss, vsqrtss, vroundss on x86-64).</summary>
internal readonly struct ManagedFusedMath : IFusedMath
{
    public static float Fma(float a, float b, float c) => ManagedScalarFloatOps.Fma(a, b, c);

    public static float Multiply(float a, float b) => ManagedScalarFloatOps.Multiply(a, b);

    public static float Add(float a, float b) => ManagedScalarFloatOps.Add(a, b);

    public static float Subtract(float a, float b) => ManagedScalarFloatOps.Subtract(a, b);

    public static float Sqrt(float a) => ManagedScalarFloatOps.Sqrt(a);

    public static float AsFloat(int a) => ManagedScalarFloatOps.AsFloat(a);

    public static int AsInt(float a) => ManagedScalarFloatOps.AsInt(a);

    public static float RoundEven(float a) => MathF.Round(a);

    public static double MulDouble(double a, double b) => a * b;

    public static double AddDouble(double a, double b) => a + b;
}

/// <summary>CUDA's operations in their round-to-nearest-even forms, never contracted or approximated.</summary>
internal readonly struct PtxFusedMath : IFusedMath
{
    public static float Fma(float a, float b, float c)
    {
        CudaAsm.Emit("fma.rn.f32 %0, %1, %2, %3;", out float result, a, b, c);
        return result;
    }

    public static float Multiply(float a, float b)
    {
        CudaAsm.Emit("mul.rn.f32 %0, %1, %2;", out float result, a, b);
        return result;
    }

    public static float Add(float a, float b)
    {
        CudaAsm.Emit("add.rn.f32 %0, %1, %2;", out float result, a, b);
        return result;
    }

    public static float Subtract(float a, float b)
    {
        CudaAsm.Emit("sub.rn.f32 %0, %1, %2;", out float result, a, b);
        return result;
    }

    public static float Sqrt(float a)
    {
        CudaAsm.Emit("sqrt.rn.f32 %0, %1;", out float result, a);
        return result;
    }

    public static float AsFloat(int a) => ILGPU.Interop.IntAsFloat((uint)a);

    public static int AsInt(float a) => (int)ILGPU.Interop.FloatAsInt(a);

    public static float RoundEven(float a)
    {
        CudaAsm.Emit("cvt.rni.f32.f32 %0, %1;", out float result, a);
        return result;
    }

    public static double MulDouble(double a, double b)
    {
        CudaAsm.Emit("mul.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }

    public static double AddDouble(double a, double b)
    {
        CudaAsm.Emit("add.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }
}
