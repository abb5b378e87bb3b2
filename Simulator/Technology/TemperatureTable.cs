using System.Globalization;
using IMCSim.Simulator.Common;

namespace IMCSim.Simulator.Technology;

/// <summary>
/// A transistor quantity tabulated against temperature (NeuroSim V1.4: every 10 K from 300 to 400 K), read by linear
/// interpolation between the two neighbouring points: v(T) = v_i + (v_(i+1) - v_i) (T - T_i) / (T_(i+1) - T_i).
/// NeuroSim fills its 101-entry arrays the same way at whole kelvins (Technology::Initialize, the loops after the node branches)
/// and indexes them by (int)T - 300, so at a whole kelvin both give the same number (the same operations in the same order);
/// between whole kelvins NeuroSim truncates T, this table keeps interpolating.
/// </summary>
public sealed class TemperatureTable
{
    private readonly double[] _temperaturesK;
    private readonly double[] _values;

    internal TemperatureTable(double[] temperaturesK, double[] values, string source)
    {
        if (temperaturesK.Length < 2 || temperaturesK.Length != values.Length)
        {
            throw new ArgumentException("a temperature table needs at least two points and one value per temperature", nameof(values));
        }

        _temperaturesK = temperaturesK;
        _values = values;
        Source = source;
    }

    /// <summary>Tabulated temperatures, K, increasing.</summary>
    public IReadOnlyList<double> TemperaturesK => _temperaturesK;

    /// <summary>The value at each tabulated temperature.</summary>
    public IReadOnlyList<double> Values => _values;

    public string Source { get; }

    public double MinTemperatureK => _temperaturesK[0];

    public double MaxTemperatureK => _temperaturesK[^1];

    /// <summary>
    /// The value at <paramref name="temperatureK"/>; outside the table an <see cref="InputException"/> naming the
    /// <c>temperature</c> setting and the valid range.
    /// </summary>
    public double At(double temperatureK)
    {
        CheckTemperature(temperatureK, MinTemperatureK, MaxTemperatureK);
        int i = Array.BinarySearch(_temperaturesK, temperatureK);
        if (i >= 0)
        {
            return _values[i];
        }

        int hi = ~i;
        int lo = hi - 1;
        double a = _values[lo];
        double b = _values[hi];
        return a + ((b - a) * (temperatureK - _temperaturesK[lo]) / (_temperaturesK[hi] - _temperaturesK[lo]));
    }

    internal static void CheckTemperature(double temperatureK, double minK, double maxK)
    {
        if (!(temperatureK >= minK && temperatureK <= maxK))
        {
            throw new InputException(
                "temperature",
                string.Create(CultureInfo.InvariantCulture, $"{temperatureK} K is outside the transistor tables; valid: {minK} to {maxK} K"));
        }
    }
}
