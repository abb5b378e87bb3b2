namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Shape of a 2-D convolution: input [N, C, H, W], weights [M, C / Groups, KH, KW], optional bias
/// [M], output [N, M, OH, OW]; output pixel (oy, ox) reads input rows oy*StrideH - PadTop + ki*DilationH
/// and columns ox*StrideW - PadLeft + kj*DilationW, zero outside the input. An unmanaged struct so a GPU
/// backend can take it as is.
/// </summary>
public readonly record struct Conv2dArgs(
    int N,
    int C,
    int H,
    int W,
    int M,
    int KH,
    int KW,
    int OH,
    int OW,
    int StrideH,
    int StrideW,
    int DilationH,
    int DilationW,
    int PadTop,
    int PadLeft,
    int Groups)
{
    public int ChannelsPerGroup => C / Groups;

    public int OutputsPerGroup => M / Groups;

    /// <summary>Rows of the im2col matrix of one group: (C / Groups) KH KW.</summary>
    public int PatchLength => ChannelsPerGroup * KH * KW;

    public int OutputPlane => OH * OW;

    public long InputLength => (long)N * C * H * W;

    public long WeightLength => (long)M * PatchLength;

    public long OutputLength => (long)N * M * OH * OW;

    public void Validate(int inputLength, int weightLength, int biasLength, int outputLength)
    {
        if (N < 0 || C < 1 || H < 1 || W < 1 || M < 1 || KH < 1 || KW < 1 || OH < 1 || OW < 1
            || StrideH < 1 || StrideW < 1 || DilationH < 1 || DilationW < 1 || PadTop < 0 || PadLeft < 0
            || Groups < 1 || C % Groups != 0 || M % Groups != 0)
        {
            throw new ArgumentException($"invalid convolution geometry {this}");
        }

        if (inputLength < InputLength || weightLength < WeightLength || outputLength < OutputLength || (biasLength != 0 && biasLength < M))
        {
            throw new ArgumentException($"convolution buffers too short for {this}");
        }
    }
}
