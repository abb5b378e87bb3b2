using System.Runtime.CompilerServices;

namespace IMCSim.Simulator.Random;

/// <summary>
/// The single-precision Box-Muller transform of <see cref="CounterRng"/>: sqrt(-2 ln u1) cos(2 pi u2) with
/// u1 = (hi + 1) / 2^24 in (0, 1] and u2 = lo / 2^24 in [0, 1), hi and lo being 24-bit integers. Written once
/// over <see cref="IBoxMullerLanes{TF, TI}"/>, so the scalar code and every vector width run the same sequence
/// of exact integer steps and correctly rounded float operations (fused multiply-adds written out, nothing
/// left to the JIT) and give the same bits; the libraries' log and cos are not used because their vector and
/// scalar versions round differently.
/// <para>
/// ln: u1 = f 2^e with f in [sqrt(1/2), sqrt(2)) taken from the exponent and mantissa bits (exact), then
/// ln f = t - t^2 / 2 + t^3 P(t), t = f - 1 (exact), with Cephes' logf polynomial and ln 2 split in two parts.
/// cos: the turn u2 is split exactly into q quarter turns (nearest) and a remainder |r| &lt;= 1/8 turn by integer
/// arithmetic on lo; theta = 2 pi r (2 pi in two parts) and cos / sin of theta from Cephes' cosf / sinf
/// polynomials on [-pi/4, pi/4], chosen and signed by q.
/// Measured over every possible input (all 2^24 values of hi and of lo) against double Math.Log / Math.Cos:
/// see CounterRngTests for the bounds.
/// </para>
/// </summary>
internal static class BoxMuller
{
    private const float Inverse2Pow24 = 1f / 16777216f;

    // ln 2 = Ln2Hi + Ln2Lo; Ln2Hi has 9 significant bits, so e Ln2Hi is exact for |e| < 2^15.
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    // 2 pi = TwoPiHi + TwoPiLo.
    private const float TwoPiHi = 6.28318548f;
    private const float TwoPiLo = -1.7484555e-7f;

    /// <summary>A standard normal from the 24-bit integers hi (radius) and lo (angle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Normal<TF, TI, TL>(TI hi, TI lo)
        where TF : struct
        where TI : struct
        where TL : IBoxMullerLanes<TF, TI>
        => TL.Multiply(Radius<TF, TI, TL>(hi), CosTurn<TF, TI, TL>(lo));

    /// <summary>sqrt(-2 ln u1), u1 = (hi + 1) / 2^24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Radius<TF, TI, TL>(TI hi)
        where TF : struct
        where TI : struct
        where TL : IBoxMullerLanes<TF, TI>
        => TL.Sqrt(TL.Multiply(LnU1<TF, TI, TL>(hi), TL.Float(-2f)));

    /// <summary>ln u1, u1 = (hi + 1) / 2^24, 0 &lt;= hi &lt; 2^24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF LnU1<TF, TI, TL>(TI hi)
        where TF : struct
        where TI : struct
        where TL : IBoxMullerLanes<TF, TI>
    {
        // m = hi + 1 <= 2^24 converts exactly; u1 = m 2^-24 = f0 2^e0, f0 = 1.mantissa / 2 in [1/2, 1),
        // e0 = biased exponent of m - 150. Where f0 < sqrt(1/2) take f = 2 f0, e = e0 - 1 (small = -1).
        TI bits = TL.AsInt(TL.ToFloat(TL.AddInt(hi, TL.Int(1))));
        TI mantissa = TL.And(bits, TL.Int(0x007FFFFF));
        TI small = TL.LessThan(mantissa, TL.Int(0x003504F3));
        TF e = TL.ToFloat(TL.AddInt(TL.SubtractInt(TL.ShiftRightLogical(bits, 23), TL.Int(150)), small));
        TF f = TL.AsFloat(TL.Or(mantissa, TL.AddInt(TL.Int(0x3F000000), TL.And(small, TL.Int(0x00800000)))));
        TF t = TL.Subtract(f, TL.Float(1f));
        TF z = TL.Multiply(t, t);
        TF p = TL.Fma(TL.Float(7.0376836292e-2f), t, TL.Float(-1.1514610310e-1f));
        p = TL.Fma(p, t, TL.Float(1.1676998740e-1f));
        p = TL.Fma(p, t, TL.Float(-1.2420140846e-1f));
        p = TL.Fma(p, t, TL.Float(1.4249322787e-1f));
        p = TL.Fma(p, t, TL.Float(-1.6668057665e-1f));
        p = TL.Fma(p, t, TL.Float(2.0000714765e-1f));
        p = TL.Fma(p, t, TL.Float(-2.4999993993e-1f));
        p = TL.Fma(p, t, TL.Float(3.3333331174e-1f));
        TF y = TL.Multiply(TL.Multiply(t, z), p);
        y = TL.Fma(e, TL.Float(Ln2Lo), y);
        y = TL.Fma(TL.Float(-0.5f), z, y);
        return TL.Fma(e, TL.Float(Ln2Hi), TL.Add(t, y));
    }

    /// <summary>cos(2 pi u2), u2 = lo / 2^24, 0 &lt;= lo &lt; 2^24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF CosTurn<TF, TI, TL>(TI lo)
        where TF : struct
        where TI : struct
        where TL : IBoxMullerLanes<TF, TI>
    {
        // u2 = q / 4 + r exactly: q = nearest quarter turn (0..4), r = (lo - q 2^22) / 2^24 in [-1/8, 1/8).
        TI q = TL.ShiftRightLogical(TL.AddInt(lo, TL.Int(0x00200000)), 22);
        TF r = TL.Multiply(TL.ToFloat(TL.SubtractInt(lo, TL.ShiftLeft(q, 22))), TL.Float(Inverse2Pow24));
        TF theta = TL.Fma(r, TL.Float(TwoPiHi), TL.Multiply(r, TL.Float(TwoPiLo)));
        TF z = TL.Multiply(theta, theta);

        // cos theta = 1 - theta^2 / 2 + theta^4 C(theta^2) (1 - theta^2 / 2 rounded once: -theta / 2 is exact).
        TF c = TL.Fma(TL.Float(2.443315711809948e-5f), z, TL.Float(-1.388731625493765e-3f));
        c = TL.Fma(c, z, TL.Float(4.166664568298827e-2f));
        c = TL.Fma(TL.Multiply(z, z), c, TL.Fma(TL.Multiply(theta, TL.Float(-0.5f)), theta, TL.Float(1f)));

        // sin theta = theta + theta^3 S(theta^2).
        TF s = TL.Fma(TL.Float(-1.9515295891e-4f), z, TL.Float(8.3321608736e-3f));
        s = TL.Fma(s, z, TL.Float(-1.6666654611e-1f));
        s = TL.Fma(TL.Multiply(theta, z), s, theta);

        // cos(theta + q pi / 2): q = 0, 1, 2, 3, 4 gives cos, -sin, -cos, sin, cos.
        TI odd = TL.SubtractInt(TL.Int(0), TL.And(q, TL.Int(1)));
        TI sign = TL.ShiftLeft(TL.And(TL.AddInt(q, TL.Int(1)), TL.Int(2)), 30);
        return TL.AsFloat(TL.Xor(TL.Select(odd, TL.AsInt(s), TL.AsInt(c)), sign));
    }
}
