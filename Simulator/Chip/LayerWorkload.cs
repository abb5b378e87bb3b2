namespace IMCSim.Simulator.Chip;

/// <summary>
/// One crossbar layer as the cost model sees it: its weight matrix (<see cref="Rows"/> inputs x <see cref="Outputs"/> outputs,
/// each output <see cref="ColumnsPerOutput"/> cell columns wide: weight slices x cells per slice, of <see cref="WeightBits"/> bits), the kernel it was lowered
/// from (a convolution's rows are input channels x kernel height x kernel width; 1 x 1 for a dense layer), the height of its
/// input feature map (1 for a dense layer), how many input vectors it reads per image, the fraction of rows a read drives, its input sign phases, the cell it is built of, and the
/// operations it counts per image (NeuroSim's 2 x MACs over the layer's input size), and the window of the max pooling after it
/// (0 = none).
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
    int PoolWindow = 0)
{
    /// <summary>Weight columns of the matrix: outputs x columns per output.</summary>
    public long WeightColumns => (long)Outputs * ColumnsPerOutput;

    /// <summary>A convolution with a kernel larger than 1 x 1 (what NeuroSim's novel mapping applies to).</summary>
    public bool IsSpatialConvolution => KernelHeight * KernelWidth > 1;
}
