using System.Runtime.CompilerServices;

namespace IMCSim.Simulator.Components;

/// <summary>Argument checks of the digital accumulation components: every failure is an <see cref="ArgumentOutOfRangeException"/> naming the argument.</summary>
internal static class AccumulationArguments
{
    /// <summary>A bit width or a count that must be at least 1.</summary>
    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be > 0");

    /// <summary>A count that may be 0.</summary>
    public static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be >= 0");

    /// <summary>A quantity that must be finite and > 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number > 0");

    /// <summary>A quantity that must be finite and >= 0.</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number >= 0");
}
