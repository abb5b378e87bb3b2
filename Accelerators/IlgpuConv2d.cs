using ILGPU;
using ILGPU.Runtime;
using IMCSim.Accelerators.Kernels;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators;

/// <summary>2-D convolution on an ILGPU device (<see cref="ConvKernel"/>), with CpuKernels' argument checks; operands copied per call.</summary>
public sealed class IlgpuConv2d : IKernelLoader
{
    private readonly Accelerator _accelerator;
    private Action<Index1D, ConvKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _kernel = null!;

    public IlgpuConv2d(IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        device.LoadKernels(this);
    }

    void IKernelLoader.Load<TMath>() => _kernel = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ConvKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ConvKernel.Run<TMath>);

    public void Run(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        args.Validate(input.Length, weights.Length, bias.Length, output.Length);
        if (args.N == 0)
        {
            return;
        }

        using var dx = _accelerator.Allocate1D<float>(args.InputLength);
        using var dw = _accelerator.Allocate1D<float>(args.WeightLength);
        using var db = _accelerator.Allocate1D<float>(Math.Max(1, bias.IsEmpty ? 0 : args.M));
        using var dy = _accelerator.Allocate1D<float>(args.OutputLength);
        ArrayView<float> vx = dx.View, vw = dw.View, vb = db.View, vy = dy.View;
        vx.CopyFromCPU(input[..(int)args.InputLength]);
        vw.CopyFromCPU(weights[..(int)args.WeightLength]);
        if (!bias.IsEmpty)
        {
            vb.CopyFromCPU(bias[..args.M]);
        }

        _kernel((int)args.OutputLength, ConvKernelArgs.From(args, !bias.IsEmpty), vx, vw, vb, vy);
        _accelerator.Synchronize();
        vy.CopyToCPU(output[..(int)args.OutputLength]);
    }

    /// <summary>The same convolution with its operands and result on the device (queued; nothing is copied); an empty <paramref name="bias"/> view means none.</summary>
    public void RunOnDevice(in Conv2dArgs args, ArrayView<float> input, ArrayView<float> weights, ArrayView<float> bias, bool hasBias, ArrayView<float> output)
    {
        static int Clip(long n) => (int)Math.Min(int.MaxValue, n);
        args.Validate(Clip(input.Length), Clip(weights.Length), hasBias ? Clip(bias.Length) : 0, Clip(output.Length));
        if (args.N > 0)
        {
            _kernel(checked((int)args.OutputLength), ConvKernelArgs.From(args, hasBias), input, weights, bias, output);
        }
    }
}
