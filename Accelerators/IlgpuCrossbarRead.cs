using ILGPU;
using ILGPU.Runtime;
using IMCSim.Accelerators.Kernels;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators;

/// <summary>
/// The crossbar read on an ILGPU device (<see cref="CrossbarReadKernel"/>): outputs, histogram, largest current, cell energy and driven
/// rows bit for bit <see cref="CpuKernels.CrossbarRead"/>'s, with its argument checks. <see cref="RunResident"/> keeps the programmed
/// planes and weights on the device; the input vectors go up and the outputs and events come down per call, through device buffers
/// that grow to the largest call and are then reused (no allocation per read). <see cref="RunLayer"/> reads a mapped layer whose inputs
/// and outputs stay on the device. Calls take turns.
/// </summary>
public sealed class IlgpuCrossbarRead : IKernelLoader
{
    private readonly Accelerator _accelerator;
    private Action<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>> _read = null!;
    private Action<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>> _shiftAdd = null!;
    private Action<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<int>> _rowEvents = null!;
    private Action<Index1D, ReadKernelArgs, int, double, ArrayView<float>, ArrayView<float>, ArrayView<double>> _energy = null!;
    private Action<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<double>> _quantise = null!;
    private Action<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<double>, ArrayView<float>> _combine = null!;
    private Action<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<float>> _scaleBias = null!;

    public IlgpuCrossbarRead(IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        (_inputs, _accumulators, _outputs, _squares) = (new(_accelerator), new(_accelerator), new(_accelerator), new(_accelerator));
        (_histogram, _max, _counts, _energies, _rowSums) = (new(_accelerator), new(_accelerator), new(_accelerator), new(_accelerator), new(_accelerator));
        device.LoadKernels(this);
    }

    void IKernelLoader.Load<TMath>()
    {
        _read = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>>(CrossbarReadKernel.Read<TMath>);
        _shiftAdd = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>>(CrossbarReadKernel.ShiftAdd<TMath>);
        _rowEvents = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReadKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<int>>(CrossbarReadKernel.RowEvents<TMath>);
        _energy = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReadKernelArgs, int, double, ArrayView<float>, ArrayView<float>, ArrayView<double>>(CrossbarReadKernel.ChunkEnergy<TMath>);
        _quantise = _accelerator.LoadAutoGroupedStreamKernel<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<double>>(CrossbarLayerKernels.Quantise<TMath>);
        _combine = _accelerator.LoadAutoGroupedStreamKernel<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<double>, ArrayView<float>>(CrossbarLayerKernels.Combine<TMath>);
        _scaleBias = _accelerator.LoadAutoGroupedStreamKernel<Index1D, LayerKernelArgs, ArrayView<float>, ArrayView<float>>(CrossbarLayerKernels.ScaleBias<TMath>);
    }

