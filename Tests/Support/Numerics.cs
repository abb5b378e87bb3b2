using Xunit;

namespace IMCSim.Tests.Support;

internal static class Numerics
{
    /// <summary>
    /// Asserts |actual - expected| &lt;= rtol * max(|expected|, 1e-2 * max|expected|) element-wise: relative
    /// error, with values far below the tensor's own scale compared at 1% of that scale.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        double floor = Math.Max(1e-2 * scale, 1e-30);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a))
            {
                continue;
            }

            double tol = rtol * Math.Max(Math.Abs(e), floor);
            if (!(Math.Abs(a - e) <= tol))
            {
                Assert.Fail($"{what}: element {i} is {a}, expected {e} (|diff| {Math.Abs(a - e):E3} > tolerance {tol:E3})");
            }
        }
    }
}
