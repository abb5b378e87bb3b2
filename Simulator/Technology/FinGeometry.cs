namespace IMCSim.Simulator.Technology;

/// <summary>
/// FinFET or GAA device geometry of a node below 22 nm, as NeuroSim V1.4 sets it (Technology::Initialize, 14-1 nm LSTP branches).
/// NeuroSim counts one fin (FinFET) or one nanosheet stack (GAA) per 2F of drawn transistor width, and gives each the electrical
/// width <see cref="EffectiveWidthPerFinM"/> (FinFET: fin width + 2 x fin height; GAA: per sheet, 2 x (sheet width + sheet
/// thickness), times <see cref="SheetsPerStack"/> / <see cref="FinsPerStack"/>): formula.cpp CalculateGateCap,
/// CalculateOnResistance, CalculateGateLeakage.
/// </summary>
/// <param name="FinWidthM">Fin width, m; for GAA the sheet width (NeuroSim sets widthFin = width_sheet).</param>
/// <param name="FinHeightM">Fin height, m, where NeuroSim gives one (14, 10, 7 nm).</param>
/// <param name="FinPitchM">Fin (or stack) pitch, m.</param>
/// <param name="EffectiveWidthPerFinM">Electrical width of one fin (FinFET) or one sheet (GAA), m.</param>
/// <param name="MaxFinsPerTransistor">FinFET: most fins of one transistor in a standard cell before folding (max_fin_num).</param>
/// <param name="SheetsPerStack">GAA: nanosheets per stack (max_sheet_num).</param>
/// <param name="SheetThicknessM">GAA: sheet thickness, m.</param>
/// <param name="FinsPerStack">GAA: fins per GAA device (max_fin_per_GAA).</param>
public sealed record FinGeometry(
    SourcedValue FinWidthM,
    SourcedValue? FinHeightM,
    SourcedValue FinPitchM,
    SourcedValue EffectiveWidthPerFinM,
    SourcedValue? MaxFinsPerTransistor,
    SourcedValue? SheetsPerStack,
    SourcedValue? SheetThicknessM,
    SourcedValue? FinsPerStack)
{
    /// <summary>
    /// Electrical width one fin or stack contributes, m: the effective width x sheets per stack / fins per stack (GAA), the
    /// effective width (FinFET).
    /// </summary>
    public double ElectricalWidthPerFinM =>
        EffectiveWidthPerFinM.Value * (SheetsPerStack?.Value ?? 1) / (FinsPerStack?.Value ?? 1);
}
