using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// NeuroSim V1.4's enlargement of a minimum-size gate to fill its cell without growing the cell (formula.cpp EnlargeSize,
/// neurosim/DNN_NeuroSim_V1.4 @a2eee5b):
/// <list type="bullet">
/// <item>Planar: room = H - P-N gap - edge margin (H - edge margin for one type); with r = W_p / (W_p + W_n) the maxima are
/// r x room and (1 - r) x room; both transistors are widened to their maxima when both are present and narrower.</item>
/// <item>FinFET: widths become whole fins, ceil(W / 2F); when both fit the node's maximum fin count m, the wider-ratio side is set
/// to m and the other to m (1 - r) / r (or m r / (1 - r)), only when that is a whole number of fins.</item>
/// <item>GAA: a gate of one nanosheet stack per transistor stays at one stack each (2F); a one-type gate of up to 2 stacks gets 2.</item>
/// </list>
/// </summary>
internal static class EnlargedWidths
{
    public static (double Wn, double Wp) Of(TechnologyNode tech, double wn, double wp, double cellHeightM)
    {
        var layout = CellLayout.For(tech);
        double twoF = 2 * tech.FeatureSizeM;
        double ratio = wp / (wp + wn);
        switch (tech.Transistor)
        {
            case TransistorKind.Planar:
            {
                double edge = layout.EdgeMarginM;
                if (wp == 0)
                {
                    return (Math.Max(wn, cellHeightM - edge), 0);
                }

                if (wn == 0)
                {
                    return (0, Math.Max(wp, cellHeightM - edge));
                }

                double maxP = ratio * (cellHeightM - layout.PnGapM - edge);
                double maxN = maxP / ratio * (1 - ratio);
                return wp < maxP && wn < maxN ? (maxN, maxP) : (wn, wp);
            }

            case TransistorKind.FinFet:
            {
                int max = layout.MaxFinsPerTransistor;
                int finsP = (int)Math.Ceiling(wp / twoF), finsN = (int)Math.Ceiling(wn / twoF);
                if (ratio == 0 && finsN <= max)
                {
                    finsN = max;
                }
                else if (ratio == 1 && finsP <= max)
                {
                    finsP = max;
                }
                else if (finsP > 0 && finsP <= max && finsN > 0 && finsN <= max)
                {
                    double other = ratio >= 0.5 ? max / ratio * (1 - ratio) : max / (1 - ratio) * ratio;
                    if (Math.Abs(other - Math.Round(other)) < 1e-9)
                    {
                        (finsP, finsN) = ratio >= 0.5 ? (max, (int)Math.Round(other)) : ((int)Math.Round(other), max);
                    }
                }
                else
                {
                    return (wn, wp);
                }

                return (finsN * twoF, finsP * twoF);
            }

            default:
            {
                int sheetsP = (int)Math.Ceiling(wp / twoF), sheetsN = (int)Math.Ceiling(wn / twoF);
                if (ratio == 0 && sheetsN <= 2)
                {
                    return (2 * twoF, 0);
                }

                if (ratio == 1 && sheetsP <= 2)
                {
                    return (0, 2 * twoF);
                }

                return sheetsP is > 0 and <= 1 && sheetsN is > 0 and <= 1 ? (twoF, twoF) : (wn, wp);
            }
        }
    }
}
