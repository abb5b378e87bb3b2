namespace IMCSim.Simulator.Chip;

/// <summary>
/// DNN+NeuroSim V1.4's post-layout calibration factors (Param.cpp @0e3bff1, applied when param->validated is true): the clock
/// period x β = 1.4 (SubArray::CalculateLatency), flip-flop energy of shift-adds and register files x γ = 0.5 (DFF::CalculatePower),
/// adder energy x δ = 0.15 (Adder::CalculatePower), decoder (mux and buffer) energy x ε = 0.05 (RowDecoder::CalculatePower), and
/// TOPS/W / ζ = 1.22 (main.cpp, the printed line only), level-shifter area x α = 1.44 (LevelShifter::CalculateArea). Off: all 1.
/// NeuroSim fitted them to post-layout simulations of its own macros; they are not physics, so IMCSim applies them only when asked
/// (setting post-layout, on in configs/neurosim-v1.4.yaml).
/// </summary>
public sealed record PostLayoutFactors(double Clock, double FlipFlopEnergy, double AdderEnergy, double DecoderEnergy, double TopsPerWattDivisor, double LevelShifterArea)
{
    public static PostLayoutFactors None { get; } = new(1, 1, 1, 1, 1, 1);

    public static PostLayoutFactors NeuroSim { get; } = new(1.4, 0.5, 0.15, 0.05, 1.22, 1.44);

    public static PostLayoutFactors For(bool apply) => apply ? NeuroSim : None;
}
