namespace IMCSim.Simulator.Kernels;

/// <summary>
/// A mapped layer's whole read of Rows float input vectors of K values into outputs of N, around the arrays' read
/// (<see cref="CrossbarReadArgs"/>, which gives Rows, K, N and the Phases), as an unmanaged struct. For each input phase p &lt; Phases
/// (sign +1, then −1 for the negative parts): the DAC codes q = min(round_even(max(0, sign·x) · <see cref="InverseScale"/>),
/// <see cref="InputMax"/>) (with <see cref="Analog"/>: max(0, sign·x) · InverseScale as is) and their sum per vector in double (in
/// index order); the arrays' read of q; y += sign · (read − (float)(<see cref="Offset"/> · sum)) (y starting at +0: the offset
/// encoding's correction, then the phase's sign). Then y ·= <see cref="OutScale"/>, then + bias[j] when there is a bias. Every step
/// is one correctly rounded float operation in this order, so every backend gives the same bits.
/// </summary>
public readonly record struct CrossbarLayerReadArgs(float InverseScale, float InputMax, int Analog, double Offset, float OutScale);
