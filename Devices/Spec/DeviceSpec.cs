using System.Globalization;

namespace IMCSim.Devices.Spec;

/// <summary>
/// One memory technology as a crossbar cell: its conductance range and levels, its non-idealities, its
/// geometry and its per-cell costs, every number with its source. Built and validated by
/// <see cref="DeviceFileReader"/>; immutable.
/// </summary>
/// <param name="ReadPulseNs">The one read time of the device (ns): the read pulse for energy and latency, and t_read of the 1/f noise models.</param>
/// <param name="CellHeightF">Cell height in feature sizes F (NeuroSim's heightInFeatureSize): the length of one column-wire segment.</param>
/// <param name="CellWidthF">Cell width in F (NeuroSim's widthInFeatureSize): the length of one row-wire segment.</param>
/// <param name="AccessResistanceOhm">On-resistance of a 1T1R cell's access transistor, in series with the cell; null when the cell has none.</param>
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
    Sourced CellHeightF,
    Sourced CellWidthF,
    Sourced? AccessResistanceOhm,
    Sourced ProgramEnergyPj,
    Sourced ProgramLatencyNs)
{
    public int MaxBits => (int)MaxBitsPerCell.Value;

    /// <summary>The voltage that programs a cell, when the card gives it (write_voltage_v): above 1.5 V the array's drivers need level shifters.</summary>
    public Sourced? WriteVoltageV { get; init; }

    /// <summary>The read time in seconds (read.pulse_ns x 1e-9): t_read of the 1/f noise (aihwkit's t_read) and NeuroSim's readPulseWidth.</summary>
    public double ReadTimeS => ReadPulseNs.Value * 1e-9;

    /// <summary>Cell area in F^2 = height x width (derived from the cell geometry).</summary>
    public Sourced CellAreaF2 => Sourced.Of(
        CellHeightF.Value * CellWidthF.Value,
        string.Create(CultureInfo.InvariantCulture, $"cell.height_f x cell.width_f = {CellHeightF.Value:G6} F x {CellWidthF.Value:G6} F"));

    /// <summary>An ideal device: exact levels, no noise, no drift or faults (unlimited bits per cell), NeuroSim's 1T1R footprint.</summary>
    public static DeviceSpec Ideal { get; } = new(
        "ideal", "ideal", "Ideal device: exact conductance levels, no noise, drift or faults", "built-in",
        Sourced.Of(0, "ideal"), Sourced.Of(1, "ideal: 1 uS full scale"), Sourced.Of(24, "ideal: unlimited (24 bits)"),
        Sourced.Of(0.1, "ideal"), Sourced.Of(10, "NeuroSim V1.4 Param.cpp: readPulseWidth 10 ns"), ProgrammingNoiseSpec.None, ReadNoiseSpec.None, DriftSpec.None,
        Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"),
        Sourced.Of(4, "NeuroSim V1.4 Param.cpp: heightInFeatureSize1T1R = 4"), Sourced.Of(12, "NeuroSim V1.4 Param.cpp: widthInFeatureSize1T1R = 12"), null,
        Sourced.Of(0, "ideal"), Sourced.Of(0, "ideal"));

    /// <summary>
    /// This device without IMCSim's per-read 1/f band (read_noise.model pcm-1f becomes none), leaving aihwkit's PCM model
    /// exactly (its 1/f noise accumulated up to the drift time stays); other read-noise models are unchanged.
    /// </summary>
    public DeviceSpec WithoutPerReadOneOverF() => ReadNoise.Kind == ReadNoiseKind.Pcm1F ? this with { ReadNoise = ReadNoiseSpec.None } : this;

    /// <summary>Every parameter as (field, value, source) rows, for `imcsim devices show` and run manifests.</summary>
    public IEnumerable<(string Field, string Value, string Source)> Parameters()
    {
        static string F(Sourced s) => s.Value.ToString("G6", CultureInfo.InvariantCulture);
        yield return ("conductance.g_min_us", F(GMinUs), GMinUs.Source);
        yield return ("conductance.g_max_us", F(GMaxUs), GMaxUs.Source);
        yield return ("max_bits_per_cell", F(MaxBitsPerCell), MaxBitsPerCell.Source);
        yield return ("read.voltage_v", F(ReadVoltageV), ReadVoltageV.Source);
        yield return ("read.pulse_ns", F(ReadPulseNs), ReadPulseNs.Source + " [the device's one read time: read energy, latency and t_read of the 1/f noise]");
        if (ProgrammingNoise.Enabled)
        {
            string arg = ProgrammingNoise.ArgumentIsNormalized ? "g_over_g_max" : "g_us";
            yield return ("programming_noise.model", $"polynomial in {arg}", "");
            yield return ("programming_noise.c0_us", F(ProgrammingNoise.C0Us), ProgrammingNoise.C0Us.Source);
            yield return ("programming_noise.c1_us", F(ProgrammingNoise.C1Us), ProgrammingNoise.C1Us.Source);
            yield return ("programming_noise.c2_us", F(ProgrammingNoise.C2Us), ProgrammingNoise.C2Us.Source);
            yield return ("programming_noise.c3_us", F(ProgrammingNoise.C3Us), ProgrammingNoise.C3Us.Source);
            if (ProgrammingNoise.GMaxReferenceUs is { } reference)
            {
                yield return ("programming_noise.g_max_reference_us", F(reference), reference.Source + " [sigma scaled by g_max / g_max_reference, as aihwkit]");
            }
        }
        else
        {
            yield return ("programming_noise.model", "none", "");
        }

        switch (ReadNoise.Kind)
        {
            case ReadNoiseKind.Relative:
                yield return ("read_noise.model", ReadNoise.ModelName, "sigma = relative_sigma x abs(G(t)) per read");
                yield return ("read_noise.relative_sigma", F(ReadNoise.RelativeSigma), ReadNoise.RelativeSigma.Source);
                break;
            case ReadNoiseKind.StateIndependent:
                yield return ("read_noise.model", ReadNoise.ModelName, "sigma = sigma_us per read, the same for every state (CrossSim NormalIndependentDevice)");
                yield return ("read_noise.sigma_us", F(ReadNoise.SigmaUs), ReadNoise.SigmaUs.Source);
                break;
            case ReadNoiseKind.Pcm1F:
                yield return ("read_noise.model", ReadNoise.ModelName, "IMCSim extension (not in aihwkit): per-read 1/f band sigma = abs(G(t)) Q_s(G_prog) sqrt(ln((read_interval_s + t_read) / (2 t_read))), t_read = read.pulse_ns");
                yield return ("read_noise.read_interval_s", F(ReadNoise.ReadIntervalS), ReadNoise.ReadIntervalS.Source);
                break;
            default:
                yield return ("read_noise.model", ReadNoise.ModelName, "");
                break;
        }

        yield return ("drift.model", Drift.ModelName, Drift.Kind == DriftKind.PcmAihwkit ? "aihwkit PCMLikeNoiseModel: state-dependent nu, then 1/f noise accumulated to t with t_read = read.pulse_ns" : "");
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
        yield return ("cell.height_f", F(CellHeightF), CellHeightF.Source);
        yield return ("cell.width_f", F(CellWidthF), CellWidthF.Source);
        yield return ("cell_area_f2", F(CellAreaF2), CellAreaF2.Source);
        if (AccessResistanceOhm is { } access)
        {
            yield return ("cell.access_resistance_ohm", F(access), access.Source + " [in series with the cell: G' = 1 / (1/G + R_access)]");
        }

        yield return ("program_energy_pj", F(ProgramEnergyPj), ProgramEnergyPj.Source);
        yield return ("program_latency_ns", F(ProgramLatencyNs), ProgramLatencyNs.Source);
        if (WriteVoltageV is { } write)
        {
            yield return ("write_voltage_v", F(write), write.Source);
        }
    }
}
