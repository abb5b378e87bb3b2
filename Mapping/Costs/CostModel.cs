using IMCSim.Mapping.Crossbar;
using IMCSim.Mapping.Placement;
using IMCSim.Simulator.Crossbar;

namespace IMCSim.Mapping.Costs;

/// <summary>
/// First cost estimate of a mapped layer, a consumer of its placement and of the events its reads
/// counted (per image = counted / images read): cell energy as counted (V^2 t G of the rows actually
/// driven), ADC, multiplexer and shift-and-add energy per counted conversion, row-driver energy per
/// counted driven row. One ADC per <c>cols per ADC</c> columns of every placed array. Latency: the
/// layer's arrays work in parallel; each of an array's reads takes the read pulse plus its
/// conversions per ADC (ceil(conversions per read / ADCs)) one after another; the slowest array sets it.
/// </summary>
public static class CostModel
{
    public static LayerCost Estimate(CrossbarLayerRuntime runtime, int rowsPerImage, long imagesRead)
    {
        ProgrammedLayer p = runtime.Programmed;
        LayerPlacement placement = runtime.Placement;
        ArrayEvents events = runtime.Events;
        MappingSpec spec = p.Spec;
        var device = p.Device.Spec;
        double perImage = imagesRead > 0 ? 1.0 / imagesRead : 0;
        double reads = events.TotalReads * perImage;
        double conversions = events.TotalConversions * perImage;
        double drivenRows = events.TotalDrivenRows * perImage;
        long adcs = placement.Arrays.Sum(a => (long)a.Adcs);
        double adcScale = PeripheralCosts.AdcScale(spec.AdcBits);
        double cellAreaUm2 = (double)placement.Arrays.Count * spec.ArrayRows * spec.ArrayCols * device.CellAreaF2.Value * (spec.Parasitics.TechnologyNodeNm * 1e-3) * (spec.Parasitics.TechnologyNodeNm * 1e-3);
        double peripheralAreaUm2 = adcs * ((PeripheralCosts.AdcAreaUm2 * adcScale) + PeripheralCosts.MuxAreaUm2 + PeripheralCosts.ShiftAddAreaUm2);
        double latencyNs = 0;
        for (int i = 0; i < placement.Arrays.Count; i++)
        {
            ArrayPlacement a = placement.Arrays[i];
            int perAdc = (placement.ConversionsPerRead(a) + a.Adcs - 1) / a.Adcs;
            latencyNs = Math.Max(latencyNs, events.Reads[i] * perImage * (device.ReadPulseNs.Value + (perAdc * PeripheralCosts.AdcLatencyNs(spec.AdcBits))));
        }

        return new LayerCost(
            p.Layer.Name,
            device.Name,
            placement.Arrays.Count,
            placement.Utilisation,
            adcs,
            (double)rowsPerImage * p.Layer.MacsPerRow,
            reads,
            conversions,
            drivenRows,
            events.TotalCellEnergyFj * 1e-3 * perImage,
            conversions * PeripheralCosts.AdcEnergyPj * adcScale,
            conversions * PeripheralCosts.MuxEnergyPj,
            conversions * PeripheralCosts.ShiftAddEnergyPj,
            drivenRows * PeripheralCosts.RowDriverEnergyPj,
            latencyNs,
            cellAreaUm2,
            peripheralAreaUm2,
            p.UsedCells * device.ProgramEnergyPj.Value,
            runtime.ParasiticsErrorLsb,
            runtime.FullScale,
            p.SliceRanges());
    }
}
