using System.Globalization;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Primitives;

/// <summary>
/// Transistor folding in a standard cell of fixed height, as NeuroSim V1.4 formula.cpp does it in CalculateGateArea and
/// CalculateGateCapacitance (the same rules in both):
/// <list type="bullet">
/// <item>Planar: the height left for diffusion, H - P-N gap - 3.6 F (H - 3.6 F when the gate has only one type), is shared by
/// PMOS and NMOS in proportion to their widths (r = W_p / (W_p + W_n)); a transistor wider than its share W_max is split into
/// ceil(W / W_max) fingers of height W_max.</item>
/// <item>FinFET: widths become fin counts, W / 2F; a standard-height cell holds max_fin_num fins per transistor, a cell of another
/// height floor((H' - P-N gap - outer region + fin pitch) / 2 / (fin width + fin pitch)). Twice that many fins are split between
/// PMOS and NMOS by r (truncated, at least one each; one type alone gets all of them). A transistor with more whole fins than
/// its share n_max is split into ceil(fins / n_max) fingers of n_max fins.</item>
/// <item>GAA: widths become nanosheet stacks, W / 2F; each transistor may have fins-per-stack (1) stacks per finger, twice that when
/// the gate has one type only; more stacks fold one finger per stack.</item>
/// </list>
/// Difference from NeuroSim: below 22 nm it computes the finger count with an integer division (5 fins over 4 per finger gives
/// 1 finger); here it is the ceiling of the real ratio (2 fingers), as the planar branch does.
/// </summary>
public static class TransistorFolding
{
    /// <summary>
    /// Folds an NMOS of drawn width <paramref name="nmosWidthM"/> and a PMOS of <paramref name="pmosWidthM"/> (either may be 0:
    /// absent) into a cell whose transistor region is <paramref name="cellHeightM"/> high (NeuroSim's heightTransistorRegion,
    /// normally <see cref="CellLayout.StandardHeightM"/>; scaled by <see cref="CellLayout.HeightScale"/> below 22 nm).
    /// </summary>
    public static GateFolding Fold(TechnologyNode tech, double nmosWidthM, double pmosWidthM, double cellHeightM)
    {
        ArgumentNullException.ThrowIfNull(tech);
        Check.NonNegative(nmosWidthM);
        Check.NonNegative(pmosWidthM);
        Check.Positive(cellHeightM);
        var layout = CellLayout.For(tech);
        return tech.Transistor == TransistorKind.Planar
            ? Planar(layout, nmosWidthM, pmosWidthM, cellHeightM)
            : Advanced(tech, layout, nmosWidthM, pmosWidthM, cellHeightM);
    }

    private static GateFolding Planar(CellLayout layout, double wn, double wp, double cellHeightM)
    {
        double maxN, maxP;
        if (wn > 0 && wp > 0)
        {
            double room = cellHeightM - layout.PnGapM - layout.EdgeMarginM;
            CheckRoom(room, cellHeightM, layout.PnGapM + layout.EdgeMarginM);
            double ratio = wp / (wp + wn);
            maxP = ratio * room;
            maxN = (1 - ratio) * room;
        }
        else
        {
            double room = cellHeightM - layout.EdgeMarginM;
            CheckRoom(room, cellHeightM, layout.EdgeMarginM);
            maxN = maxP = room;
        }

        return new GateFolding(PlanarFold(wn, maxN), PlanarFold(wp, maxP), cellHeightM);
    }

    private static FoldedTransistor PlanarFold(double width, double maxWidth)
    {
        if (width <= 0)
        {
            return FoldedTransistor.Absent;
        }

        return width <= maxWidth ? new FoldedTransistor(1, width, 0) : new FoldedTransistor((int)Math.Ceiling(width / maxWidth), maxWidth, 0);
    }

    private static GateFolding Advanced(TechnologyNode tech, CellLayout layout, double wn, double wp, double cellHeightM)
    {
        double f = layout.FeatureSizeM;
        double region = cellHeightM * layout.HeightScale;
        double finsN = wn / (2 * f);
        double finsP = wp / (2 * f);
        bool gaa = tech.Transistor == TransistorKind.Gaa;

        int perTransistor = layout.MaxFinsPerTransistor;
        if (!layout.IsStandardHeight(cellHeightM))
        {
            perTransistor = (int)Math.Floor((region - layout.PnGapM - layout.EdgeMarginM + layout.FinPitchM) / 2 / (layout.FinWidthM + layout.FinPitchM));
            if (perTransistor < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(cellHeightM),
                    cellHeightM,
                    string.Create(CultureInfo.InvariantCulture, $"a {region:G4} m transistor region holds no fin at {tech.NodeNm} nm"));
            }
        }

        int maxN, maxP;
        if (wp <= 0)
        {
            (maxN, maxP) = (2 * perTransistor, 0);
        }
        else if (wn <= 0)
        {
            (maxN, maxP) = (0, 2 * perTransistor);
        }
        else if (gaa)
        {
            // NeuroSim fixes both to max_fin_per_GAA whatever the height when the gate has both types.
            (maxN, maxP) = (layout.MaxFinsPerTransistor, layout.MaxFinsPerTransistor);
        }
        else
        {
            (maxN, maxP) = SplitFins(2 * perTransistor, finsP / (finsP + finsN));
        }

        return new GateFolding(FinFold(finsN, maxN, layout.FinWidthM), FinFold(finsP, maxP, layout.FinWidthM), region);
    }

    /// <summary>formula.cpp: the larger share is truncated and the other gets the rest; a share of 0 becomes 1.</summary>
    private static (int MaxN, int MaxP) SplitFins(int budget, double ratio)
    {
        int n, p;
        if (ratio > 0.5)
        {
            n = (int)(budget * (1 - ratio));
            p = budget - n;
        }
        else
        {
            p = (int)(budget * ratio);
            n = budget - p;
        }

        if (p == 0)
        {
            (p, n) = (1, budget - 1);
        }

        if (n == 0)
        {
            (n, p) = (1, budget - 1);
        }

        return (n, p);
    }

    private static FoldedTransistor FinFold(double fins, int maxFins, double finWidthM)
    {
        int whole = (int)Math.Ceiling(fins);
        if (whole <= 0)
        {
            return FoldedTransistor.Absent;
        }

        return whole <= maxFins
            ? new FoldedTransistor(1, whole * finWidthM, whole)
            : new FoldedTransistor((int)Math.Ceiling((double)whole / maxFins), maxFins * finWidthM, maxFins);
    }

    private static void CheckRoom(double room, double cellHeightM, double needed)
    {
        if (room <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(cellHeightM),
                cellHeightM,
                string.Create(CultureInfo.InvariantCulture, $"leaves no room for diffusion: the layout rules alone take {needed:G4} m"));
        }
    }
}
