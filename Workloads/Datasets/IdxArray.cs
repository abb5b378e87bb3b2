namespace IMCSim.Workloads.Datasets;

/// <summary>The content of an IDX file: its dimensions and its unsigned-byte data in row-major order.</summary>
public sealed record IdxArray(int[] Dims, byte[] Data);
