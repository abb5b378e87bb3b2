namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// The row drivers (DAC) of bit-serial input: an input quantised to <c>input bits</c> (0..2^b - 1)
/// is applied <c>DAC bits</c> per read cycle, cycle c carrying digit (q >> c·d) &amp; (2^d - 1) at
/// weight 2^(c·d). Input bits 0 means analog inputs, applied in one cycle at their value.
/// A digit of 0 drives nothing.
/// </summary>
public sealed record InputDac
{
    public InputDac(int inputBits, int dacBits)
    {
        if (inputBits is < 0 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(inputBits), $"input bits must be 0..24, got {inputBits}");
        }

        if (dacBits < 1 || (inputBits > 0 && dacBits > inputBits))
        {
            throw new ArgumentOutOfRangeException(nameof(dacBits), $"DAC bits must be 1..input bits ({inputBits}), got {dacBits}");
        }

        InputBits = inputBits;
        DacBits = dacBits;
    }

    public int InputBits { get; }

    public int DacBits { get; }

    public bool Analog => InputBits == 0;

    /// <summary>Read cycles per input vector: ceil(input bits / DAC bits), 1 for analog inputs.</summary>
    public int Cycles => Analog ? 1 : (InputBits + DacBits - 1) / DacBits;

    /// <summary>Mask of one digit (0 for analog inputs: the value passes as is).</summary>
    public int DigitMask => Analog ? 0 : (1 << DacBits) - 1;

    /// <summary>Full-scale digit: the DAC's top output, as a multiple of the read voltage (1 for analog inputs).</summary>
    public int DigitMax => Analog ? 1 : DigitMask;

    /// <summary>Largest quantised input, 2^b - 1 (unbounded for analog inputs).</summary>
    public float InputMax => Analog ? float.MaxValue : (1 << InputBits) - 1;

    /// <summary>Shift-and-add weight of cycle <paramref name="cycle"/>: 2^(cycle x DAC bits).</summary>
    public double CycleWeight(int cycle) => Analog ? 1 : Math.Pow(2, cycle * DacBits);
}
