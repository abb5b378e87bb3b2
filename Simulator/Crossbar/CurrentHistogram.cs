using System.Runtime.Intrinsics;

namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// A log-scale histogram of |column current| for ADC range calibration: the bin of a current is its
/// float exponent and top 7 mantissa bits (128 bins per octave, edges 0.54 % apart) from 2^-24 to 2^40
/// level units; smaller currents (zero) fall in bin 0, larger in the last. Bins are integer counts,
/// so merging histograms in any order gives the same result.
/// </summary>
public static class CurrentHistogram
{
    private const int FirstKey = (127 - 24) << 7;

    public const int Bins = 64 << 7;

    public static int Bin(float current) => BinOfMagnitude(BitConverter.SingleToInt32Bits(current) & 0x7FFFFFFF);

    /// <summary>The bin of a current whose magnitude has float bits <paramref name="magnitudeBits"/> (what GPU kernels count with).</summary>
    internal static int BinOfMagnitude(int magnitudeBits)
    {
        int key = (magnitudeBits >> 16) - FirstKey;
        return key < 0 ? 0 : key >= Bins ? Bins - 1 : key;
    }

    /// <summary><see cref="BinOfMagnitude"/> of 16 magnitudes at once.</summary>
    internal static Vector512<int> BinsOfMagnitudes(Vector512<int> magnitudeBits) =>
        Vector512.Min(Vector512.Max(Vector512.ShiftRightArithmetic(magnitudeBits, 16) - Vector512.Create(FirstKey), Vector512<int>.Zero), Vector512.Create(Bins - 1));

    /// <summary>Lower edge of a bin, level units.</summary>
    public static double LowerEdge(int bin) => BitConverter.Int32BitsToSingle((bin + FirstKey) << 16);

    /// <summary>Upper edge of a bin, level units.</summary>
    public static double UpperEdge(int bin) => BitConverter.Int32BitsToSingle((bin + FirstKey + 1) << 16);
}
