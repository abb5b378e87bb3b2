namespace IMCSim.Simulator.Crossbar;

/// <summary>
/// How a weight's magnitude bits are cut into cells: slice s holds bits s·b .. s·b + bits(s) - 1 of
/// the integer magnitude (b = bits per cell; the last slice may hold fewer), and its levels span the
/// cell's whole conductance range for the bits it holds: step(s) = (G_max - G_min) / (2^bits(s) - 1).
/// Shift-and-add weight of slice s: 2^(s·b). Magnitude bits 0 means exact (unquantised) weights in
/// one slice spanning the cell's range at <c>bits per cell</c>.
/// </summary>
public sealed record WeightSlicing
{
    public WeightSlicing(int magnitudeBits, int bitsPerCell)
    {
        if (bitsPerCell is < 1 or > 24 || magnitudeBits < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerCell), $"bits per cell must be 1..24 and magnitude bits >= 0 (got {bitsPerCell}, {magnitudeBits})");
        }

        MagnitudeBits = magnitudeBits;
        BitsPerCell = bitsPerCell;
        Slices = magnitudeBits == 0 ? 1 : (magnitudeBits + bitsPerCell - 1) / bitsPerCell;
        SliceBits = [.. Enumerable.Range(0, Slices).Select(s => magnitudeBits == 0 ? bitsPerCell : Math.Min(bitsPerCell, magnitudeBits - (s * bitsPerCell)))];
    }

    public int MagnitudeBits { get; }

    public int BitsPerCell { get; }

    public bool Exact => MagnitudeBits == 0;

    public int Slices { get; }

    /// <summary>Bits held by each slice (the last one may hold fewer than bits per cell).</summary>
    public IReadOnlyList<int> SliceBits { get; }

    /// <summary>Largest level of slice <paramref name="slice"/>: 2^bits(s) - 1.</summary>
    public int LevelMax(int slice) => (1 << SliceBits[slice]) - 1;

    /// <summary>Shift-and-add weight of slice <paramref name="slice"/>: 2^(s x bits per cell) (1 for exact weights).</summary>
    public double ShiftWeight(int slice) => Exact ? 1 : Math.Pow(2, slice * BitsPerCell);

    /// <summary>Level of slice <paramref name="slice"/> for an integer magnitude (the magnitude itself for exact weights).</summary>
    public float Level(double magnitude, int slice) => Exact ? (float)magnitude : ((long)magnitude >> (slice * BitsPerCell)) & LevelMax(slice);
}
