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

    /// <summary>a / b, correctly rounded.</summary>
    static abstract float Divide(float a, float b);

    static abstract double DivideDouble(double a, double b);
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

    public static double MulDouble(double a, double b) => ManagedDoubleMath.Multiply(a, b);

    public static double AddDouble(double a, double b) => ManagedDoubleMath.Add(a, b);

    public static float Divide(float a, float b) => a / b;

    public static double DivideDouble(double a, double b) => ManagedDoubleMath.Divide(a, b);
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

    public static double MulDouble(double a, double b) => PtxDoubleMath.Multiply(a, b);

    public static double AddDouble(double a, double b) => PtxDoubleMath.Add(a, b);

    public static float Divide(float a, float b)
    {
        CudaAsm.Emit("div.rn.f32 %0, %1, %2;", out float result, a, b);
        return result;
    }

    public static double DivideDouble(double a, double b) => PtxDoubleMath.Divide(a, b);
}

/// <summary>The correctly rounded double operations of the circuit solver, per backend (see <see cref="IFusedMath"/>).</summary>
internal interface IDoubleMath
{
    /// <summary>a * b + c, rounded once.</summary>
    static abstract double Fma(double a, double b, double c);

    static abstract double Multiply(double a, double b);

    static abstract double Add(double a, double b);

    static abstract double Subtract(double a, double b);

    static abstract double Divide(double a, double b);

    static abstract double Sqrt(double a);
}

/// <summary>.NET's double operations (what the CPU solver's scalar lanes use).</summary>
internal readonly struct ManagedDoubleMath : IDoubleMath
{
    public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    public static double Multiply(double a, double b) => a * b;

    public static double Add(double a, double b) => a + b;

    public static double Subtract(double a, double b) => a - b;

    public static double Divide(double a, double b) => a / b;

    public static double Sqrt(double a) => Math.Sqrt(a);
}

/// <summary>CUDA's double operations in their round-to-nearest-even forms (IEEE division and square root, no contraction).</summary>
internal readonly struct PtxDoubleMath : IDoubleMath
{
    public static double Fma(double a, double b, double c)
    {
        CudaAsm.Emit("fma.rn.f64 %0, %1, %2, %3;", out double result, a, b, c);
        return result;
    }

    public static double Multiply(double a, double b)
    {
        CudaAsm.Emit("mul.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }

    public static double Add(double a, double b)
    {
        CudaAsm.Emit("add.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }

    public static double Subtract(double a, double b)
    {
        CudaAsm.Emit("sub.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }

    public static double Divide(double a, double b)
    {
        CudaAsm.Emit("div.rn.f64 %0, %1, %2;", out double result, a, b);
        return result;
    }

    public static double Sqrt(double a)
    {
        CudaAsm.Emit("sqrt.rn.f64 %0, %1;", out double result, a);
        return result;
    }
}
