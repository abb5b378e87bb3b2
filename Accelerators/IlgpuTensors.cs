using ILGPU;
using ILGPU.Runtime;
using IMCSim.Accelerators.Kernels;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;

namespace IMCSim.Accelerators;

/// <summary>
/// Activations in an ILGPU device's memory (<see cref="IDeviceTensors"/>): a pool of device buffers of exact lengths (a batch's
/// shapes repeat, so after the first batch nothing is allocated) and the operators between crossbar layers (<see cref="TensorKernels"/>),
/// each giving its host operator's bits. Launches are queued on the device's stream; only a copy to the host waits.
/// </summary>
public sealed class IlgpuTensors : IKernelLoader
{
    private readonly Accelerator _accelerator;
    private readonly Dictionary<int, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _free = [];
    private readonly Lock _lock = new();
    private Action<Index1D, ArrayView<float>, ArrayView<float>> _relu = null!;
    private Action<Index1D, int, ArrayView<float>, ArrayView<float>, ArrayView<float>> _add = null!;
    private Action<Index1D, PoolArgs, ArrayView<float>, ArrayView<float>> _pool = null!;
    private Action<Index1D, int, ArrayView<float>, ArrayView<float>> _globalAveragePool = null!;
    private Action<Index1D, Conv2dArgs, int, ArrayView<float>, ArrayView<float>> _im2row = null!;
    private Action<Index1D, int, int, int, ArrayView<float>, ArrayView<float>> _toChannelMajor = null!;
    private Action<Index1D, SpikingStepArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<long>> _spikingStep = null!;
    private MemoryBuffer1D<long, Stride1D.Dense>? _spikeCount;

    public IlgpuTensors(IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        device.LoadKernels(this);
    }

    void IKernelLoader.Load<TMath>()
    {
        _relu = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(TensorKernels.Relu<TMath>);
        _add = _accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(TensorKernels.Add<TMath>);
        _pool = _accelerator.LoadAutoGroupedStreamKernel<Index1D, PoolArgs, ArrayView<float>, ArrayView<float>>(TensorKernels.Pool<TMath>);
        _globalAveragePool = _accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<float>, ArrayView<float>>(TensorKernels.GlobalAveragePool<TMath>);
        _im2row = _accelerator.LoadAutoGroupedStreamKernel<Index1D, Conv2dArgs, int, ArrayView<float>, ArrayView<float>>(TensorKernels.Im2Row);
        _toChannelMajor = _accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, int, ArrayView<float>, ArrayView<float>>(TensorKernels.ToChannelMajor);
        _spikingStep = _accelerator.LoadAutoGroupedStreamKernel<Index1D, SpikingStepArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<long>>(TensorKernels.SpikingStep<TMath>);
    }

    /// <summary>Floats copied between host and device through this backend's tensors so far (what a batch that stays on the device keeps small).</summary>
    public TensorTransfers Transfers => new(Interlocked.Read(ref _uploaded), Interlocked.Read(ref _downloaded));

    private long _uploaded, _downloaded;

    public bool Owns(IDeviceBuffer buffer) => buffer is Buffer b && b.Owner == this;

