using System.Runtime.InteropServices;

namespace IMCSim.Simulator.Kernels;

/// <summary>
/// A process-wide pool of cache-line-aligned native float buffers for the kernels' per-call work planes. A plane
/// of a few MB taken from malloc on every call comes from fresh pages (mmap) each time and costs more in page
/// faults than the copy into it; pooled buffers are reused. At most <see cref="MaxPooled"/> buffers are kept.
/// </summary>
internal static unsafe class AlignedBuffers
{
    private const int MaxPooled = 4;

    private static readonly Lock Sync = new();
    private static readonly List<(nint Pointer, long Floats)> Free = [];

    /// <summary>A buffer of at least <paramref name="floats"/> floats, 64-byte aligned; give it back with <see cref="Return"/>.</summary>
    public static (nint Pointer, long Floats) Rent(long floats)
    {
        lock (Sync)
        {
            int best = -1;
            for (int i = 0; i < Free.Count; i++)
            {
                if (Free[i].Floats >= floats && (best < 0 || Free[i].Floats < Free[best].Floats))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var buffer = Free[best];
                Free.RemoveAt(best);
                return buffer;
            }
        }

        return ((nint)NativeMemory.AlignedAlloc((nuint)(Math.Max(floats, 1) * sizeof(float)), 64), floats);
    }

    public static void Return((nint Pointer, long Floats) buffer)
    {
        if (buffer.Pointer == 0)
        {
            return;
        }

        lock (Sync)
        {
            Free.Add(buffer);
            if (Free.Count <= MaxPooled)
            {
                return;
            }

            // Keep the largest buffers: they serve every smaller request.
            int smallest = 0;
            for (int i = 1; i < Free.Count; i++)
            {
                smallest = Free[i].Floats < Free[smallest].Floats ? i : smallest;
            }

            buffer = Free[smallest];
            Free.RemoveAt(smallest);
        }

        NativeMemory.AlignedFree((void*)buffer.Pointer);
    }
}
