namespace IMCSim.Workloads.Operators;

/// <summary>ONNX auto_pad: explicit pads (NotSet), none (Valid), or output = ceil(input / stride) with the odd pad at the end (SameUpper) or start (SameLower).</summary>
public enum AutoPad
{
    NotSet,
    Valid,
    SameUpper,
    SameLower,
}
