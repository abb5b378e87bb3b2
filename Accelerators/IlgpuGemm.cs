using ILGPU;
using ILGPU.Runtime;
using IMCSim.Accelerators.Kernels;
using IMCSim.Simulator.Kernels;

namespace IMCSim.Accelerators;

/// <summary>
/// GEMM on an ILGPU device (<see cref="GemmKernel"/>), bit for bit <see cref="CpuKernels.Gemm"/>: the same argument checks, the same
/// sums in the same order. Operands are copied to the device and the result back on every call.
/// </summary>
public sealed class IlgpuGemm : IKernelLoader
{
    private readonly Accelerator _accelerator;
    private Action<Index1D, GemmKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>> _kernel = null!;

    public IlgpuGemm(IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _accelerator = device.Accelerator;
        device.LoadKernels(this);
    }

    void IKernelLoader.Load<TMath>() => _kernel = _accelerator.LoadAutoGroupedStreamKernel<Index1D, GemmKernelArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmKernel.Run<TMath>);

    public void Run(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        args.Validate(a.Length, b.Length, c.Length);
        if (args.M == 0 || args.N == 0)
        {
            return;
        }

        if (args.K == 0)
        {
            for (int i = 0; i < args.M && !args.Accumulate; i++)
            {
                c.Slice(i * args.Ldc, args.N).Clear();
            }

            return;
        }

        var (la, lb, lc) = args.RequiredLengths();
        using var da = _accelerator.Allocate1D<float>(la);
        using var db = _accelerator.Allocate1D<float>(lb);
        using var dc = _accelerator.Allocate1D<float>(lc);
        ArrayView<float> va = da.View, vb = db.View, vc = dc.View;
        va.CopyFromCPU(a[..(int)la]);
        vb.CopyFromCPU(b[..(int)lb]);
        vc.CopyFromCPU(c[..(int)lc]);
        _kernel(args.M * args.N, GemmKernelArgs.From(args), va, vb, vc);
        _accelerator.Synchronize();
        vc.CopyToCPU(c[..(int)lc]);
    }

    /// <summary>The same product with its operands and result on the device (queued; nothing is copied).</summary>
    public void RunOnDevice(in GemmArgs args, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
    {
        args.Validate((int)Math.Min(int.MaxValue, a.Length), (int)Math.Min(int.MaxValue, b.Length), (int)Math.Min(int.MaxValue, c.Length));
        if (args.M == 0 || args.N == 0)
        {
            return;
        }

        if (args.K == 0)
        {
            if (!args.Accumulate)
            {
                c.SubView(0, args.RequiredLengths().C).MemSetToZero();
            }

            return;
        }

        _kernel(args.M * args.N, GemmKernelArgs.From(args), a, b, c);
    }
}
