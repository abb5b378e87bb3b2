using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Sweeps;

/// <summary>
/// Shard K of N of a sweep (`--shard K/N`): the points whose grid index i has i mod N = K - 1, a deterministic split that does not
/// depend on the machine or the order points finish in; the N shards together are the whole sweep, each point in exactly one.
/// </summary>
public sealed record SweepShard(int Index, int Count)
{
    public static SweepShard All { get; } = new(1, 1);

    public bool Holds(SweepPoint point) => point.Index % Count == Index - 1;

    /// <summary>"K/N" with 1 &lt;= K &lt;= N.</summary>
    public static SweepShard Parse(string text, string option)
    {
        string[] parts = text.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int k) && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 && k >= 1 && k <= n
            ? new SweepShard(k, n)
            : throw new InputException(option, $"'{text}' must be K/N with 1 <= K <= N, e.g. 2/4");
    }

    public override string ToString() => $"{Index}/{Count}";
}
