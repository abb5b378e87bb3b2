namespace IMCSim.Devices.Spec;

/// <summary>
/// One memory technology as a crossbar cell: its conductance range and levels, its non-idealities
/// and its per-cell costs, every number with its source. Built and validated by
/// <see cref="DeviceFileReader"/>; immutable.
/// </summary>
public sealed record DeviceSpec(
    string Name,
    string Technology,
    string Description,
    string SourceFile,
    Sourced GMinUs,
    Sourced GMaxUs,
    Sourced MaxBitsPerCell,
    Sourced ReadVoltageV,
    Sourced ReadPulseNs,
    ProgrammingNoiseSpec ProgrammingNoise,
    ReadNoiseSpec ReadNoise,
    DriftSpec Drift,
    Sourced VariationRelativeSigma,
    Sourced StuckAtGMinRate,
    Sourced StuckAtGMaxRate,
    Sourced CellAreaF2,
    Sourced ProgramEnergyPj,
    Sourced ProgramLatencyNs)
{
    public int MaxBits => (int)MaxBitsPerCell.Value;

    /// <summary>An ideal device: exact levels, no noise, no drift, no faults (unlimited bits per cell).</summary>
    public static DeviceSpec Ideal { get; } = new(
        "ideal", "ideal", "Ideal device: exact conductance levels, no noise, drift or faults", "built-in",
        Sourced.Of(0, "ideal"), Sourced.Of(1, "ideal: 1 uS full scale"), Sourced.Of(24, "ideal: unlimited (24 bits)"),
        Sourced.Of(0.1, "ideal"), Sourced.Of(10, "NeuroSim V1.3 read pulse 10 ns"), ProgrammingNoiseSpec.None, ReadNoiseSpec.None, DriftSpec.None,
        Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"), Sourced.Of(48, "NeuroSim V1.3 1T1R 48 F^2"),
        Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"));

    /// <summary>Every parameter as (field, value, source) rows, for `imcsim devices show` and run manifests.</summary>
    public IEnumerable<(string Field, string Value, string Source)> Parameters()
    {
        static string F(Sourced s) => s.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        yield return ("conductance.g_min_us", F(GMinUs), GMinUs.Source);
        yield return ("conductance.g_max_us", F(GMaxUs), GMaxUs.Source);
        yield return ("max_bits_per_cell", F(MaxBitsPerCell), MaxBitsPerCell.Source);
        yield return ("read.voltage_v", F(ReadVoltageV), ReadVoltageV.Source);
        yield return ("read.pulse_ns", F(ReadPulseNs), ReadPulseNs.Source);
        if (ProgrammingNoise.Enabled)
        {
            string arg = ProgrammingNoise.ArgumentIsNormalized ? "g_over_g_max" : "g_us";
            yield return ("programming_noise.model", $"polynomial in {arg}", "");
            yield return ("programming_noise.c0_us", F(ProgrammingNoise.C0Us), ProgrammingNoise.C0Us.Source);
            yield return ("programming_noise.c1_us", F(ProgrammingNoise.C1Us), ProgrammingNoise.C1Us.Source);
            yield return ("programming_noise.c2_us", F(ProgrammingNoise.C2Us), ProgrammingNoise.C2Us.Source);
            yield return ("programming_noise.c3_us", F(ProgrammingNoise.C3Us), ProgrammingNoise.C3Us.Source);
        }
        else
        {
            yield return ("programming_noise.model", "none", "");
        }

        yield return ("read_noise.model", ReadNoise.Kind.ToString(), "");
        if (ReadNoise.Kind == ReadNoiseKind.Relative)
        {
            yield return ("read_noise.relative_sigma", F(ReadNoise.RelativeSigma), ReadNoise.RelativeSigma.Source);
        }
        else if (ReadNoise.Kind == ReadNoiseKind.Pcm1F)
        {
            yield return ("read_noise.t_read_s", F(ReadNoise.TReadS), ReadNoise.TReadS.Source);
            yield return ("read_noise.read_interval_s", F(ReadNoise.ReadIntervalS), ReadNoise.ReadIntervalS.Source);
        }

        yield return ("drift.model", Drift.Kind.ToString(), "");
        if (Drift.Kind != DriftKind.None)
        {
            yield return ("drift.t0_s", F(Drift.T0S), Drift.T0S.Source);
        }

        if (Drift.Kind == DriftKind.PowerLaw)
        {
            yield return ("drift.nu_mean", F(Drift.NuMean), Drift.NuMean.Source);
            yield return ("drift.nu_sigma", F(Drift.NuSigma), Drift.NuSigma.Source);
        }

        yield return ("variation.relative_sigma", F(VariationRelativeSigma), VariationRelativeSigma.Source);
        yield return ("faults.stuck_at_g_min_rate", F(StuckAtGMinRate), StuckAtGMinRate.Source);
        yield return ("faults.stuck_at_g_max_rate", F(StuckAtGMaxRate), StuckAtGMaxRate.Source);
        yield return ("cell_area_f2", F(CellAreaF2), CellAreaF2.Source);
        yield return ("program_energy_pj", F(ProgramEnergyPj), ProgramEnergyPj.Source);
        yield return ("program_latency_ns", F(ProgramLatencyNs), ProgramLatencyNs.Source);
    }
}
