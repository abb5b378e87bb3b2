using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// A tile of processing elements (PEs) of one kind (novel or conventional mapping) built of one sub-array design, after DNN+NeuroSim
/// V1.4's ProcessingUnit.cpp and Tile.cpp (@0e3bff1):
/// <list type="bullet">
/// <item>PE: PE side / array rows x PE side / array columns sub-arrays, an adder tree over its rows of sub-arrays (one tree per
/// output), a flip-flop input buffer (input bits x array rows) and output buffer (ADCs per array x (output bits + 2)), and a bus
/// between its sub-arrays (no area, as in NeuroSim).</item>
/// <item>Tile: k^2 PEs (novel) or 2 x 2 (conventional), an accumulation adder tree over them (novel: all k^2; conventional: the 2
/// PE rows), register-file input and output buffers (<see cref="BufferDesign"/>: cores of 32 x 32 bits, NeuroSim's tile buffer) and
/// an H-tree to the PEs (bus width: the PEs' columns side by side).</item>
/// </list>
/// The tile is laid out as a square of its summed area.
/// </summary>
public sealed class TileDesign
{
    /// <summary>NeuroSim Param.cpp tileBufferCoreSizeRow x Col = 32 x 32.</summary>
    public const int TileBufferCoreBits = 32 * 32;
    public const int TileBufferPort = 32;

    /// <summary>NeuroSim Tile.cpp: the tile's H-tree is laid out with a folded ratio of 16 (its wire strips share the area 16-fold, routed over the PEs).</summary>
    public const double TreeFoldedRatio = 16;

    public TileDesign(ChipSpec spec, SubArrayDesign subArray, bool novel, int peSize, int kernelArea, double clockHz)
    {
        TechnologyNode tech = spec.Technology;
        SubArray = subArray;
        Novel = novel;
        PeSize = peSize;
        int cpw = subArray.ColumnsPerOutput;
        ArrayRowsPerPe = Math.Max(1, peSize / spec.ArrayRows);
        ArrayColumnsPerPe = Math.Max(1, peSize / spec.ArrayCols);
        ArraysPerPe = ArrayRowsPerPe * ArrayColumnsPerPe;
        Pes = novel ? kernelArea : 4;
        OutputsPerPe = Math.Max(1, peSize / cpw);
        PeTree = AdderTree.Cost(tech, Math.Max(2, ArrayRowsPerPe), subArray.OutputBits, OutputsPerPe, 0);
        PeOutputBits = subArray.OutputBits + ChipMath.Log2Ceiling(ArrayRowsPerPe);
        PeInputBufferBits = spec.InputBits * spec.ArrayRows;
        PeOutputBufferBits = spec.AdcsPerArray * (subArray.OutputBits + 2);
        double peBuffers = Dff.AreaM2(tech, PeInputBufferBits) + Dff.AreaM2(tech, PeOutputBufferBits);
        PeLeakageW = (ArraysPerPe * subArray.LeakageW) + (ArrayRowsPerPe > 1 ? PeTree.LeakageW : 0) + Dff.LeakageW(tech, PeInputBufferBits) + Dff.LeakageW(tech, PeOutputBufferBits);
        PeAreaM2 = (ArraysPerPe * subArray.BoxAreaM2) + (ArrayRowsPerPe > 1 ? PeTree.AreaM2 : 0) + peBuffers;
        PeBufferAreaM2 = peBuffers;
        PeSideM = Math.Sqrt(PeAreaM2);
        PeBusInputJPerBit = Bus.EnergyPerBitJ(tech, ArrayColumnsPerPe, subArray.BoxWidthM, InterconnectToggle.Input);
        PeBusOutputJPerBit = Bus.EnergyPerBitJ(tech, ArrayRowsPerPe, subArray.BoxHeightM, InterconnectToggle.Output);

        AccumulationInputs = novel ? kernelArea : 2;
        int tileOutputs = (novel ? 1 : 2) * OutputsPerPe;
        Accumulation = AdderTree.Cost(tech, AccumulationInputs, PeOutputBits, tileOutputs, 0);
        OutputBits = PeOutputBits + ChipMath.Log2Ceiling(AccumulationInputs);
        int feeding = novel ? kernelArea : 2;
        PartialSumBitsPerRead = (long)OutputBits * feeding * spec.AdcsPerArray;
        long inputBits = (long)feeding * spec.InputBits * spec.ArrayRows;
        InputBuffer = new BufferDesign(tech, spec.TileBufferBits > 0 ? spec.TileBufferBits : inputBits, feeding * spec.ArrayRows, TileBufferCoreBits, TileBufferPort, clockHz);
        OutputBuffer = new BufferDesign(tech, spec.TileBufferBits > 0 ? spec.TileBufferBits : PartialSumBitsPerRead, OutputBits * feeding, TileBufferCoreBits, TileBufferPort, clockHz);
        BusWidth = (novel ? kernelArea : 2) * peSize;
        Tree = HTree.Cost(tech, Pes, PeSideM, PeSideM, BusWidth);
        TreeJPerBit = HTree.EnergyPerBitJ(tech, Pes, PeSideM, PeSideM);
        AreaM2 = (Pes * PeAreaM2) + Accumulation.AreaM2 + InputBuffer.AreaM2 + OutputBuffer.AreaM2 + (Tree.AreaM2 / TreeFoldedRatio);
        SideM = Math.Sqrt(AreaM2);
        LeakageW = (Pes * PeLeakageW) + Accumulation.LeakageW + InputBuffer.LeakageW + OutputBuffer.LeakageW + Tree.LeakageW;
    }

    public SubArrayDesign SubArray { get; }

    public bool Novel { get; }

    public int PeSize { get; }

    public int ArrayRowsPerPe { get; }

    public int ArrayColumnsPerPe { get; }

    public int ArraysPerPe { get; }

    public int Pes { get; }

    public int OutputsPerPe { get; }

    /// <summary>The PE's adder tree over its rows of sub-arrays (one per output).</summary>
    public DigitalCost PeTree { get; }

    public int PeOutputBits { get; }

    public int PeInputBufferBits { get; }

    public int PeOutputBufferBits { get; }

    public double PeAreaM2 { get; }

    public double PeBufferAreaM2 { get; }

    public double PeLeakageW { get; }

    public double PeSideM { get; }

    public double PeBusInputJPerBit { get; }

    public double PeBusOutputJPerBit { get; }

    public int AccumulationInputs { get; }

    public DigitalCost Accumulation { get; }

    public int OutputBits { get; }

    /// <summary>Bits of partial sums one read of the tile's PEs produces: what its output buffer must hold.</summary>
    public long PartialSumBitsPerRead { get; }

    public BufferDesign InputBuffer { get; }

    public BufferDesign OutputBuffer { get; }

    public int BusWidth { get; }

    public DigitalCost Tree { get; }

    public double TreeJPerBit { get; }

    public double AreaM2 { get; }

    public double SideM { get; }

    public double LeakageW { get; }
}

/// <summary>NeuroSim V1.4's bus toggle rates (Param.cpp inputtoggle, outputtoggle): the fraction of wires switching per transfer.</summary>
public static class InterconnectToggle
{
    public const double Input = 0.18;
    public const double Output = 0.5;
}
