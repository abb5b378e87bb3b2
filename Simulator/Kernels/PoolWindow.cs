namespace IMCSim.Simulator.Kernels;

/// <summary>
/// The taps of one pooling window along one axis (<see cref="PoolArgs"/>): the window's first input index <see cref="Start"/> (negative
/// in the begin padding), the taps [<see cref="Lo"/>, <see cref="Hi"/>) that lie inside the input, and <see cref="Padded"/>, the taps
/// inside the padded input (count_include_pad's divisor). One formula for the host operators and the device kernels.
/// </summary>
public readonly record struct PoolWindow(int Start, int Lo, int Hi, int Padded)
{
    /// <summary>The window of output position <paramref name="o"/>; <paramref name="padded"/> is the input size plus its end padding.</summary>
    public static PoolWindow At(int o, int stride, int padBegin, int dilation, int kernel, int input, int padded)
    {
        int start = (o * stride) - padBegin;
        int lo = start >= 0 ? 0 : Math.Min(kernel, (-start + dilation - 1) / dilation);
        int hi = Clamp((input - start + dilation - 1) / dilation, lo, kernel);
        int inPadded = Clamp((padded - start + dilation - 1) / dilation, 0, kernel);
        return new PoolWindow(start, lo, hi, inPadded);
    }

    /// <summary>Math.Clamp for lo &lt;= hi, without its argument check (GPU kernels cannot throw).</summary>
    private static int Clamp(int value, int lo, int hi) => value < lo ? lo : (value > hi ? hi : value);
}
