using IMCSim.Mapping.Sweeps;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>The Pareto front (both metrics maximised) and an axis's effect on a metric, of sweep points.</summary>
public sealed class ParetoFrontTests
{
    [Fact]
    public void APointWorseOnBothMetrics_IsNotOnTheFront_AndTheTradeOffPointsAre()
    {
        // (1, 9) and (9, 1) trade off; (5, 5) trades off with both; (4, 4) is worse than (5, 5) on both.
        bool[] front = ParetoFront.Of([1, 9, 5, 4], [9, 1, 5, 4]);
        Assert.Equal([true, true, true, false], front);
    }

    [Fact]
    public void APointWorseOnOneMetricAndEqualOnTheOther_IsDominated_ButEqualPointsAreBothOnTheFront()
    {
        // (3, 5) beats (3, 4) on y at the same x; (6, 2) beats (5, 2) on x at the same y; (3, 5) is given twice: neither beats the other.
        bool[] front = ParetoFront.Of([3, 3, 6, 5, 3], [5, 4, 2, 2, 5]);
        Assert.Equal([true, false, true, false, true], front);
    }

    [Fact]
    public void NaN_IsOnNoFront_AndDominatesNothing()
    {
        bool[] front = ParetoFront.Of([double.NaN, 1, 2, 0], [100, 1, double.NaN, 0.5]);
        Assert.Equal([false, true, false, false], front);
        Assert.Empty(ParetoFront.Of([], []));
        Assert.Throws<ArgumentException>(() => ParetoFront.Of([1, 2], [1]));
    }

    [Fact]
    public void TheFront_MatchesTheDefinition_OnRandomPointsWithManyTies()
    {
        var rng = new Random(7);
        double[] x = [.. Enumerable.Range(0, 300).Select(_ => (double)rng.Next(20))];
        double[] y = [.. Enumerable.Range(0, 300).Select(_ => (double)rng.Next(20))];
        bool[] front = ParetoFront.Of(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            bool dominated = Enumerable.Range(0, x.Length).Any(j => x[j] >= x[i] && y[j] >= y[i] && (x[j] > x[i] || y[j] > y[i]));
            Assert.Equal(!dominated, front[i]);
        }

        Assert.Contains(true, front);
    }

    [Fact]
    public void AxisEffect_OfANumericAxis_OrdersValuesAsNumbers_AndAveragesTheFiniteMetrics()
    {
        AxisEffect effect = AxisEffect.Of("adc-bits", ["10", "4", "10", "4", "6"], [1.0, 3.0, 2.0, double.NaN, 5.0]);
        Assert.True(effect.Numeric);
        Assert.Equal(["4", "6", "10"], effect.Levels.Select(l => l.Value));
        Assert.Equal([4.0, 6.0, 10.0], effect.Levels.Select(l => l.Position));
        Assert.Equal([3.0, 5.0, 1.5], effect.Levels.Select(l => l.Mean));
        Assert.Equal([1.0, 2.0], effect.Levels[2].Metric);
    }

    [Fact]
    public void AxisEffect_OfACategoricalAxis_PlacesTheValuesAtZeroOneTwo_AndAValueWithoutNumbersHasANaNMean()
    {
        AxisEffect effect = AxisEffect.Of("device", ["rram", "pcm", "sram", "pcm"], [2.0, 4.0, double.NaN, 6.0]);
        Assert.False(effect.Numeric);
        Assert.Equal(["pcm", "rram", "sram"], effect.Levels.Select(l => l.Value));
        Assert.Equal([0.0, 1.0, 2.0], effect.Levels.Select(l => l.Position));
        Assert.Equal(5.0, effect.Levels[0].Mean);
        Assert.True(double.IsNaN(effect.Levels[2].Mean));
    }

    [Fact]
    public void AxisEffect_OfDurationsAndArrayShapes_OrdersThemByTheSettingsValue_NotByTheirText()
    {
        AxisEffect drift = AxisEffect.Of("drift-time", ["10y", "1d", "1h", "1s", "1w", "1y"], [1.0, 2, 3, 4, 5, 6]);
        Assert.False(drift.Numeric);
        Assert.Equal(["1s", "1h", "1d", "1w", "1y", "10y"], drift.Levels.Select(l => l.Value));

        AxisEffect arrays = AxisEffect.Of("array", ["256x256", "64x64", "128x64", "128x128"], [1.0, 2, 3, 4]);
        Assert.Equal(["64x64", "128x64", "128x128", "256x256"], arrays.Levels.Select(l => l.Value));
    }
}
