namespace IMCSim.Mapping.Costs;

/// <summary>
/// Per-component constants of the first cost estimate (area, energy and latency from component
/// counts), each with its source. The circuit-level cost model is a later issue; these numbers and
/// the CSV columns they feed are kept explicit so they can be replaced one by one.
/// </summary>
public static class PeripheralCosts
{
    public const string FeatureSizeSource = "cells laid out at F = the technology node (--node), as NeuroSim V1.4 (featuresize = wire width of the node)";

    /// <summary>ADC area and energy per conversion at the reference resolution.</summary>
    public const double AdcAreaUm2 = 693.633;
    public const double AdcEnergyPj = 2.03084;
    public const int AdcReferenceBits = 4;
    public const string AdcSource = "SpikeSim ela_spikesim.py (65 nm): ADC area 693.633 um^2, energy 2.03084 pJ; resolution assumed 4 bits and scaled x2 per extra bit (constant Walden figure of merit; assumption)";

    /// <summary>SAR conversion time: one bit per clock cycle at 1 GHz.</summary>
    public const double AdcNsPerBit = 1.0;
    public const string AdcLatencySource = "assumption: SAR ADC resolving one bit per cycle of the 1 GHz clock (NeuroSim V1.3 clock 1 GHz)";

    /// <summary>Column multiplexer in front of each shared ADC.</summary>
    public const double MuxAreaUm2 = 45.9;
    public const double MuxEnergyPj = 0.094245;
    public const string MuxSource = "SpikeSim ela_spikesim.py (65 nm): MUX area 45.9 um^2, energy 0.094245 pJ";

    /// <summary>Shift-and-add unit per ADC: SpikeSim's shift-add area per PE (13411.41 um^2) over its 64 ADCs (8 crossbars x 64 columns / 8).</summary>
    public const double ShiftAddAreaUm2 = 13411.41 / 64;
    public const double ShiftAddEnergyPj = 0.05;
    public const string ShiftAddSource = "area: SpikeSim shift-add 13411.41 um^2 per PE / 64 ADCs per PE; energy: assumption 0.05 pJ per accumulate of a converted value";

    /// <summary>Row driver (1-bit DAC) energy per driven row per read.</summary>
    public const double RowDriverEnergyPj = 0.005;
    public const string RowDriverSource = "assumption: C V^2 of a driven wordline, ~20 fF at 0.5 V";

    public static double AdcScale(int bits) => bits <= 0 ? Math.Pow(2, 8 - AdcReferenceBits) : Math.Pow(2, bits - AdcReferenceBits);

    /// <summary>ADC conversion time; an unlimited ADC is costed as 8 bits.</summary>
    public static double AdcLatencyNs(int bits) => AdcNsPerBit * (bits <= 0 ? 8 : bits);

    public static IEnumerable<(string Component, string Source)> Sources() =>
    [
        ("feature_size", FeatureSizeSource), ("adc", AdcSource), ("adc_latency", AdcLatencySource), ("mux", MuxSource),
        ("shift_add", ShiftAddSource), ("row_driver", RowDriverSource),
        ("cell_read_energy", "V_read^2 x G x t_read summed over the driven rows of every read (device file)"),
    ];
}
