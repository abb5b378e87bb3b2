namespace IMCSim.Simulator.Primitives;

/// <summary>
/// How one transistor of a gate is laid out in a cell of fixed height: <see cref="Fingers"/> parallel fingers (1 = not folded;
/// 0 = the transistor is absent), each with a diffusion of height <see cref="FingerHeightM"/> (NeuroSim's heightDrain: the drawn
/// width, or the largest width that fits, at planar nodes; fins per finger x fin width below 22 nm) and
/// <see cref="FinsPerFinger"/> fins or nanosheet stacks (0 at planar nodes).
/// </summary>
public readonly record struct FoldedTransistor(int Fingers, double FingerHeightM, int FinsPerFinger)
{
    public static FoldedTransistor Absent => default;

    public bool IsPresent => Fingers > 0;

    public bool IsFolded => Fingers > 1;
}
