using Xunit;

namespace IMCSim.Tests.Support;

internal static class CliAssert
{
    /// <summary>Exit code 2, exactly one line on stderr starting "imcsim: ", no stack trace, containing every fragment.</summary>
    public static void OneLineError((int Code, string Stdout, string Stderr) run, params string[] mustContain)
    {
        Assert.Equal(2, run.Code);
        string[] lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("imcsim: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        foreach (string s in mustContain)
        {
            Assert.Contains(s, lines[0], StringComparison.Ordinal);
        }
    }
}