    public IDeviceBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_lock)
        {
            if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                return new Buffer(this, stack.Pop(), length);
            }
        }

        return new Buffer(this, _accelerator.Allocate1D<float>(Math.Max(1, length)), length);
    }

    public IDeviceBuffer Zeros(int length)
    {
        var buffer = (Buffer)Allocate(length);
        if (length > 0)
        {
            buffer.View.MemSetToZero();
        }

        return buffer;
    }

    public IDeviceBuffer Upload(ReadOnlySpan<float> data)
    {
        var buffer = (Buffer)Allocate(data.Length);
        if (!data.IsEmpty)
        {
            buffer.View.CopyFromCPU(data);
            Interlocked.Add(ref _uploaded, data.Length);
        }

        return buffer;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<float[], Buffer> _constants = [];

    public IDeviceBuffer Constant(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_constants)
        {
            // Uploaded once, kept while the array lives; never pooled (Release does nothing).
            return _constants.GetValue(values, v =>
            {
                var memory = _accelerator.Allocate1D<float>(Math.Max(1, v.Length));
                if (v.Length > 0)
                {
                    memory.View.SubView(0, v.Length).CopyFromCPU(v);
                }

                return new Buffer(this, memory, v.Length, constant: true);
            });
        }
    }

    public void Relu(IDeviceBuffer x, IDeviceBuffer y)
    {
        var (vx, vy) = (View(x), Output(y));
        Require(vy.Length >= vx.Length, $"relu: output of {vy.Length} for {vx.Length} inputs");
        Launch(vx.Length, n => _relu(n, vx, vy.SubView(0, vx.Length)));
    }

    public void Add(IDeviceBuffer a, IDeviceBuffer b, IDeviceBuffer y)
    {
        var (va, vb, vy) = (View(a), View(b), Output(y));
        if (va.Length == 0)
        {
            return;
        }

        Require(vb.Length > 0 && va.Length % vb.Length == 0 && vy.Length >= va.Length, $"add: a of {va.Length}, b of {vb.Length} (must divide a), y of {vy.Length}");
        Launch(va.Length, n => _add(n, (int)vb.Length, va, vb, vy.SubView(0, va.Length)));
    }

    public void Pool(in PoolArgs args, IDeviceBuffer x, IDeviceBuffer y)
    {
        PoolArgs g = args;
        Distinct(x, y, "pool");
        var (vx, vy) = (View(x), Output(y));
        Require(g.Planes >= 0 && g.H > 0 && g.W > 0 && g.OH > 0 && g.OW > 0 && g.KH > 0 && g.KW > 0 && g.StrideH > 0 && g.StrideW > 0 && g.DilationH > 0 && g.DilationW > 0
            && vx.Length >= g.InputLength && vy.Length >= g.OutputLength, $"pool: {g} with x of {vx.Length}, y of {vy.Length}");
        Launch(g.OutputLength, n => _pool(n, g, vx, vy));
    }

    public void GlobalAveragePool(int planes, int plane, IDeviceBuffer x, IDeviceBuffer y)
    {
        Distinct(x, y, "global average pool");
        var (vx, vy) = (View(x), Output(y));
        Require(planes >= 0 && plane >= 0 && vx.Length >= (long)planes * plane && vy.Length >= planes, $"global average pool: {planes} planes of {plane}, x of {vx.Length}, y of {vy.Length}");
        Launch(planes, n => _globalAveragePool(n, plane, vx, vy));
    }

    public void Im2Row(in Conv2dArgs args, int firstSample, IDeviceBuffer x, IDeviceBuffer rows)
    {
        Conv2dArgs g = args;
        Distinct(x, rows, "im2row");
        var (vx, vr) = (View(x), Output(rows));
        long k = (long)g.C * g.KH * g.KW, count = (long)g.N * g.OutputPlane * k;
        Require(g.Groups == 1 && firstSample >= 0 && vx.Length >= (firstSample + (long)g.N) * g.C * g.H * g.W && vr.Length >= count && count <= int.MaxValue,
            $"im2row: {g} from sample {firstSample}, x of {vx.Length}, rows of {vr.Length}");
        Launch(count, n => _im2row(n, g, firstSample, vx, vr));
    }

    public void ToChannelMajor(int samples, int plane, int channels, int firstSample, IDeviceBuffer rows, IDeviceBuffer y)
    {
        Distinct(rows, y, "to channel-major");
        var (vr, vy) = (View(rows), Output(y));
        long count = (long)samples * plane * channels;
        Require(samples >= 0 && plane > 0 && channels > 0 && firstSample >= 0 && vr.Length >= count && vy.Length >= (firstSample + (long)samples) * plane * channels && count <= int.MaxValue,
            $"to channel-major: {samples} samples of {plane} x {channels} from {firstSample}, rows of {vr.Length}, y of {vy.Length}");
        Launch(count, n => _toChannelMajor(n, plane, channels, firstSample, vr, vy));
    }

    public long SpikingStep(in SpikingStepArgs args, IDeviceBuffer x, IDeviceBuffer membranes, IDeviceBuffer y)
    {
        SpikingStepArgs g = args;
        Distinct(membranes, y, "spiking step");
        Distinct(x, membranes, "spiking step");
        var (vx, vm, vy) = (View(x), Output(membranes), Output(y));
        long neurons = (long)g.Images * g.PerGroup;
        Require(g.Images >= 0 && g.Groups >= 1 && g.PerGroup >= 0 && (long)g.Groups * g.PerGroup == g.PerImage && vx.Length >= (long)g.Images * g.PerImage
            && vy.Length >= (long)g.Images * g.PerImage && vm.Length >= neurons && neurons <= int.MaxValue, $"spiking step: {g}, x of {vx.Length}, membranes of {vm.Length}, y of {vy.Length}");
        if (neurons == 0)
        {
            return 0;
        }

        lock (_lock)
        {
            _spikeCount ??= _accelerator.Allocate1D<long>(1);
            ArrayView<long> count = _spikeCount.View;
            count.MemSetToZero();
            _spikingStep((int)neurons, g, vx, vm, vy, count);
            var result = new long[1];
            _accelerator.Synchronize();
            count.CopyToCPU(result);
            return result[0];
        }
    }

    /// <summary>The device view of one of this backend's buffers.</summary>
    internal ArrayView<float> View(IDeviceBuffer buffer) =>
        buffer is Buffer b && b.Owner == this ? b.View : throw new ArgumentException("the device buffer belongs to another backend", nameof(buffer));

    /// <summary>A buffer a kernel writes: this backend's, and not a constant's (its cached copy must not change).</summary>
    internal ArrayView<float> Output(IDeviceBuffer buffer) =>
        buffer is Buffer { Constant: true } ? throw new ArgumentException("a constant's device copy cannot be written", nameof(buffer)) : View(buffer);

    /// <summary>An operation whose output must not be one of its inputs (it reads neighbours of what it writes).</summary>
    internal static void Distinct(IDeviceBuffer input, IDeviceBuffer output, string operation) =>
        Require(!ReferenceEquals(input, output), $"{operation}: the output buffer is the input buffer");

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private static void Launch(long count, Action<int> kernel)
    {
        if (count > 0)
        {
            kernel(checked((int)count));
        }
    }

    private void Return(MemoryBuffer1D<float, Stride1D.Dense> memory, int length)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(length, out var stack))
            {
                stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
                _free[length] = stack;
            }

            stack.Push(memory);
        }
    }

    /// <summary>One pooled device buffer; released once, after which its memory serves the next <see cref="Allocate"/> of its length.</summary>
    private sealed class Buffer(IlgpuTensors owner, MemoryBuffer1D<float, Stride1D.Dense> memory, int length, bool constant = false) : IDeviceBuffer
    {
        private int _released;

        public IlgpuTensors Owner => owner;

        public bool Constant => constant;

        public int Length => length;

        public ArrayView<float> View => _released == 0 ? memory.View.SubView(0, length) : throw new ObjectDisposedException("device buffer", "used after its release");

        public void CopyTo(Span<float> destination)
        {
            if (length == 0)
            {
                return;
            }

            owner._accelerator.Synchronize();
            View.CopyToCPU(destination[..length]);
            Interlocked.Add(ref owner._downloaded, length);
        }

        public void Release()
        {
            if (!constant && Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Return(memory, length);
            }
        }
    }
}

/// <summary>Floats that crossed between host and device.</summary>
public readonly record struct TensorTransfers(long UploadedFloats, long DownloadedFloats);
