namespace IMCSim.Simulator.Primitives;

/// <summary>
/// A static CMOS gate: its kind and number of inputs (an inverter has one; a NAND or NOR at least two). Each input drives one
/// NMOS and one PMOS of the widths given to the primitives.
/// </summary>
public sealed record LogicGate
{
    private LogicGate(LogicGateKind kind, int inputs)
    {
        Kind = kind;
        Inputs = inputs;
    }

    public static LogicGate Inverter => new(LogicGateKind.Inverter, 1);

    public LogicGateKind Kind { get; }

    public int Inputs { get; }

    /// <summary>A NAND of <paramref name="inputs"/> (>= 2) inputs.</summary>
    public static LogicGate Nand(int inputs) => new(LogicGateKind.Nand, CheckInputs(inputs));

    /// <summary>A NOR of <paramref name="inputs"/> (>= 2) inputs.</summary>
    public static LogicGate Nor(int inputs) => new(LogicGateKind.Nor, CheckInputs(inputs));

    public override string ToString() => Kind == LogicGateKind.Inverter ? "INV" : $"{(Kind == LogicGateKind.Nand ? "NAND" : "NOR")}{Inputs}";

    private static int CheckInputs(int inputs) =>
        inputs >= 2 ? inputs : throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "a NAND or NOR gate needs at least 2 inputs");
}
