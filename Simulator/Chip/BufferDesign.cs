using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// A register-file buffer of one or more cores (<see cref="RegisterFileBuffer"/>), sized as DNN+NeuroSim V1.4's Tile.cpp /
/// Chip.cpp size theirs: a buffer that needs fewer bits than one core is one core of exactly that many bits with the given port;
/// otherwise ceil(bits / core) cores of <paramref name="coreBits"/> bits with a <paramref name="corePort"/>-bit port. Cores work in
/// parallel. Energy per bit splits into decoder and flip-flop parts so that post-layout factors can act on each.
/// </summary>
public sealed class BufferDesign
{
    public BufferDesign(TechnologyNode tech, long neededBits, int smallPort, int coreBits, int corePort, double clockHz)
    {
        bool small = neededBits < coreBits;
        CoreBits = small ? (int)Math.Max(1, neededBits) : coreBits;
        Port = Math.Max(1, small ? Math.Min(smallPort, CoreBits) : corePort);
        Cores = small ? 1 : (int)((neededBits + coreBits - 1) / coreBits);
        int lines = RegisterFileBuffer.Lines(CoreBits, Port);
        AreaM2 = Cores * RegisterFileBuffer.AreaM2(tech, CoreBits, Port);
        LeakageW = Cores * RegisterFileBuffer.LeakageW(tech, CoreBits, Port);
        DecoderEnergyPerBitJ = lines * RowDecoder.EnergyPerDecodeJ(tech, lines, 1) / CoreBits;
        FlipFlopEnergyPerBitJ = Dff.EnergyPerClockJ(tech, CoreBits) / CoreBits;
        LineLatencyS = RegisterFileBuffer.LatencyPerLineS(tech, CoreBits, Port, clockHz);
    }

    public int CoreBits { get; }

    public int Port { get; }

    public int Cores { get; }

    public double AreaM2 { get; }

    public double LeakageW { get; }

    public double DecoderEnergyPerBitJ { get; }

    public double FlipFlopEnergyPerBitJ { get; }

    /// <summary>Time of one line read or written, s.</summary>
    public double LineLatencyS { get; }

    /// <summary>Energy of moving <paramref name="bits"/> bits through it (each written once and read once counts once), J.</summary>
    public double EnergyJ(double bits, PostLayoutFactors k) => bits * ((DecoderEnergyPerBitJ * k.DecoderEnergy) + (FlipFlopEnergyPerBitJ * k.FlipFlopEnergy));

    /// <summary>Clock cycles to write and read <paramref name="bits"/> bits, every core moving one line per cycle.</summary>
    public double Cycles(double bits, int cyclesPerLine) => bits / ((double)Port * Cores) * cyclesPerLine;
}
