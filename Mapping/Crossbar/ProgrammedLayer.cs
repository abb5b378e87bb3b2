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
    /// <param name="threads">Threads for the arrays' circuit solves (0: all cores); results do not depend on it.</param>
    public ProgrammedLayer(MatrixLayer layer, MappingSpec spec, DeviceModel device, int threads = 0)
    {
        _threads = threads;
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

    /// <summary>Largest relative residual of the array solves (0 without parasitics).</summary>
    public double WorstResidual { get; private set; }

    /// <summary>Largest relative disagreement of an array's effective matrix with a direct full solve of a check input (0 without parasitics).</summary>
    public double WorstCheckDeviation { get; private set; }

    /// <summary>Fast parasitics: largest all-ones column-current error against the exact solve on the sampled arrays, in level units (0 otherwise).</summary>
    public double FastErrorLevels { get; private set; }

    private readonly Lock _residualLock = new();
    private readonly int _threads;

    /// <summary>Cells holding weights (both cells of a pair, every slice).</summary>
    public long UsedCells => (long)Layer.K * Layer.N * Slices * Spec.CellsPerSlice;

    public double Utilisation => (double)UsedCells / ((long)Arrays * Spec.ArrayRows * Spec.ArrayCols);

    private RowTile BuildTile(int t)
    {
        int k0 = t * Spec.ArrayRows, kt = Math.Min(Spec.ArrayRows, Layer.K - k0);
        int n = Layer.N, width = Slices * n, plane = kt * n, polarities = Spec.CellsPerSlice;

        // Program and drift every (slice, cell) plane of this row tile.
        var levels = new float[Slices * polarities][];
        var programmed = new float[Slices * polarities][];
        var atTime = new float[Slices * polarities][];
        for (int s = 0; s < Slices; s++)
        {
            for (int pol = 0; pol < polarities; pol++)
            {
                int index = (s * polarities) + pol;
                var lv = new float[plane];
                for (int k = 0; k < kt; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        lv[(k * n) + j] = SliceLevel(Layer.Weights[((k0 + k) * n) + j], s, pol);
                    }
                }

                var target = new float[plane];
                for (int i = 0; i < plane; i++)
                {
                    target[i] = (float)(Device.GMinUs + (lv[i] * StepUs));
                }

                CounterRng rng = CounterRng.For(Spec.Seed, $"{Layer.Name}/tile{t}/slice{s}/cell{pol}");
                programmed[index] = new float[plane];
                atTime[index] = new float[plane];
                Device.Program(target, programmed[index], rng);
                Device.Drift(target, programmed[index], atTime[index], Spec.DriftTimeS, rng);
                levels[index] = lv;
            }
        }

        // What the column sees per unit input: the cell conductance, or with wires the array's effective matrix.
        float[][] seen = Spec.Parasitics.Enabled ? EffectiveConductances(kt, atTime) : atTime;

        var effective = new float[kt * width];
        var ideal = new float[kt * width];
        var variance = new float[kt * width];
        var rowSum = new double[kt];
        var sigma = new float[plane];
        double programmedSum = 0, readSum = 0;
        double baseline = Spec.Encoding == WeightEncoding.Offset ? Device.GMinUs : 0;
        for (int s = 0; s < Slices; s++)
        {
            for (int pol = 0; pol < polarities; pol++)
            {
                int index = (s * polarities) + pol;
                Device.ReadSigma(programmed[index], atTime[index], sigma);
                float sign = pol == 0 ? 1f : -1f;
                for (int k = 0; k < kt; k++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        int cell = (k * n) + j, at = (k * width) + (s * n) + j;
                        effective[at] += sign * (float)((seen[index][cell] - baseline) / StepUs);
                        ideal[at] += sign * levels[index][cell];
                        variance[at] += (float)((double)sigma[cell] * sigma[cell] / (StepUs * StepUs));
                        rowSum[k] += atTime[index][cell];
                        programmedSum += programmed[index][cell];
                        readSum += atTime[index][cell];
                    }
                }
            }
        }

        bool noisy = variance.Any(v => v > 0);
        return new RowTile(k0, kt, effective, ideal, noisy ? variance : null, rowSum, programmedSum, readSum);
    }

    /// <summary>
    /// Solves every array of the row tile as a circuit (used rows and columns; a weight's slices and cells in
    /// adjacent columns) and returns, per (slice, cell) plane, the effective conductance dI_column / dV_row in uS.
    /// </summary>
    private float[][] EffectiveConductances(int kt, float[][] atTime)
    {
        int n = Layer.N, polarities = Spec.CellsPerSlice, perWeight = Slices * polarities;
        var (rowWire, colWire) = Spec.Parasitics.WireOhm(Device.Spec.CellAreaF2.Value, Costs.PeripheralCosts.FeatureSizeNm);
        var seen = atTime.Select(p => new float[p.Length]).ToArray();
        for (int ct = 0; ct < ColTiles; ct++)
        {
            int n0 = ct * WeightsPerArray, weights = Math.Min(WeightsPerArray, n - n0), cols = weights * perWeight;
            var g = new double[kt * cols];
            for (int k = 0; k < kt; k++)
            {
                for (int w = 0; w < weights; w++)
                {
                    for (int plane = 0; plane < perWeight; plane++)
                    {
                        g[(k * cols) + (w * perWeight) + plane] = atTime[plane][(k * n) + n0 + w] * 1e-6;
                    }
                }
            }

            var circuit = new Simulator.Circuit.CrossbarCircuit(kt, cols, g, Spec.Parasitics.SourceOhm, rowWire, colWire, Spec.Parasitics.SinkOhm, $"layer {Layer.Name}");
            var effective = Simulator.Circuit.EffectiveMatrix.Compute(circuit, _threads, Spec.Parasitics.Tolerance);
            double[] a = effective.Matrix;
            double sampleError = 0;
            if (Spec.Parasitics.Mode == ParasiticsMode.Fast && ct == 0)
            {
                // Error of the fast solve against the exact one on this array: the worst column's summed
                // |difference| over all rows (an all-ones input), in level units of this layer.
                double[] exact = Simulator.Circuit.EffectiveMatrix.Compute(circuit, _threads).Matrix;
                for (int col = 0; col < cols; col++)
                {
                    double sum = 0;
                    for (int k = 0; k < kt; k++)
                    {
                        sum += Math.Abs(a[(k * cols) + col] - exact[(k * cols) + col]);
                    }

                    sampleError = Math.Max(sampleError, sum * 1e6 / StepUs);
                }
            }

            lock (_residualLock)
            {
                WorstResidual = Math.Max(WorstResidual, effective.WorstResidual);
                WorstCheckDeviation = Math.Max(WorstCheckDeviation, effective.CheckDeviation);
                FastErrorLevels = Math.Max(FastErrorLevels, sampleError);
            }

            for (int k = 0; k < kt; k++)
            {
                for (int w = 0; w < weights; w++)
                {
                    for (int plane = 0; plane < perWeight; plane++)
                    {
                        seen[plane][(k * n) + n0 + w] = (float)(a[(k * cols) + (w * perWeight) + plane] * 1e6);
                    }
                }
            }
        }

        return seen;
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
