namespace IMCSim.Simulator.Chip;

/// <summary>The integer arithmetic of the floorplan and the bit widths: ceilings of quotients and of base-2 logarithms.</summary>
internal static class ChipMath
{
    /// <summary>ceil(n / d) for n &gt;= 0, d &gt; 0.</summary>
    public static long CeilDiv(long n, long d) => (n + d - 1) / d;

    /// <summary>ceil(log2 n), 0 for n &lt;= 1: the extra bits of a sum of n values.</summary>
    public static int Log2Ceiling(int n) => n <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(n));
}
