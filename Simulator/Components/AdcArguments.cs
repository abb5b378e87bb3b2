using System.Runtime.CompilerServices;

namespace IMCSim.Simulator.Components;

/// <summary>Argument checks of the ADC components: every failure is an <see cref="ArgumentOutOfRangeException"/> naming the argument.</summary>
internal static class AdcArguments
{
    public const int MinBits = 1;

    public const int MaxBits = 12;

    public static int Bits(int bits, [CallerArgumentExpression(nameof(bits))] string? name = null) =>
        bits is >= MinBits and <= MaxBits
            ? bits
            : throw new ArgumentOutOfRangeException(name, bits, $"ADC resolution must be {MinBits} to {MaxBits} bits");

    public static int Count(int count, [CallerArgumentExpression(nameof(count))] string? name = null) =>
        count > 0 ? count : throw new ArgumentOutOfRangeException(name, count, "must be > 0");

    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number > 0");

    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number >= 0");

    /// <summary>NeuroSim's temperature factor on its fitted column powers, 1 + 1.3e-3 (T - 300 K).</summary>
    public static double TemperatureFactor(double temperatureK) => 1 + (1.3e-3 * (temperatureK - 300));
}
