using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Common;

namespace IMCSim.Mapping.Hyde;

/// <summary>
/// What the hybrid-device search optimises, as a score where higher is better: TOPS/mm^2 or TOPS/W as they are, EDP
/// (energy x latency per image) and EDAP (EDP x area) negated.
/// </summary>
public sealed class HydeObjective
{
    private readonly Func<ChipCostReport, double> _score;

    private HydeObjective(string name, string description, Func<ChipCostReport, double> score)
    {
        Name = name;
        Description = description;
        _score = score;
    }

    public static HydeObjective TopsPerMm2 { get; } = new("tops_per_mm2", "TOPS/mm^2 (higher is better)", r => r.TopsPerMm2);

    public static HydeObjective TopsPerW { get; } = new("tops_per_w", "TOPS/W (higher is better)", r => r.TopsPerW);

    public static HydeObjective Edp { get; } = new("edp", "energy x latency per image, uJ x us (lower is better)", r => -r.EdpUjUs);

    public static HydeObjective Edap { get; } = new("edap", "energy x latency per image x area, uJ x us x mm^2 (lower is better)", r => -(r.EdpUjUs * r.AreaMm2));

    public static IReadOnlyList<HydeObjective> All { get; } = [TopsPerMm2, TopsPerW, Edap, Edp];

    /// <summary>The name used by --objective and in the output files.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>The objective of a costed design, higher is better.</summary>
    public double Score(ChipCostReport report) => _score(report);

    /// <summary>The objective's value in its own unit (the score, un-negated for EDP and EDAP).</summary>
    public double Value(ChipCostReport report) => this == Edp || this == Edap ? -_score(report) : _score(report);

    /// <summary>The objective named <paramref name="name"/>; a one-line error naming <paramref name="option"/> and the valid names otherwise.</summary>
    public static HydeObjective Parse(string name, string option = "--objective") =>
        All.FirstOrDefault(o => o.Name == name) ?? throw new InputException(option, $"unknown objective '{name}'; valid: {string.Join(", ", All.Select(o => o.Name))}");
}
