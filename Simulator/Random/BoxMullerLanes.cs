using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Random;

/// <summary>
/// The float and int arithmetic <see cref="BoxMuller"/> needs, on one value (scalar) or on the lanes of
/// one vector. Every operation is exact or a single correctly rounded IEEE 754 operation (add, subtract,
/// multiply, fused multiply-add, square root, int-to-float conversion of values below 2^24), so a lane
/// gives the same bits as the scalar code on every x86-64 CPU, whatever the vector width.
/// </summary>
internal interface IBoxMullerLanes<TF, TI>
    where TF : struct
    where TI : struct
{
    static abstract TF Float(float x);

    static abstract TI Int(int x);

    static abstract TF Add(TF a, TF b);

    static abstract TF Subtract(TF a, TF b);

    static abstract TF Multiply(TF a, TF b);

    /// <summary>a * b + c, rounded once.</summary>
    static abstract TF Fma(TF a, TF b, TF c);

    static abstract TF Sqrt(TF a);

    /// <summary>Exact for |a| &lt; 2^24.</summary>
    static abstract TF ToFloat(TI a);

    static abstract TF AsFloat(TI a);

    static abstract TI AsInt(TF a);

    static abstract TI AddInt(TI a, TI b);

    static abstract TI SubtractInt(TI a, TI b);

    static abstract TI And(TI a, TI b);

    static abstract TI Or(TI a, TI b);

    static abstract TI Xor(TI a, TI b);

    static abstract TI ShiftLeft(TI a, int count);

    static abstract TI ShiftRightLogical(TI a, int count);

    /// <summary>All ones where a &lt; b (signed), else 0.</summary>
    static abstract TI LessThan(TI a, TI b);

    /// <summary>whenTrue where mask is all ones, whenFalse where it is 0.</summary>
    static abstract TI Select(TI mask, TI whenTrue, TI whenFalse);
}

/// <summary>
/// The correctly rounded scalar float operations of <see cref="ScalarBoxMullerLanes{TOps}"/>: .NET's on the CPU
/// (<see cref="ManagedScalarFloatOps"/>), or a GPU backend's exactly rounded instructions, so a kernel draws the same normals.
/// </summary>
internal interface IScalarFloatOps
{
    static abstract float Add(float a, float b);

    static abstract float Subtract(float a, float b);

    static abstract float Multiply(float a, float b);

    /// <summary>a * b + c, rounded once.</summary>
    static abstract float Fma(float a, float b, float c);

    static abstract float Sqrt(float a);

    static abstract float AsFloat(int a);

    static abstract int AsInt(float a);
}

/// <summary>.NET's scalar float operations (each a single IEEE 754 operation on x86-64).</summary>
internal readonly struct ManagedScalarFloatOps : IScalarFloatOps
{
    public static float Add(float a, float b) => a + b;

    public static float Subtract(float a, float b) => a - b;

    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    public static float Sqrt(float a) => MathF.Sqrt(a);

    public static float AsFloat(int a) => BitConverter.Int32BitsToSingle(a);

    public static int AsInt(float a) => BitConverter.SingleToInt32Bits(a);
}

/// <summary>One value: float (through <typeparamref name="TOps"/>) and int.</summary>
internal readonly struct ScalarBoxMullerLanes<TOps> : IBoxMullerLanes<float, int>
    where TOps : struct, IScalarFloatOps
{
    public static float Float(float x) => x;

    public static int Int(int x) => x;

    public static float Add(float a, float b) => TOps.Add(a, b);

    public static float Subtract(float a, float b) => TOps.Subtract(a, b);

    public static float Multiply(float a, float b) => TOps.Multiply(a, b);

    public static float Fma(float a, float b, float c) => TOps.Fma(a, b, c);

    public static float Sqrt(float a) => TOps.Sqrt(a);

    public static float ToFloat(int a) => a;

    public static float AsFloat(int a) => TOps.AsFloat(a);

    public static int AsInt(float a) => TOps.AsInt(a);

    public static int AddInt(int a, int b) => a + b;

    public static int SubtractInt(int a, int b) => a - b;

    public static int And(int a, int b) => a & b;

    public static int Or(int a, int b) => a | b;

    public static int Xor(int a, int b) => a ^ b;

    public static int ShiftLeft(int a, int count) => a << count;

    public static int ShiftRightLogical(int a, int count) => (int)((uint)a >> count);

    public static int LessThan(int a, int b) => a < b ? -1 : 0;

    public static int Select(int mask, int whenTrue, int whenFalse) => (whenTrue & mask) | (whenFalse & ~mask);
}

/// <summary>Sixteen values: one AVX-512 vector.</summary>
internal readonly struct Vector512BoxMullerLanes : IBoxMullerLanes<Vector512<float>, Vector512<int>>
{
    public static Vector512<float> Float(float x) => Vector512.Create(x);

    public static Vector512<int> Int(int x) => Vector512.Create(x);

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);

    public static Vector512<float> ToFloat(Vector512<int> a) => Vector512.ConvertToSingle(a);

    public static Vector512<float> AsFloat(Vector512<int> a) => a.AsSingle();

    public static Vector512<int> AsInt(Vector512<float> a) => a.AsInt32();

    public static Vector512<int> AddInt(Vector512<int> a, Vector512<int> b) => a + b;

    public static Vector512<int> SubtractInt(Vector512<int> a, Vector512<int> b) => a - b;

    public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

    public static Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;

    public static Vector512<int> Xor(Vector512<int> a, Vector512<int> b) => a ^ b;

    public static Vector512<int> ShiftLeft(Vector512<int> a, int count) => Vector512.ShiftLeft(a, count);

    public static Vector512<int> ShiftRightLogical(Vector512<int> a, int count) => Vector512.ShiftRightLogical(a, count);

    public static Vector512<int> LessThan(Vector512<int> a, Vector512<int> b) => Vector512.LessThan(a, b);

    public static Vector512<int> Select(Vector512<int> mask, Vector512<int> whenTrue, Vector512<int> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
}

/// <summary>Eight values: one AVX2 vector.</summary>
internal readonly struct Vector256BoxMullerLanes : IBoxMullerLanes<Vector256<float>, Vector256<int>>
{
    public static Vector256<float> Float(float x) => Vector256.Create(x);

    public static Vector256<int> Int(int x) => Vector256.Create(x);

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);

    public static Vector256<float> ToFloat(Vector256<int> a) => Vector256.ConvertToSingle(a);

    public static Vector256<float> AsFloat(Vector256<int> a) => a.AsSingle();

    public static Vector256<int> AsInt(Vector256<float> a) => a.AsInt32();

    public static Vector256<int> AddInt(Vector256<int> a, Vector256<int> b) => a + b;

    public static Vector256<int> SubtractInt(Vector256<int> a, Vector256<int> b) => a - b;

    public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

    public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;

    public static Vector256<int> Xor(Vector256<int> a, Vector256<int> b) => a ^ b;

    public static Vector256<int> ShiftLeft(Vector256<int> a, int count) => Vector256.ShiftLeft(a, count);

    public static Vector256<int> ShiftRightLogical(Vector256<int> a, int count) => Vector256.ShiftRightLogical(a, count);

    public static Vector256<int> LessThan(Vector256<int> a, Vector256<int> b) => Vector256.LessThan(a, b);

    public static Vector256<int> Select(Vector256<int> mask, Vector256<int> whenTrue, Vector256<int> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
}
