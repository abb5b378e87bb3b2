namespace IMCSim.Simulator.Tensors;

/// <summary>
/// Recycles float buffers of exact lengths. Repeated batches allocate the same sizes, so after the
/// first batch no new memory is taken from the runtime: this avoids large-object-heap churn and the
/// page faults of fresh memory, which otherwise cost more than the arithmetic of small layers.
/// Returned buffers keep their old contents.
/// </summary>
public sealed class BufferPool
{
    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly Lock _lock = new();

    public float[] Rent(int length)
    {
        lock (_lock)
        {
            if (_free.TryGetValue(length, out Stack<float[]>? stack) && stack.Count > 0)
            {
                return stack.Pop();
            }
        }

        return GC.AllocateUninitializedArray<float>(length);
    }

    public void Return(float[] buffer)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(buffer.Length, out Stack<float[]>? stack))
            {
                stack = new Stack<float[]>();
                _free[buffer.Length] = stack;
            }

            stack.Push(buffer);
        }
    }
}
