using System.Runtime.CompilerServices;

namespace IMCSim.Simulator.Primitives;

/// <summary>Argument checks of the primitives: every failure is an <see cref="ArgumentOutOfRangeException"/> naming the argument.</summary>
internal static class Check
{
    /// <summary>A width or length that may be 0 (an absent transistor): finite and >= 0.</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number >= 0");

    /// <summary>A quantity that must be finite and > 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number > 0");
}