    public void Run(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, ReadOnlySpan<float> conductance, ReadOnlySpan<float> variance, ReadOnlySpan<float> rowConductanceUs,
        ReadOnlySpan<float> columnWeights, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
    {
        args.Validate(inputs.Length, conductance.Length, variance.Length, rowConductanceUs.Length, columnWeights.Length, output.Length, cellEnergyFj.Length, drivenRows.Length, histogram.Length);
        if (args.Rows == 0)
        {
            return;
        }

        long plane = (long)args.K * args.Width;
        using var dg = Upload(conductance[..(int)plane]);
        using var dv = Upload(variance.IsEmpty ? [0f] : variance[..(int)plane]);
        using var drg = Upload(rowConductanceUs.IsEmpty ? [0f] : rowConductanceUs[..(args.K * args.ColumnGroups)]);
        using var dw = Upload(columnWeights[..(args.Tiles * args.Cycles * args.Width)]);
        Launch(args, inputs, new DevicePlanes(dg.View, dv.View, !variance.IsEmpty, drg.View, !rowConductanceUs.IsEmpty, dw.View), output, cellEnergyFj, drivenRows, histogram, maxCurrent);
    }

    /// <summary>The same read with the planes kept on the device between calls, cached by array identity (the arrays must never change).</summary>
    public void RunResident(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, float[] conductance, float[]? variance, float[]? rowConductanceUs,
        float[] columnWeights, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
    {
        ArgumentNullException.ThrowIfNull(conductance);
        ArgumentNullException.ThrowIfNull(columnWeights);
        args.Validate(inputs.Length, conductance.Length, variance?.Length ?? 0, rowConductanceUs?.Length ?? 0, columnWeights.Length, output.Length, cellEnergyFj.Length, drivenRows.Length, histogram.Length);
        if (args.Rows == 0)
        {
            return;
        }

        Launch(args, inputs, ResidentPlanes(conductance, variance, rowConductanceUs, columnWeights), output, cellEnergyFj, drivenRows, histogram, maxCurrent);
    }

    /// <summary>What a read takes from the device besides its inputs: the planes and weights (a placeholder where a plane is absent).</summary>
    private readonly record struct DevicePlanes(ArrayView<float> Conductance, ArrayView<float> Variance, bool HasVariance, ArrayView<float> RowConductance,
        bool HasRowConductance, ArrayView<float> ColumnWeights);

    /// <summary>The resident copies of a read's planes and weights (uploaded on first use).</summary>
    private DevicePlanes ResidentPlanes(float[] conductance, float[]? variance, float[]? rowConductanceUs, float[] columnWeights)
    {
        ArrayView<float> none = Resident(_nothing);
        return new DevicePlanes(Resident(conductance), variance is null ? none : Resident(variance), variance is not null,
            rowConductanceUs is null ? none : Resident(rowConductanceUs), rowConductanceUs is not null, Resident(columnWeights));
    }

    private readonly float[] _nothing = [0f];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<float[], MemoryBuffer1D<float, Stride1D.Dense>> _resident = [];

    /// <summary>The array's device copy, uploaded on first use (once: concurrent first reads of a plane must not both upload it).</summary>
    private ArrayView<float> Resident(float[] array)
    {
        lock (_resident)
        {
            return _resident.GetValue(array, a => Upload(a)).View;
        }
    }

    private void Launch(in CrossbarReadArgs args, ReadOnlySpan<float> inputs, in DevicePlanes planes, Span<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
    {
        lock (_gate)
        {
            ArrayView<float> dx = _inputs.View((long)args.Rows * args.K), dy = _outputs.View((long)args.Rows * args.N);
            dx.CopyFromCPU(inputs[..(args.Rows * args.K)]);
            LaunchOnDevice(args, dx, planes, dy, cellEnergyFj, drivenRows, histogram, maxCurrent);
            dy.CopyToCPU(output[..(args.Rows * args.N)]);
        }
    }

    /// <summary>The read of input vectors already on the device into <paramref name="output"/> on the device; the events come to the host (the caller holds the gate).</summary>
    private void LaunchOnDevice(in CrossbarReadArgs args, ArrayView<float> dx, in DevicePlanes planes, ArrayView<float> output, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
    {
        bool noisy = planes.HasVariance && args.Mode == CrossbarReadMode.Read, calibrate = !histogram.IsEmpty;
        bool countEnergy = planes.HasRowConductance && args.Mode == CrossbarReadMode.Read;
        var g = ReadKernelArgs.From(args, noisy, calibrate);
        int tiles = args.Tiles, groups = args.ColumnGroups, chunks = (args.Rows + CrossbarReadKernel.ChunkRows - 1) / CrossbarReadKernel.ChunkRows;
        int eventRows = chunks * tiles * args.ArrayRows;
        ArrayView<float> dacc = _accumulators.View((long)args.Rows * args.Width);
        ArrayView<int> dh = _histogram.View(calibrate ? CurrentHistogram.Bins : 1), dmax = _max.View(1), dcount = _counts.View(eventRows);
        ArrayView<float> dsq = _squares.View(eventRows);
        ArrayView<double> de = _energies.View((long)chunks * tiles * groups);
        dh.MemSetToZero();
        dmax.MemSetToZero();
        _read(args.Rows * args.Width, g, dx, planes.Conductance, planes.Variance, planes.ColumnWeights, dacc, dh, dmax);
        _shiftAdd(args.Rows * args.N, g, dacc, output);

        // Events: every (chunk, tile, row) of the read, then every (chunk, tile, group) of the energy.
        _rowEvents(eventRows, g, dx, dsq, dcount);
        if (countEnergy)
        {
            _energy(chunks * tiles * groups, g, groups, args.EnergyFjPerUsDigitSquared, dsq, planes.RowConductance, de);
        }

        Collect(args, chunks, countEnergy, calibrate, dcount, de, dh, dmax, cellEnergyFj, drivenRows, histogram, maxCurrent);
    }

    /// <summary>
    /// A mapped layer's whole read with its input vectors <paramref name="x"/> and outputs <paramref name="y"/> on the device (see
    /// <see cref="IDeviceTensors.CrossbarLayerRead"/>): per phase the DAC codes, the arrays' read and the offset correction, then the
    /// output scale and bias, all on the device; only the events come to the host.
    /// </summary>
    public void RunLayer(in CrossbarLayerReadArgs layer, in CrossbarReadArgs read, ArrayView<float> x, float[] conductance, float[]? variance, float[]? rowConductanceUs,
        float[] columnWeights, float[]? bias, ArrayView<float> y, Span<double> cellEnergyFj, Span<long> drivenRows)
    {
        ArgumentNullException.ThrowIfNull(conductance);
        ArgumentNullException.ThrowIfNull(columnWeights);
        if (read.Phases is < 1 or > 2 || x.Length < (long)read.Rows * read.K || y.Length < (long)read.Rows * read.N || (bias is not null && bias.Length < read.N))
        {
            throw new ArgumentException($"crossbar layer read: {read} does not fit its buffers (x {x.Length}, y {y.Length}, bias {bias?.Length}) or has not 1 or 2 phases");
        }

        read.Validate((int)Math.Min(int.MaxValue, x.Length), conductance.Length, variance?.Length ?? 0, rowConductanceUs?.Length ?? 0, columnWeights.Length,
            (int)Math.Min(int.MaxValue, y.Length), cellEnergyFj.Length, drivenRows.Length, 0);
        if (read.Rows == 0)
        {
            return;
        }

        DevicePlanes planes = ResidentPlanes(conductance, variance, rowConductanceUs, columnWeights);
        ArrayView<float> none = Resident(_nothing);
        lock (_gate)
        {
            ArrayView<float> q = _inputs.View((long)read.Rows * read.K), phaseOut = _outputs.View((long)read.Rows * read.N);
            ArrayView<double> sums = _rowSums.View(read.Rows);
            int outputs = read.Rows * read.N;
            for (int phase = 0; phase < read.Phases; phase++)
            {
                var g = new LayerKernelArgs(read.K, read.N, phase == 0 ? 1f : -1f, layer.InverseScale, layer.InputMax, layer.Analog, layer.Offset, phase == 0 ? 1 : 0, layer.OutScale, 0);
                _quantise(read.Rows, g, x, q, sums);
                LaunchOnDevice(read with { Phase = phase }, q, planes, phaseOut, cellEnergyFj, drivenRows, [], []);
                _combine(outputs, g, phaseOut, sums, y);
            }

            var last = new LayerKernelArgs(read.K, read.N, 1f, layer.InverseScale, layer.InputMax, layer.Analog, layer.Offset, 0, layer.OutScale, bias is null ? 0 : 1);
            _scaleBias(outputs, last, bias is null ? none : Resident(bias), y);
        }
    }

    /// <summary>Waits for the launches and brings the events to the host (chunk partial sums added in the CPU's order).</summary>
    private void Collect(in CrossbarReadArgs args, int chunks, bool countEnergy, bool calibrate, ArrayView<int> dcount, ArrayView<double> de, ArrayView<int> dh,
        ArrayView<int> dmax, Span<double> cellEnergyFj, Span<long> drivenRows, Span<long> histogram, Span<float> maxCurrent)
    {
        int tiles = args.Tiles, groups = args.ColumnGroups;
        _accelerator.Synchronize();
        int[] counts = Download(dcount);
        for (int c = 0; c < chunks; c++)
        {
            for (int t = 0; t < tiles; t++)
            {
                long sum = 0;
                for (int i = 0; i < args.ArrayRows; i++)
                {
                    sum += counts[(((c * tiles) + t) * args.ArrayRows) + i];
                }

                drivenRows[t] += sum;
            }
        }

        if (countEnergy)
        {
            // Chunk partial sums added in chunk order, as CpuKernels adds them.
            double[] energy = Download(de);
            for (int c = 0; c < chunks; c++)
            {
                for (int i = 0; i < tiles * groups; i++)
                {
                    cellEnergyFj[i] += energy[(c * tiles * groups) + i];
                }
            }
        }

        if (calibrate)
        {
            int[] bins = Download(dh);
            for (int b = 0; b < bins.Length; b++)
            {
                histogram[b] += bins[b];
            }

            if (!maxCurrent.IsEmpty)
            {
                maxCurrent[0] = Math.Max(maxCurrent[0], BitConverter.Int32BitsToSingle(Download(dmax)[0]));
            }
        }
    }

    private readonly object _gate = new();
    private readonly Workspace<float> _inputs, _accumulators, _outputs, _squares;
    private readonly Workspace<int> _histogram, _max, _counts;
    private readonly Workspace<double> _energies, _rowSums;

    private static T[] Download<T>(ArrayView<T> view)
        where T : unmanaged
    {
        var data = new T[view.Length];
        view.CopyToCPU(data);
        return data;
    }

    private MemoryBuffer1D<float, Stride1D.Dense> Upload(ReadOnlySpan<float> data)
    {
        var buffer = _accelerator.Allocate1D<float>(data.Length);
        ArrayView<float> view = buffer.View;
        view.CopyFromCPU(data);
        return buffer;
    }
}

/// <summary>A device buffer reused from call to call, grown (never shrunk) to the largest length asked for.</summary>
internal sealed class Workspace<T>(Accelerator accelerator) : IDisposable
    where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    /// <summary>The first <paramref name="length"/> elements (at least one) of the buffer, grown if needed (old contents are not kept).</summary>
    public ArrayView<T> View(long length)
    {
        length = Math.Max(1, length);
        if (_buffer is null || _buffer.Length < length)
        {
            long grown = Math.Max(length, (_buffer?.Length ?? 0) * 3 / 2);
            _buffer?.Dispose();
            _buffer = accelerator.Allocate1D<T>(grown);
        }

        return _buffer.View.SubView(0, length);
    }

    public void Dispose() => _buffer?.Dispose();
}
