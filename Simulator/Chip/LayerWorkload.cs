namespace IMCSim.Simulator.Chip;

/// <summary>
/// One crossbar layer as the cost model sees it: its weight matrix (<see cref="Rows"/> inputs x <see cref="Outputs"/> outputs,
/// each output <see cref="ColumnsPerOutput"/> cell columns wide: weight slices x cells per slice, of <see cref="WeightBits"/> bits), the kernel it was lowered
/// from (a convolution's rows are input channels x kernel height x kernel width; 1 x 1 for a dense layer), the height of its
/// input feature map (1 for a dense layer), how many input vectors it reads per image, the fraction of rows a read drives, its input sign phases, the cell it is built of, and the
/// operations it counts per image (NeuroSim's 2 x MACs over the layer's input size), and the window of the max pooling after it
/// (0 = none). A spiking network's layer also gives the bits of its inputs (<see cref="InputBits"/>: 1 for a layer fed by spikes;
/// 0 = the chip's input bits), the timesteps used per image (every input vector is read once per timestep) and the neurons its
/// outputs feed (their spikes, 1 bit each, are what the next layer receives).
/// </summary>
public sealed record LayerWorkload(
    string Name,
    int Rows,
    int Outputs,
    int ColumnsPerOutput,
    int WeightBits,
    int InputChannels,
    int KernelHeight,
    int KernelWidth,
    int InputHeight,
    int InputVectorsPerImage,
    double RowActivity,
    int Phases,
    ArrayCell Cell,
    double OpsPerImage,
    int PoolWindow = 0,
    int InputBits = 0,
    double TimestepsPerImage = 1,
    NeuronWorkload? Neurons = null)
{
    /// <summary>The bits of each input value as this layer reads it on <paramref name="spec"/>.</summary>
    public int InputBitsOn(ChipSpec spec) => InputBits > 0 ? InputBits : spec.InputBits;

    /// <summary>Input cycles per read on <paramref name="spec"/>: ceil(input bits / DAC bits).</summary>
    public int InputCyclesOn(ChipSpec spec) => (InputBitsOn(spec) + spec.DacBits - 1) / spec.DacBits;

    /// <summary>Bits of each output value sent on: 1 (a spike) when neurons follow, else the chip's input bits (the next layer's input).</summary>
    public int OutputBitsOn(ChipSpec spec) => Neurons is null ? spec.InputBits : 1;

    /// <summary>Input vectors read per image: per presentation x timesteps used.</summary>
    public double ReadVectorsPerImage => InputVectorsPerImage * TimestepsPerImage;

    /// <summary>Weight columns of the matrix: outputs x columns per output.</summary>
    public long WeightColumns => (long)Outputs * ColumnsPerOutput;

    /// <summary>A convolution with a kernel larger than 1 x 1 (what NeuroSim's novel mapping applies to).</summary>
    public bool IsSpatialConvolution => KernelHeight * KernelWidth > 1;
}
