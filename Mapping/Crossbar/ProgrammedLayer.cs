using IMCSim.Devices.Models;
using IMCSim.Mapping.Lowering;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Random;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// A layer's weights programmed onto crossbar arrays of one device, read at the requested time since
/// programming. Weights are quantised per layer (scale = max|W| / (2^(b-1) - 1)), encoded
/// (differential pair or offset), sliced into cells of <c>bits per cell</c> and tiled into arrays of
/// rows x cols. For each row tile it keeps, in level units (conductance step of one level):
/// the effective matrix E[k, s N + n] (G+ - G- or G - G_min, after variation, programming noise,
/// faults and drift), the per-read noise variance V[k, s N + n] (sigma+^2 + sigma-^2), the ideal
/// target levels (for ADC calibration) and each row's total conductance (for read energy).
/// </summary>
public sealed class ProgrammedLayer
{
    public ProgrammedLayer(MatrixLayer layer, MappingSpec spec, DeviceModel device)
    {
        Layer = layer;
        Spec = spec;
        Device = device;
        CheckCompatible(layer, spec, device.Spec);
        int bpc = spec.BitsPerCell;
        Slices = spec.Slices;
        int physicalPerWeight = Slices * spec.CellsPerSlice;
        WeightsPerArray = spec.ArrayCols / physicalPerWeight;
        if (WeightsPerArray == 0)
        {
            throw new InputException("--array", $"a {spec.ArrayCols}-column array cannot hold one weight of layer {layer.Name}: it needs {physicalPerWeight} columns ({Slices} slices x {spec.CellsPerSlice} cells)");
        }

        RowTiles = (layer.K + spec.ArrayRows - 1) / spec.ArrayRows;
        ColTiles = (layer.N + WeightsPerArray - 1) / WeightsPerArray;
        LevelMax = (1 << bpc) - 1;
        StepUs = device.LevelStepUs(bpc);

        float wMax = 0;
        foreach (float w in layer.Weights)
        {
            wMax = Math.Max(wMax, Math.Abs(w));
        }

        wMax = wMax > 0 ? wMax : 1;
        double qmax = spec.WeightBits == 0 ? (spec.Encoding == WeightEncoding.Differential ? LevelMax : LevelMax / 2.0) : (1 << (spec.WeightBits - 1)) - 1;
        WeightScale = wMax / qmax;
        Offset = spec.Encoding == WeightEncoding.Offset ? qmax : 0;
        Tiles = [.. Enumerable.Range(0, RowTiles).Select(BuildTile)];
        DriftCompensation = spec.GlobalDriftCompensation ? Tiles.Sum(t => t.ProgrammedSumUs) / Math.Max(Tiles.Sum(t => t.ReadSumUs), 1e-30) : 1.0;
    }

    public MatrixLayer Layer { get; }

    /// <summary>The device can hold the mapping's cells: enough levels per cell, and exact weights only on the ideal device.</summary>
    public static void CheckCompatible(MatrixLayer layer, MappingSpec spec, IMCSim.Devices.Spec.DeviceSpec device)
    {
        if (spec.BitsPerCell > device.MaxBits)
        {
            throw new InputException("--bits-per-cell", $"{spec.BitsPerCell} bits per cell need {1 << Math.Min(spec.BitsPerCell, 30)} levels, but device '{device.Name}' (layer {layer.Name}) has {device.MaxBits} bit(s) per cell ({1 << device.MaxBits} levels)");
        }

        if (spec.WeightBits == 0 && device.Name != "ideal")
        {
            throw new InputException("--weight-bits", $"0 (unquantised weights) needs the ideal device; layer {layer.Name} uses '{device.Name}'");
        }
    }

    public MappingSpec Spec { get; }

    public DeviceModel Device { get; }

    public int Slices { get; }

    public int RowTiles { get; }

    public int ColTiles { get; }

    public int Arrays => RowTiles * ColTiles;

