using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Circuit;

/// <summary>
/// How many right-hand sides a solver kernel carries per node, and the arithmetic on them: one (a plain
/// double) or eight (one AVX-512 vector). The solver's kernels are written once over this interface and
/// specialised by the JIT for each lane type. A mask is a value whose lanes are all-ones or zero.
/// </summary>
internal interface ISolverLanes<TV>
    where TV : struct
{
    static abstract int Width { get; }

    static abstract TV Zero { get; }

    static abstract TV Broadcast(double x);

    /// <summary>The vector of node <paramref name="node"/> in an array holding <see cref="Width"/> values per node.</summary>
    static abstract TV Load(double[] a, int node);

    static abstract void Store(TV v, double[] a, int node);

    /// <summary>a * b + c.</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Sqrt(TV a);

    static abstract TV Max(TV a, TV b);

    static abstract TV GreaterThan(TV a, TV b);

    static abstract TV NotEqual(TV a, TV b);

    static abstract TV Select(TV mask, TV whenTrue, TV whenFalse);

    static abstract bool Any(TV mask);

    /// <summary>Lane l holds values[l][index] (0 for lanes beyond values.Length).</summary>
    static abstract TV Gather(double[][] values, int index);

    static abstract double Lane(TV v, int lane);
}

/// <summary>One right-hand side: plain doubles.</summary>
internal readonly struct ScalarLanes : ISolverLanes<double>
{
    public static int Width => 1;

    public static double Zero => 0;

    public static double Broadcast(double x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(double[] a, int node) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), node);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double v, double[] a, int node) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), node) = v;

    public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    public static double Add(double a, double b) => a + b;

    public static double Subtract(double a, double b) => a - b;

    public static double Multiply(double a, double b) => a * b;

    public static double Divide(double a, double b) => a / b;

    public static double Sqrt(double a) => Math.Sqrt(a);

    public static double Max(double a, double b) => Math.Max(a, b);

    public static double GreaterThan(double a, double b) => a > b ? 1 : 0;

    public static double NotEqual(double a, double b) => a != b ? 1 : 0;

    public static double Select(double mask, double whenTrue, double whenFalse) => mask != 0 ? whenTrue : whenFalse;

    public static bool Any(double mask) => mask != 0;

    public static double Gather(double[][] values, int index) => values[0][index];

    public static double Lane(double v, int lane) => v;
}

/// <summary>Eight right-hand sides: one AVX-512 vector per node.</summary>
internal readonly struct Avx512Lanes : ISolverLanes<Vector512<double>>
{
    public static int Width => 8;

    public static Vector512<double> Zero => Vector512<double>.Zero;

    public static Vector512<double> Broadcast(double x) => Vector512.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(double[] a, int node) => Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)node * 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> v, double[] a, int node) => v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)node * 8);

    public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;

    public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);

    public static Vector512<double> Max(Vector512<double> a, Vector512<double> b) => Vector512.Max(a, b);

    public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);

    public static Vector512<double> NotEqual(Vector512<double> a, Vector512<double> b) => ~Vector512.Equals(a, b);

    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    public static bool Any(Vector512<double> mask) => mask != Vector512<double>.Zero;

    public static Vector512<double> Gather(double[][] values, int index)
    {
        Span<double> lanes = stackalloc double[8];
        for (int l = 0; l < values.Length; l++)
        {
            lanes[l] = values[l][index];
        }

        return Vector512.Create<double>(lanes);
    }

    public static double Lane(Vector512<double> v, int lane) => v[lane];
}

/// <summary>Four right-hand sides: one AVX2 vector per node (half the working set of <see cref="Avx512Lanes"/>).</summary>
internal readonly struct Avx256Lanes : ISolverLanes<Vector256<double>>
{
    public static int Width => 4;

    public static Vector256<double> Zero => Vector256<double>.Zero;

    public static Vector256<double> Broadcast(double x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] a, int node) => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)node * 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> v, double[] a, int node) => v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)node * 4);

    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

    public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);

    public static Vector256<double> Max(Vector256<double> a, Vector256<double> b) => Vector256.Max(a, b);

    public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);

    public static Vector256<double> NotEqual(Vector256<double> a, Vector256<double> b) => ~Vector256.Equals(a, b);

    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    public static bool Any(Vector256<double> mask) => mask != Vector256<double>.Zero;

    public static Vector256<double> Gather(double[][] values, int index)
    {
        Span<double> lanes = stackalloc double[4];
        for (int l = 0; l < values.Length; l++)
        {
            lanes[l] = values[l][index];
        }

        return Vector256.Create<double>(lanes);
    }

    public static double Lane(Vector256<double> v, int lane) => v[lane];
}
