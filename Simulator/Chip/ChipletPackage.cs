namespace IMCSim.Simulator.Chip;

/// <summary>
/// The network-on-package (NoP) joining the chiplets of a 2.5D design, SIAM's model with its cited link parameters (docs/HYDE.md):
/// a 2-D mesh of chiplets, dimension-order routing, each chiplet with <see cref="LanesPerChiplet"/> serial lanes.
/// </summary>
/// <param name="EnergyPjPerBitHop">Link energy per bit and hop: 0.54 pJ/bit, the ground-referenced signalling link of Poulton et al.,
/// "A 0.54 pJ/b 20 Gb/s Ground-Referenced Single-Ended Short-Reach Serial Link in 28 nm CMOS for Advanced Packaging Applications",
/// IEEE JSSC 48(12), 2013 (the link SIAM builds its NoP driver on).</param>
/// <param name="LaneGbps">Data rate of one lane: 20 Gb/s (Poulton et al. 2013).</param>
/// <param name="LanesPerChiplet">Lanes of a chiplet's NoP interface: 32 (SIAM, Krishnan et al., ACM TECS 2021, released main_run.py, n_lane).</param>
/// <param name="LaneAreaUm2">Driver area per lane: 5304.5 um^2 (SIAM main_run.py, area_per_lane).</param>
/// <param name="ClockingAreaUm2">Clocking circuit area per chiplet: 10,609 um^2 (SIAM main_run.py, clocking_area).</param>
/// <param name="HopLatencyNs">Latency of one router and link hop: 20 ns, derived from SIAM's NoP router (4 pipeline stages and the link,
/// 5 cycles) at its 4 ns NoP cycle (SIAM's mesh configuration and latency scaling); an estimate, not a measured figure.</param>
public sealed record NetworkOnPackage(double EnergyPjPerBitHop = 0.54, double LaneGbps = 20, int LanesPerChiplet = 32, double LaneAreaUm2 = 5304.5, double ClockingAreaUm2 = 10609, double HopLatencyNs = 20)
{
    /// <summary>SIAM's NoP with the GRS link, as cited on each parameter.</summary>
    public static NetworkOnPackage Siam { get; } = new();

    /// <summary>NoP interface area of one chiplet: lanes x lane area + clocking, um^2.</summary>
    public double InterfaceAreaUm2 => (LanesPerChiplet * LaneAreaUm2) + ClockingAreaUm2;

    /// <summary>Bits per ns one chiplet's interface moves: lanes x lane rate.</summary>
    public double BitsPerNs => LanesPerChiplet * LaneGbps;
}

/// <summary>One chiplet of a 2.5D design: its name (the device technology), its place on the mesh and its cost as a chip of its own.</summary>
public sealed record Chiplet(string Name, int Row, int Column, IReadOnlyList<string> Layers, ChipCostReport Cost);

/// <summary>One layer boundary that crosses chiplets: the activation bits it carries per image, the hops, and its energy and time per image.</summary>
public sealed record ChipletTransfer(string From, string To, double BitsPerImage, int Hops, double EnergyPj, double TimeNs);

/// <summary>
/// A network as a 2.5D design: each group of layers (one per device technology) a chiplet costed as a chip of its own (its arrays,
/// tiles, buffers and interconnect: <see cref="ChipCostModel"/>), the chiplets on a mesh in order of first use along a snake (so
/// consecutive groups are neighbours), and the activations crossing every layer boundary between chiplets carried by the NoP. Area is the
/// chiplets' plus each one's NoP interface; energy adds each transfer (bits x hops x energy per bit and hop); latency per image is the
/// slowest chiplet or transfer when the layers are pipelined (a transfer overlaps its producer), else the sum of both. The
/// interposer itself and the package's area between chiplets are not counted.
/// </summary>
public sealed record ChipletPackage(IReadOnlyList<Chiplet> Chiplets, IReadOnlyList<ChipletTransfer> Transfers, NetworkOnPackage Nop, double AreaMm2, double EnergyPerImageUj, double LatencyPerImageUs, double OpsPerImage, double TopsPerWattDivisor = 1)
{
    public double Tops => LatencyPerImageUs > 0 ? OpsPerImage / (LatencyPerImageUs * 1e-6) * 1e-12 : 0;

    public double TopsPerMm2 => AreaMm2 > 0 ? Tops / AreaMm2 : 0;

    /// <summary>As the monolithic chip's (<see cref="ChipCostReport.TopsPerW"/>, post-layout divisor included).</summary>
    public double TopsPerW => EnergyPerImageUj > 0 ? OpsPerImage / (EnergyPerImageUj * 1e-6) * 1e-12 / TopsPerWattDivisor : 0;

    public double EdpUjUs => EnergyPerImageUj * LatencyPerImageUs;

    /// <summary>The design of <paramref name="layers"/> (network order) on <paramref name="chip"/>'s technology, <paramref name="groupOf"/> naming each layer's chiplet.</summary>
    public static ChipletPackage Evaluate(ChipSpec chip, IReadOnlyList<LayerWorkload> layers, Func<LayerWorkload, string> groupOf, NetworkOnPackage nop)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(groupOf);
        ArgumentNullException.ThrowIfNull(nop);
        if (layers.Count == 0)
        {
            throw new ArgumentException("a design needs at least one layer", nameof(layers));
        }

        var names = layers.Select(groupOf).Distinct(StringComparer.Ordinal).ToList();
        int side = (int)Math.Ceiling(Math.Sqrt(names.Count));
        var chiplets = names.Select((name, i) =>
        {
            int row = i / side, column = row % 2 == 0 ? i % side : side - 1 - (i % side);
            var own = layers.Where(l => groupOf(l) == name).ToList();
            return new Chiplet(name, row, column, [.. own.Select(l => l.Name)], ChipCostModel.Evaluate(chip, own));
        }).ToList();

        var transfers = new List<ChipletTransfer>();
        for (int i = 0; i + 1 < layers.Count; i++)
        {
            Chiplet from = chiplets.First(c => c.Name == groupOf(layers[i])), to = chiplets.First(c => c.Name == groupOf(layers[i + 1]));
            if (from == to)
            {
                continue;
            }

            LayerWorkload l = layers[i];
            double bits = (double)l.InputVectorsPerImage * l.Outputs / Math.Max(1, l.PoolWindow) * chip.InputBits;
            int hops = Math.Abs(from.Row - to.Row) + Math.Abs(from.Column - to.Column);
            transfers.Add(new ChipletTransfer(from.Name, to.Name, bits, hops, bits * hops * nop.EnergyPjPerBitHop, (hops * nop.HopLatencyNs) + (bits / nop.BitsPerNs)));
        }

        double areaMm2 = chiplets.Sum(c => c.Cost.AreaMm2) + (chiplets.Count * nop.InterfaceAreaUm2 * 1e-6);
        double energyUj = chiplets.Sum(c => c.Cost.EnergyPerImageUj) + (transfers.Sum(t => t.EnergyPj) * 1e-6);
        double latencyUs = chip.Pipeline
            ? Math.Max(chiplets.Max(c => c.Cost.LatencyPerImageUs), transfers.Count == 0 ? 0 : transfers.Max(t => t.TimeNs) * 1e-3)
            : chiplets.Sum(c => c.Cost.LatencyPerImageUs) + (transfers.Sum(t => t.TimeNs) * 1e-3);
        return new ChipletPackage(chiplets, transfers, nop, areaMm2, energyUj, latencyUs, layers.Sum(l => l.OpsPerImage), chiplets[0].Cost.TopsPerWattDivisor);
    }
}
