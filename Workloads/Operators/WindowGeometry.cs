namespace IMCSim.Workloads.Operators;

/// <summary>
/// The sliding-window geometry shared by Conv and the pools, for 1 or 2 spatial dimensions.
/// Output size per axis: floor((in + pad_begin + pad_end - dilation (k - 1) - 1) / stride) + 1
/// (ceil instead of floor with ceil_mode, dropping a last window that would start in the end
/// padding); with SAME_* auto padding, out = ceil(in / stride) and the total pad is what that needs.
/// </summary>
public sealed record WindowGeometry(
    int[]? KernelShape,
    int[]? Strides,
    int[]? Dilations,
    int[]? Pads,
    AutoPad AutoPad,
    bool CeilMode)
{
    /// <summary>Output sizes and begin/end pads for the given input spatial sizes and kernel.</summary>
    public ResolvedWindow Resolve(ReadOnlySpan<int> input, ReadOnlySpan<int> kernel)
    {
        int rank = input.Length;
        var output = new int[rank];
        var padBegin = new int[rank];
        var padEnd = new int[rank];
        var strides = new int[rank];
        var dilations = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int s = Strides?[i] ?? 1;
            int d = Dilations?[i] ?? 1;
            int k = kernel[i];
            int span = (d * (k - 1)) + 1;
            strides[i] = s;
            dilations[i] = d;
            switch (AutoPad)
            {
                case AutoPad.SameUpper:
                case AutoPad.SameLower:
                {
                    int o = (input[i] + s - 1) / s;
                    int total = Math.Max(0, ((o - 1) * s) + span - input[i]);
                    int small = total / 2;
                    padBegin[i] = AutoPad == AutoPad.SameUpper ? small : total - small;
                    padEnd[i] = total - padBegin[i];
                    output[i] = o;
                    continue;
                }

                case AutoPad.Valid:
                    padBegin[i] = 0;
                    padEnd[i] = 0;
                    break;
                default:
                    padBegin[i] = Pads?[i] ?? 0;
                    padEnd[i] = Pads?[i + rank] ?? 0;
                    break;
            }

            int extent = input[i] + padBegin[i] + padEnd[i] - span;
            if (extent < 0)
            {
                throw new Graph.OperatorException($"kernel extent {span} is larger than the padded input {input[i] + padBegin[i] + padEnd[i]} on spatial axis {i}");
            }

            int outSize = CeilMode ? ((extent + s - 1) / s) + 1 : (extent / s) + 1;
            if (CeilMode && (outSize - 1) * s >= input[i] + padBegin[i])
            {
                outSize--;
            }

            output[i] = outSize;
        }

        return new ResolvedWindow(output, padBegin, padEnd, strides, dilations);
    }
}
