namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// A column ADC: code = clamp(round(current / LSB), code min, code max), rounding to the nearest code
/// (ties to even). A signed ADC (differential columns) has codes -(2^(b-1) - 1) .. 2^(b-1) - 1, an
/// unsigned one 0 .. 2^b - 1; LSB = full scale / code max, so the full scale current converts to
/// the top code. Bits 0 means an unlimited ADC: the current passes through unquantised.
/// Currents and full scale are in level units (conductance steps x full-scale input digits).
/// </summary>
public sealed record AdcModel
{
    public AdcModel(int bits, bool signedCodes, double fullScaleLevels)
    {
        if (bits is < 0 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"ADC bits must be 0..24, got {bits}");
        }

        if (!double.IsFinite(fullScaleLevels) || fullScaleLevels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fullScaleLevels), $"ADC full scale must be finite and > 0, got {fullScaleLevels}");
        }

        Bits = bits;
        SignedCodes = signedCodes;
        FullScaleLevels = fullScaleLevels;
    }

    public int Bits { get; }

    public bool SignedCodes { get; }

    public double FullScaleLevels { get; }

    public bool Unlimited => Bits == 0;

    /// <summary>Largest code: 2^(b-1) - 1 signed, 2^b - 1 unsigned (the code range is defined here only).</summary>
    public int CodeMax => CodeMaxFor(Bits, SignedCodes);

    public int CodeMin => SignedCodes ? -CodeMax : 0;

    /// <summary>Current of one code step, level units (1 for an unlimited ADC: codes are currents).</summary>
    public double LsbLevels => Unlimited ? 1 : FullScaleLevels / CodeMax;

    /// <summary>Largest code of a <paramref name="bits"/>-bit ADC; an unlimited ADC is treated as 16 bits where a code count is needed.</summary>
    public static int CodeMaxFor(int bits, bool signedCodes)
    {
        int b = bits == 0 ? 16 : bits;
        return signedCodes ? (1 << (b - 1)) - 1 : (1 << b) - 1;
    }

    /// <summary>The code of one current (scalar form of what the read kernels do).</summary>
    public float Convert(float currentLevels)
    {
        if (Unlimited)
        {
            return currentLevels;
        }

        return Math.Clamp(MathF.Round(currentLevels * (float)(1 / LsbLevels)), CodeMin, CodeMax);
    }
}
