namespace IMCSim.Simulator.Primitives;

/// <summary>
/// A gate's 50 % delay, s, and the slope of its output transition, 1/s (the next stage's input ramp rate in
/// <see cref="Horowitz.Delay"/>).
/// </summary>
public readonly record struct SwitchingDelay(double DelayS, double OutputRampRatePerS);
