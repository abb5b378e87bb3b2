using IMCSim.Simulator.Random;

namespace IMCSim.Accelerators.Kernels;

/// <summary>
/// Box-Muller lanes for kernels: one float per work item, every float operation through <typeparamref name="TMath"/> (exactly rounded
/// on both backends), so <c>BoxMuller.Normal</c> gives the bits of <c>CounterRng.NormalSingle</c> on the CPU accelerator and in PTX.
/// </summary>
internal readonly struct KernelBoxMullerLanes<TMath> : IBoxMullerLanes<float, int>
    where TMath : struct, IFusedMath
{
    public static float Float(float x) => x;

    public static int Int(int x) => x;

    public static float Add(float a, float b) => TMath.Add(a, b);

    public static float Subtract(float a, float b) => TMath.Sub(a, b);

    public static float Multiply(float a, float b) => TMath.Mul(a, b);

    public static float Fma(float a, float b, float c) => TMath.Fma(a, b, c);

    public static float Sqrt(float a) => TMath.Sqrt(a);

    public static float ToFloat(int a) => a;

    public static float AsFloat(int a) => ILGPU.Interop.IntAsFloat((uint)a);

    public static int AsInt(float a) => (int)ILGPU.Interop.FloatAsInt(a);

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