    /// <summary>Logical weights (output columns) one array holds.</summary>
    public int WeightsPerArray { get; }

    public int LevelMax { get; }

    public double StepUs { get; }

    /// <summary>Float weight of one integer weight step.</summary>
    public double WeightScale { get; }

    /// <summary>Integer offset added to every weight with the offset encoding (0 for differential).</summary>
    public double Offset { get; }

    /// <summary>Global drift compensation factor: programmed over read conductance sum of the layer (1 without GDC).</summary>
    public double DriftCompensation { get; }

    public IReadOnlyList<RowTile> Tiles { get; }

    /// <summary>Cells holding weights (both cells of a pair, every slice).</summary>
    public long UsedCells => (long)Layer.K * Layer.N * Slices * Spec.CellsPerSlice;

    public double Utilisation => (double)UsedCells / ((long)Arrays * Spec.ArrayRows * Spec.ArrayCols);

    private RowTile BuildTile(int t)
    {
        int k0 = t * Spec.ArrayRows, kt = Math.Min(Spec.ArrayRows, Layer.K - k0);
        int n = Layer.N, width = Slices * n, plane = kt * n;
        var effective = new float[kt * width];
        var ideal = new float[kt * width];
        var variance = new float[kt * width];
        var rowSum = new double[kt];
        double programmedSum = 0, readSum = 0;
        int polarities = Spec.CellsPerSlice;
        var target = new float[plane];
        var programmed = new float[plane];
        var atTime = new float[plane];
        var sigma = new float[plane];
        for (int s = 0; s < Slices; s++)
        {
            for (int pol = 0; pol < polarities; pol++)
            {
                var levels = new float[plane];
                for (int k = 0; k < kt; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        levels[(k * n) + j] = SliceLevel(Layer.Weights[((k0 + k) * n) + j], s, pol);
                    }
                }

                for (int i = 0; i < plane; i++)
                {
                    target[i] = (float)(Device.GMinUs + (levels[i] * StepUs));
                }

                CounterRng rng = CounterRng.For(Spec.Seed, $"{Layer.Name}/tile{t}/slice{s}/cell{pol}");
                Device.Program(target, programmed, rng);
                Device.Drift(target, programmed, atTime, Spec.DriftTimeS, rng);
                Device.ReadSigma(atTime, sigma);
                float sign = pol == 0 ? 1f : -1f;
                double baseline = Spec.Encoding == WeightEncoding.Offset ? Device.GMinUs : 0;
                for (int k = 0; k < kt; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        int cell = (k * n) + j, at = (k * width) + (s * n) + j;
                        effective[at] += sign * (float)((atTime[cell] - baseline) / StepUs);
                        ideal[at] += sign * levels[cell];
                        variance[at] += (float)((double)sigma[cell] * sigma[cell] / (StepUs * StepUs));
                        rowSum[k] += atTime[cell];
                        programmedSum += programmed[cell];
                        readSum += atTime[cell];
                    }
                }
            }
        }

        bool noisy = variance.Any(v => v > 0);
        return new RowTile(k0, kt, effective, ideal, noisy ? variance : null, rowSum, programmedSum, readSum);
    }

    /// <summary>Level of slice <paramref name="s"/> of a weight on cell <paramref name="pol"/> (0 = G+ or the single offset cell, 1 = G-).</summary>
    private float SliceLevel(float w, int s, int pol)
    {
        double q = w / WeightScale;
        if (Spec.WeightBits > 0)
        {
            q = Math.Round(q);
        }

        double magnitude;
        if (Spec.Encoding == WeightEncoding.Differential)
        {
            magnitude = pol == 0 ? Math.Max(q, 0) : Math.Max(-q, 0);
        }
        else
        {
            magnitude = q + Offset;
        }

        if (Spec.WeightBits == 0)
        {
            return (float)magnitude;
        }

        long v = (long)magnitude;
        return (v >> (s * Spec.BitsPerCell)) & LevelMax;
    }
}
