namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Max or average pooling of <see cref="Planes"/> planes of <see cref="H"/> x <see cref="W"/> (1-D pooling lifted to H = 1), as an
/// unmanaged struct: output (oy, ox) takes the taps ki &lt; KH, kj &lt; KW at input row oy·StrideH − PadTop + ki·DilationH and column
/// ox·StrideW − PadLeft + kj·DilationW that lie inside the input; average pooling divides by the taps inside the input, or with
/// <see cref="CountIncludePad"/> by those inside the padded input (<see cref="PaddedH"/> x <see cref="PaddedW"/>: the input and its
/// begin and end pads).
/// </summary>
public readonly record struct PoolArgs(
    int Planes, int H, int W, int OH, int OW, int KH, int KW, int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW,
    int PaddedH, int PaddedW, int Max, int CountIncludePad)
{
    public long InputLength => (long)Planes * H * W;

    public long OutputLength => (long)Planes * OH * OW;
}
