using System.Collections.Concurrent;

namespace IMCSim.Mapping.Crossbar;

/// <summary>
/// Programmed and solved arrays shared between mapped networks that program the same weights the same way: a sweep whose points
/// differ only in read-side settings (ADC, input bits, calibration, drift time...) programs and solves each array once instead of
/// once per point. <see cref="ProgrammedLayer"/> asks it in two stages, each keyed by exactly what that stage reads: the cells as
/// programmed (<see cref="ArrayProgrammingKey"/>: weights, placement, precision, encoding, device, noise, wires, seed) and the
/// cells at the evaluation time (that key plus the drift time). It also keeps what a network's calibration passes measured on such
/// arrays (<see cref="NetworkCalibrationKey"/>), which no ADC setting, drift time or GDC changes. Every entry is a deterministic
/// function of its key, so a cached array is bit for bit the array a fresh run makes, and cached readings the readings it takes. Thread-safe; an entry is computed once even when points ask for it together.
/// Holds at most <see cref="BudgetBytes"/> of arrays; past that, new arrays are computed and not kept.
/// </summary>
public sealed class ProgrammingCache(long budgetBytes = ProgrammingCache.DefaultBudgetBytes)
{
    /// <summary>1 GiB of planes.</summary>
    public const long DefaultBudgetBytes = 1L << 30;

    private readonly ConcurrentDictionary<object, Lazy<object>> _entries = new();
    private long _bytes;
    private long _hits;
    private long _misses;

    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Bytes of arrays held.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Stage results served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Stage results computed.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>An entry for <paramref name="key"/> is held (or being made).</summary>
    internal bool Contains(object key) => _entries.ContainsKey(key);

    /// <summary>The value held for <paramref name="key"/>, waiting for it if it is being made; false when none is held (nothing is made).</summary>
    internal bool TryGet<T>(object key, out T? value)
        where T : class
    {
        value = _entries.TryGetValue(key, out Lazy<object>? entry) ? (T)entry.Value : null;
        return value is not null;
    }

    /// <summary>The value of <paramref name="key"/>, made by <paramref name="make"/> the first time (kept while the budget allows).</summary>
    internal T GetOrAdd<T>(object key, Func<T> make, Func<T, long> bytesOf)
        where T : class
    {
        if (_entries.TryGetValue(key, out Lazy<object>? known))
        {
            Interlocked.Increment(ref _hits);
            return (T)known.Value;
        }

        Interlocked.Increment(ref _misses);
        if (Bytes >= BudgetBytes)
        {
            return make();
        }

        var mine = new Lazy<object>(() => make(), LazyThreadSafetyMode.ExecutionAndPublication);
        Lazy<object> entry = _entries.GetOrAdd(key, mine);
        var value = (T)entry.Value;
        if (ReferenceEquals(entry, mine))
        {
            Interlocked.Add(ref _bytes, bytesOf(value));
        }

        return value;
    }
}

/// <summary>
/// What programming one array reads: the model and layer (its weights), the array's place in the layer, the weight precision,
/// cell bits and encoding (the target levels), the device and noise selection (programming noise, variation, faults), the wires
/// (the programmed plane's solve), the seed and the circuit solver's arithmetic (a GPU's chain-parallel solve of large arrays is not
/// the CPU's bits). Settings not here (ADC, DAC, calibration, drift time, cost-only settings) do not change the programmed cells.
/// </summary>
internal sealed record ArrayProgrammingKey(
    object Model,
    string Layer,
    int RowTile,
    int ColumnTile,
    int RowStart,
    int RowCount,
    int WeightStart,
    int WeightCount,
    int UsedColumns,
    int ColumnsPerWeight,
    int WeightBits,
    int BitsPerCell,
    WeightEncoding Encoding,
    Devices.Spec.DeviceSpec Device,
    Devices.Models.NoiseSelection Noise,
    ParasiticsSpec Parasitics,
    ulong Seed,
    string SolverNumerics);

/// <summary>What reading one programmed array at a time reads: its programming and the time since programming.</summary>
internal sealed record ArrayReadKey(ArrayProgrammingKey Programming, double DriftTimeS);

/// <summary>
/// What a network's calibration passes read (<see cref="MappedNetwork.Calibrate(Workloads.Datasets.ImageDataset)"/>): the model and
/// the calibration images (the same objects), every array as programmed (<see cref="ArrayProgrammingKey"/>: weights, placement,
/// precision, encoding, device, noise, wires, seed, solver arithmetic) and each layer's input quantisation, read grouping and
/// calibration source. Not here, because the passes never read them: the ADC (bits, range rule), the drift time, GDC, the read noise.
/// </summary>
internal sealed record NetworkCalibrationKey(object Model, object Images, int Count, IReadOnlyList<LayerCalibrationInputs> Layers, IReadOnlyList<ArrayProgrammingKey> Arrays)
{
    // The model and images by identity (the same objects), the lists by their elements.
    public bool Equals(NetworkCalibrationKey? other) =>
        other is not null && ReferenceEquals(Model, other.Model) && ReferenceEquals(Images, other.Images) && Count == other.Count
        && Layers.SequenceEqual(other.Layers) && Arrays.SequenceEqual(other.Arrays);

    public override int GetHashCode() =>
        HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Model), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Images), Count, Layers.Count, Arrays.Count, Arrays.Count > 0 ? Arrays[0] : null);
}

/// <summary>A layer's settings that its calibration reads besides its arrays: input bits, DAC bits, rows read at once, columns per ADC, calibration source.</summary>
internal sealed record LayerCalibrationInputs(int InputBits, int DacBits, int ParallelRows, int ColsPerAdc, CalibrationSource Calibration);
