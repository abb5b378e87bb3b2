namespace IMCSim.Workloads.Operators;

/// <summary>A window geometry applied to one input size: output sizes, pads, strides and dilations per spatial axis.</summary>
public sealed record ResolvedWindow(int[] Output, int[] PadBegin, int[] PadEnd, int[] Strides, int[] Dilations);
