namespace IMCSim.Simulator.Circuit;

/// <summary>
/// One copper wire level of a technology node as NeuroSim V1.4 models it (Inference_pytorch/NeuroSIM/Param.cpp):
/// width w, aspect ratio AR (height / width), bulk resistivity rho and barrier (liner) thickness b. The barrier takes
/// part of the cross-section, so the effective resistivity is rho / (1 - (2 AR w + w) b / (AR w^2)), and the
/// resistance per length is rho_eff / (w^2 AR).
/// </summary>
public readonly record struct MetalWire(double WidthNm, double AspectRatio, double BulkRhoOhmM, double BarrierNm)
{
    /// <summary>Effective resistivity with the barrier correction, ohm m.</summary>
    public double RhoOhmM => BulkRhoOhmM / (1 - ((((2 * AspectRatio * WidthNm) + WidthNm) * BarrierNm) / (AspectRatio * WidthNm * WidthNm)));

    /// <summary>Resistance per micrometre of wire, ohm / um.</summary>
    public double OhmPerUm
    {
        get
        {
            double w = WidthNm * 1e-9;
            return RhoOhmM / (w * w * AspectRatio) * 1e-6;
        }
    }
}
