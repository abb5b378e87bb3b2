using IMCSim.Devices.Spec;
using IMCSim.Simulator.Random;

namespace IMCSim.Devices.Models;

/// <summary>
/// The behaviour of a device over whole conductance planes (uS, flat spans): programming with
/// variation, programming noise and stuck-at faults (once per programming), drift to a time since
/// programming, and the per-read noise sigma of each cell. Random numbers come from counter
/// streams indexed by cell, so a cell's value does not depend on thread count or evaluation order.
/// </summary>
public sealed class DeviceModel
{
    private const ulong VariationStream = 1, ProgrammingStream = 2, FaultStream = 3, NuStream = 4, OneOverFStream = 5;

    public DeviceModel(DeviceSpec spec, NoiseSelection noise)
    {
        Spec = spec;
        Noise = noise;
    }

    public DeviceSpec Spec { get; }

    public NoiseSelection Noise { get; }

    public double GMinUs => Spec.GMinUs.Value;

    public double GMaxUs => Spec.GMaxUs.Value;

    /// <summary>Conductance step between adjacent levels of a cell holding <paramref name="bitsPerCell"/> bits: (G_max - G_min) / (2^b - 1).</summary>
    public double LevelStepUs(int bitsPerCell) => (GMaxUs - GMinUs) / ((1 << bitsPerCell) - 1);

    /// <summary>
    /// programmed = faults(max(0, target (1 + s_var N1) + sigma_prog(target) N2)): device-to-device
    /// variation (multiplicative), state-dependent programming noise, then stuck-at-G_min / G_max
    /// with the device's rates (a uniform draw per cell).
    /// </summary>
    public void Program(ReadOnlySpan<float> targetUs, Span<float> programmedUs, CounterRng rng)
    {
        bool variation = Noise.HasFlag(NoiseSelection.Variation) && Spec.VariationRelativeSigma.Value > 0;
        bool programming = Noise.HasFlag(NoiseSelection.Programming) && Spec.ProgrammingNoise.Enabled;
        bool faults = Noise.HasFlag(NoiseSelection.Faults) && (Spec.StuckAtGMinRate.Value > 0 || Spec.StuckAtGMaxRate.Value > 0);
        CounterRng varRng = rng.Child(VariationStream), progRng = rng.Child(ProgrammingStream), faultRng = rng.Child(FaultStream);
        double sVar = Spec.VariationRelativeSigma.Value, pMin = Spec.StuckAtGMinRate.Value, pMax = Spec.StuckAtGMaxRate.Value;
        for (int i = 0; i < targetUs.Length; i++)
        {
            double g = targetUs[i];
            if (variation)
            {
                g *= 1 + (sVar * varRng.Normal((ulong)i));
            }

            if (programming)
            {
                g += Spec.ProgrammingNoise.SigmaUs(targetUs[i], GMaxUs) * progRng.Normal((ulong)i);
            }

            g = Math.Max(0, g);
            if (faults)
            {
                double u = faultRng.Uniform((ulong)i);
                g = u <= pMin ? GMinUs : u <= pMin + pMax ? GMaxUs : g;
            }

            programmedUs[i] = (float)g;
        }
    }

    /// <summary>
    /// Conductance <paramref name="timeS"/> seconds after programming (see <see cref="DriftKind"/>).
    /// The drift exponent of a PCM cell depends on its target state (aihwkit), so targets are passed too.
    /// </summary>
    public void Drift(ReadOnlySpan<float> targetUs, ReadOnlySpan<float> programmedUs, Span<float> atTimeUs, double timeS, CounterRng rng)
    {
        if (!Noise.HasFlag(NoiseSelection.Drift) || Spec.Drift.Kind == DriftKind.None)
        {
            programmedUs.CopyTo(atTimeUs);
            return;
        }

        CounterRng nuRng = rng.Child(NuStream), noiseRng = rng.Child(OneOverFStream);
        double t0 = Spec.Drift.T0S.Value;
        double logRatio = Math.Log((timeS + t0) / t0);
        if (Spec.Drift.Kind == DriftKind.PowerLaw)
        {
            for (int i = 0; i < programmedUs.Length; i++)
            {
                double nu = Math.Abs(Spec.Drift.NuMean.Value + (Spec.Drift.NuSigma.Value * nuRng.Normal((ulong)i)));
                atTimeUs[i] = (float)(programmedUs[i] * Math.Exp(-nu * logRatio));
            }

            return;
        }

        // aihwkit PCMLikeNoiseModel.apply_drift_noise_to_conductance: t is the time since programming plus t0; the
        // accumulated 1/f noise takes Q_s of the programmed conductance and scales with the drifted one.
        double oneOverF = OneOverFBand(timeS + t0, ReadTimeS);
        for (int i = 0; i < programmedUs.Length; i++)
        {
            double gr = Math.Max(Math.Abs(targetUs[i] / GMaxUs), 1e-7);
            double muNu = Math.Clamp((-0.0155 * Math.Log(gr)) + 0.0244, 0.049, 0.1);
            double sigmaNu = Math.Clamp((-0.0125 * Math.Log(gr)) - 0.0059, 0.008, 0.045);
            double nu = Math.Abs(muNu + (sigmaNu * nuRng.Normal((ulong)i)));
            double g = programmedUs[i] * Math.Exp(-nu * logRatio);
            double qs = PcmQs(programmedUs[i]);
            atTimeUs[i] = (float)Math.Max(0, g + (Math.Abs(g) * qs * oneOverF * noiseRng.Normal((ulong)i)));
        }
    }

