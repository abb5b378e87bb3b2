namespace IMCSim.Simulator.Technology;

/// <summary>
/// A number of the technology data and where it comes from (a tool, file and branch, a paper, or "derived: how, from what").
/// The technology-side twin of the device cards' <c>Sourced</c> (which lives in Devices, above Simulator in the project graph).
/// </summary>
public readonly record struct SourcedValue(double Value, string Source);
