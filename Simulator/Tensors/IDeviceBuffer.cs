namespace IMCSim.Simulator.Tensors;

/// <summary>
/// A float buffer in a compute device's memory (a GPU's), made by the backend that computes on it (<see cref="Kernels.IDeviceTensors"/>):
/// what lets activations stay on the device from one operator to the next. The host sees it only through <see cref="CopyTo"/>.
/// </summary>
public interface IDeviceBuffer
{
    /// <summary>Elements in the buffer.</summary>
    int Length { get; }

    /// <summary>Copies the buffer to host memory, after the device work queued before this call has finished.</summary>
    void CopyTo(Span<float> destination);

    /// <summary>Gives the buffer back to its backend for reuse; it must not be used afterwards (a second release is ignored).</summary>
    void Release();
}
