namespace IMCSim.Simulator.Chip;

/// <summary>
/// The categories NeuroSim V1.4 prints its breakdowns in (Chip.cpp / main.cpp): area split into CIM arrays, ADC, accumulation,
/// interconnect and other periphery; energy into ADC, accumulation and other (array, buffers and interconnect are "other" there,
/// but reported on their own here as well).
/// </summary>
public enum ComponentCategory
{
    Array,
    Adc,
    Accumulation,
    Buffer,
    Interconnect,
    Other,

    /// <summary>A spiking network's neuron units, membrane memory and exit unit.</summary>
    Neuron,

    /// <summary>Empty space inside the sub-arrays' bounding boxes (NeuroSim counts it in the chip area, in no category).</summary>
    Whitespace,

    /// <summary>Leakage energy per image: the chip's leakage power over the latency per image (one line, energy only).</summary>
    Leakage,
}
