namespace IMCSim.Simulator.Kernels;

/// <summary>
/// One timestep of a layer of integrate-and-fire neurons with float membranes, as an unmanaged struct: each image's
/// <see cref="PerImage"/> inputs are <see cref="Groups"/> channel groups of <see cref="PerGroup"/> taken in order onto the image's
/// <see cref="PerGroup"/> membranes (membrane sharing; one group without it). Per neuron and group: m = <see cref="Leak"/> · v + x
/// (two roundings, no fused multiply-add); a spike where m ≥ <see cref="Threshold"/>, output <see cref="SpikeValue"/> there and 0
/// elsewhere; v = m without a spike, else m − threshold (<see cref="Soft"/> = 1) or 0.
/// </summary>
public readonly record struct SpikingStepArgs(int Images, int PerImage, int Groups, int PerGroup, float Threshold, float Leak, float SpikeValue, int Soft);
