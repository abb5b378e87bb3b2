using IMCSim.Simulator.Primitives;
using Xunit;

namespace IMCSim.Tests.Simulator.Primitives;

/// <summary>
/// Horowitz's ramp-input delay as NeuroSim V1.4 formula.cpp horowitz has it: t = τ sqrt(ln(0.5)^2 + 2 α β (1 - 0.5)),
/// α = 1 / (ρ τ), β = 0.5, output ramp 0.5 / t.
/// </summary>
public sealed class HorowitzTests
{
    [Fact]
    public void StepInput_GivesLn2TimesTheTimeConstant()
    {
        var d = Horowitz.Delay(1e-9, double.PositiveInfinity);
        Assert.Equal(Math.Log(2) * 1e-9, d.DelayS, 1e-24);
        Assert.Equal(0.5 / d.DelayS, d.OutputRampRatePerS, 1e-3);
        // NeuroSim's stand-in for a step, 1e20 /s: α = 1e-11, indistinguishable.
        Assert.Equal(d.DelayS, Horowitz.Delay(1e-9, 1e20).DelayS, 1e-20);
    }

    [Fact]
    public void SpotValue_RampAsSlowAsTheTimeConstant()
    {
        // τ = 1 ns, ρ = 1e9 /s: α = 1, t = 1 ns x sqrt(0.480453014 + 2 x 1 x 0.5 x 0.5) = 0.99017827 ns; ramp out 0.5 / t.
        var d = Horowitz.Delay(1e-9, 1e9);
        Assert.Equal(9.901782738e-10, d.DelayS, 1e-19);
        Assert.Equal(0.5 / 9.901782738e-10, d.OutputRampRatePerS, 1);
    }

    [Fact]
    public void Delay_GrowsWithTheTimeConstant_AndWithASlowerInput()
    {
        double previous = 0;
        foreach (double tau in new[] { 1e-12, 1e-11, 1e-10, 1e-9 })
        {
            double t = Horowitz.Delay(tau, 1e10).DelayS;
            Assert.True(t > previous, $"τ = {tau}: {t} s");
            previous = t;
        }

        previous = 0;
        foreach (double rate in new[] { 1e12, 1e10, 1e9, 1e8 }) // input transition 1 ps ... 10 ns
        {
            var d = Horowitz.Delay(1e-10, rate);
            Assert.True(d.DelayS > previous, $"ramp {rate}/s: {d.DelayS} s");
            Assert.True(d.OutputRampRatePerS < 0.5 / (Math.Log(2) * 1e-10));
            previous = d.DelayS;
        }
    }

    [Fact]
    public void BadInput_IsAnArgumentExceptionNamingTheArgument()
    {
        TransistorPrimitivesTests.AssertNames("timeConstantS", () => Horowitz.Delay(0, 1e9));
        TransistorPrimitivesTests.AssertNames("timeConstantS", () => Horowitz.Delay(double.NaN, 1e9));
        TransistorPrimitivesTests.AssertNames("inputRampRatePerS", () => Horowitz.Delay(1e-9, 0));
        TransistorPrimitivesTests.AssertNames("inputRampRatePerS", () => Horowitz.Delay(1e-9, double.NaN));
    }
}
