using IMCSim.Simulator.Crossbar;
using Xunit;

namespace IMCSim.Tests.Simulator;

/// <summary>The ADC model's clipping and rounding (the read kernels' own checks are the family in Tests/Kernels/CrossbarReadFamily.cs).</summary>
public sealed class CrossbarReadKernelTests
{
    [Fact]
    public void Adc_ClipsBeyondFullScaleToTheExtremeCode_AndRoundsToNearest()
    {
        var adc = new AdcModel(4, signedCodes: true, fullScaleLevels: 7);
        Assert.Equal(7, adc.CodeMax);
        Assert.Equal(-7, adc.CodeMin);
        Assert.Equal(1.0, adc.LsbLevels);
        Assert.Equal(7f, adc.Convert(100f));
        Assert.Equal(-7f, adc.Convert(-100f));
        Assert.Equal(3f, adc.Convert(3.49f));
        Assert.Equal(4f, adc.Convert(3.51f));
        Assert.Equal(-2f, adc.Convert(-2.4f));
        var unsigned = new AdcModel(3, signedCodes: false, fullScaleLevels: 14);
        Assert.Equal(7, unsigned.CodeMax);
        Assert.Equal(0f, unsigned.Convert(-5f));
        Assert.Equal(7f, unsigned.Convert(15f));
        Assert.Equal(3f, unsigned.Convert(6.9f));
    }
}
