using IMCSim.Mapping.Crossbar;

namespace IMCSim.Mapping.Costs;

/// <summary>
/// First cost estimate of a mapped layer. Counts per image: array reads = rows x phases x input
/// cycles x arrays; conversions = rows x phases x cycles x row tiles x N x slices (a differential pair
/// is subtracted before its one conversion); driven rows = reads x rows per array. One ADC per
/// <c>cols per ADC</c> columns of every array. Latency = rows x phases x cycles x (read pulse +
/// cols per ADC x conversion time).
/// </summary>
public static class CostModel
{
    public static LayerCost Estimate(CrossbarLayerRuntime runtime, int rowsPerImage, double imagesRead)
    {
        ProgrammedLayer p = runtime.Programmed;
        MappingSpec spec = p.Spec;
        var device = p.Device.Spec;
        double readsPerArray = (double)rowsPerImage * runtime.Phases * spec.InputCycles;
        double reads = readsPerArray * p.Arrays;
        double conversions = readsPerArray * p.RowTiles * p.Layer.N * p.Slices;
        double drivenRows = readsPerArray * p.Layer.K * p.ColTiles;
        long adcs = (long)p.Arrays * ((spec.ArrayCols + spec.ColsPerAdc - 1) / spec.ColsPerAdc);
        double adcScale = PeripheralCosts.AdcScale(spec.AdcBits);
        double cellAreaUm2 = (double)p.Arrays * spec.ArrayRows * spec.ArrayCols * device.CellAreaF2.Value * Math.Pow(PeripheralCosts.FeatureSizeNm * 1e-3, 2);
        double peripheralAreaUm2 = adcs * ((PeripheralCosts.AdcAreaUm2 * adcScale) + PeripheralCosts.MuxAreaUm2 + PeripheralCosts.ShiftAddAreaUm2);
        double latencyNs = readsPerArray * (device.ReadPulseNs.Value + (spec.ColsPerAdc * PeripheralCosts.AdcLatencyNs(spec.AdcBits)));
        return new LayerCost(
            p.Layer.Name,
            device.Name,
            p.Arrays,
            p.Utilisation,
            adcs,
            (double)rowsPerImage * p.Layer.MacsPerRow,
            reads,
            conversions,
            imagesRead > 0 ? runtime.CellEnergyFj * 1e-3 / imagesRead : 0,
            conversions * PeripheralCosts.AdcEnergyPj * adcScale,
            conversions * PeripheralCosts.MuxEnergyPj,
            conversions * PeripheralCosts.ShiftAddEnergyPj,
            drivenRows * PeripheralCosts.RowDriverEnergyPj,
            latencyNs,
            cellAreaUm2,
            peripheralAreaUm2,
            p.UsedCells * device.ProgramEnergyPj.Value,
            runtime.ParasiticsErrorLsb);
    }
}