    /// <summary>
    /// sigma (uS) of the noise of one read of each cell (0 when read noise is off), from its programmed conductance
    /// <paramref name="programmedUs"/> and its conductance at the read time <paramref name="atTimeUs"/>:
    /// relative: rel |G(t)|; state-independent: sigma_us; pcm-1f (IMCSim extension):
    /// |G(t)| Q_s(G_prog) sqrt(ln((T + t_read) / (2 t_read))), T = read_interval_s, t_read = read.pulse_ns, Q_s of the
    /// programmed conductance as aihwkit takes it for the accumulated 1/f noise.
    /// </summary>
    public void ReadSigma(ReadOnlySpan<float> programmedUs, ReadOnlySpan<float> atTimeUs, Span<float> sigmaUs)
    {
        if (!Noise.HasFlag(NoiseSelection.Read) || Spec.ReadNoise.Kind == ReadNoiseKind.None)
        {
            sigmaUs.Clear();
            return;
        }

        switch (Spec.ReadNoise.Kind)
        {
            case ReadNoiseKind.Relative:
                float rel = (float)Spec.ReadNoise.RelativeSigma.Value;
                for (int i = 0; i < atTimeUs.Length; i++)
                {
                    sigmaUs[i] = rel * Math.Abs(atTimeUs[i]);
                }

                return;
            case ReadNoiseKind.StateIndependent:
                sigmaUs[..atTimeUs.Length].Fill((float)Spec.ReadNoise.SigmaUs.Value);
                return;
            default:
                double band = OneOverFBand(Spec.ReadNoise.ReadIntervalS.Value, ReadTimeS);
                for (int i = 0; i < atTimeUs.Length; i++)
                {
                    sigmaUs[i] = (float)(Math.Abs(atTimeUs[i]) * PcmQs(programmedUs[i]) * band);
                }

                return;
        }
    }

    /// <summary>The device's one read time in seconds (read.pulse_ns): t_read of the 1/f noise, and the read pulse of energy and latency.</summary>
    public double ReadTimeS => Spec.ReadTimeS;

    /// <summary>Whether reads draw IMCSim's per-read 1/f band (read noise on and read_noise.model pcm-1f); see <see cref="DeviceSpec.WithoutPerReadOneOverF"/>.</summary>
    public bool PerReadOneOverF => Noise.HasFlag(NoiseSelection.Read) && Spec.ReadNoise.Kind == ReadNoiseKind.Pcm1F;

    /// <summary>
    /// aihwkit's 1/f noise factor over a window: sqrt(ln((window + t_read) / (2 t_read))) (PCMLikeNoiseModel, with
    /// window = t_inference + t0 for the accumulated noise). Valid for window > t_read.
    /// </summary>
    public static double OneOverFBand(double windowS, double tReadS) => Math.Sqrt(Math.Log((windowS + tReadS) / (2 * tReadS)));

    /// <summary>aihwkit's 1/f noise amplitude: Q_s = min(0.0088 / max((|G| / G_max)^0.65, 1e-3), 0.2).</summary>
    public double PcmQs(double gUs) => Math.Min(0.0088 / Math.Max(Math.Pow(Math.Abs(gUs) / GMaxUs, 0.65), 1e-3), 0.2);

    /// <summary>
    /// Conductance (uS) of a cell of <paramref name="cellUs"/> seen through its access transistor in series:
    /// G' = 1 / (1/G + R_access), with R_access = cell.access_resistance_ohm (NeuroSim SubArray.cpp: resMemCellOn =
    /// resCellAccess + resistanceOn). G itself when the device has no access transistor; 0 for G = 0.
    /// </summary>
    public double SeenThroughAccessUs(double cellUs)
    {
        if (Spec.AccessResistanceOhm is not { } access || cellUs <= 0)
        {
            return cellUs;
        }

        return 1 / ((1 / cellUs) + (access.Value * 1e-6));
    }

    /// <summary><see cref="SeenThroughAccessUs(double)"/> over a conductance plane (uS); <paramref name="seenUs"/> may be <paramref name="cellUs"/>.</summary>
    public void SeenThroughAccess(ReadOnlySpan<float> cellUs, Span<float> seenUs)
    {
        for (int i = 0; i < cellUs.Length; i++)
        {
            seenUs[i] = (float)SeenThroughAccessUs(cellUs[i]);
        }
    }
}
