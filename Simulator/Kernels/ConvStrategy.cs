namespace IMCSim.Simulator.Kernels;

/// <summary>How <see cref="CpuKernels.Conv2d"/> computes a convolution (all give the same sums, in the same tap order).</summary>
internal enum ConvStrategy
{
    /// <summary>Direct stride-1 kernel, no im2col (few output channels).</summary>
    Direct,

    /// <summary>im2col written into packed GEMM panels, one image per thread.</summary>
    PrepackedGemm,

    /// <summary>im2col, then the general GEMM spread over threads (few images, or deep patches).</summary>
    ThreadedGemm,
}
