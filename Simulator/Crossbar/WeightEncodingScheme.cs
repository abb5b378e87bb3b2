namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// How a signed integer weight q becomes non-negative cell magnitudes: which cells a slice uses,
/// what each cell stores, how a column current is turned back into q, and whether the ADC sees
/// signed currents. One subclass per encoding; callers never switch on the kind.
/// </summary>
public abstract class WeightEncodingScheme
{
    public static WeightEncodingScheme Differential { get; } = new DifferentialEncoding();

    public static WeightEncodingScheme Offset { get; } = new OffsetEncoding();

    /// <summary>Name in settings and reports ("differential", "offset").</summary>
    public abstract string Name { get; }

    /// <summary>Cells (columns) per weight slice.</summary>
    public abstract int CellsPerSlice { get; }

    /// <summary>The ADC sees signed currents (a subtracted pair) or non-negative ones.</summary>
    public abstract bool SignedColumns { get; }

    /// <summary>Magnitude bits a <paramref name="weightBits"/>-bit weight needs (0 stays 0: exact weights).</summary>
    public abstract int MagnitudeBits(int weightBits);

    /// <summary>Largest |q| of a weight: 2^(b-1) - 1 for b-bit weights; for exact weights the largest value one cell of <paramref name="exactLevelMax"/> levels holds.</summary>
    public abstract double QMax(int weightBits, int exactLevelMax);

    /// <summary>Integer added to every weight before it is stored (0 when none).</summary>
    public abstract double OffsetOf(double qMax);

    /// <summary>Magnitude cell <paramref name="cell"/> stores for weight q (0 = G+ or the single cell, 1 = G-).</summary>
    public abstract double CellMagnitude(double q, int cell, double offset);

    /// <summary>Sign with which cell <paramref name="cell"/>'s current enters the column result.</summary>
    public abstract float CellSign(int cell);

    /// <summary>Conductance a column current is measured from, uS: G_min cancels in a pair; an offset column reads G - G_min.</summary>
    public abstract double BaselineUs(double gMinUs);

    private sealed class DifferentialEncoding : WeightEncodingScheme
    {
        public override string Name => "differential";

        public override int CellsPerSlice => 2;

        public override bool SignedColumns => true;

        public override int MagnitudeBits(int weightBits) => weightBits == 0 ? 0 : weightBits - 1;

        public override double QMax(int weightBits, int exactLevelMax) => weightBits == 0 ? exactLevelMax : (1 << (weightBits - 1)) - 1;

        public override double OffsetOf(double qMax) => 0;

        public override double CellMagnitude(double q, int cell, double offset) => cell == 0 ? Math.Max(q, 0) : Math.Max(-q, 0);

        public override float CellSign(int cell) => cell == 0 ? 1f : -1f;

        public override double BaselineUs(double gMinUs) => 0;
    }

    private sealed class OffsetEncoding : WeightEncodingScheme
    {
        public override string Name => "offset";

        public override int CellsPerSlice => 1;

        public override bool SignedColumns => false;

        public override int MagnitudeBits(int weightBits) => weightBits;

        public override double QMax(int weightBits, int exactLevelMax) => weightBits == 0 ? exactLevelMax / 2.0 : (1 << (weightBits - 1)) - 1;

        public override double OffsetOf(double qMax) => qMax;

        public override double CellMagnitude(double q, int cell, double offset) => q + offset;

        public override float CellSign(int cell) => 1f;

        public override double BaselineUs(double gMinUs) => gMinUs;
    }
}
