using IMCSim.Devices.Models;
using IMCSim.Simulator.Crossbar;

namespace IMCSim.Mapping.Settings;

/// <summary>
/// The one set of default values: the settings schema (options, config files, manifest) and the
/// spec constructors' optional parameters both take them from here.
/// </summary>
public static class SettingDefaults
{
    public const int ArrayRows = 128;

    /// <summary>Rows driven per read: 0 = all rows of the array.</summary>
    public const int ParallelRows = 0;
    public const int ArrayCols = 128;
    public const int WeightBits = 8;
    public const int BitsPerCell = 2;
    public const int InputBits = 8;
    public const int DacBits = 1;
    public const int AdcBits = 6;
    public const int ColsPerAdc = 8;
    public const WeightEncoding Encoding = WeightEncoding.Differential;
    public const NoiseSelection Noise = NoiseSelection.All;
    public const double DriftTimeS = 86400;
    public const bool Gdc = false;
    public const ulong Seed = 1;
    public const int CalibrationImages = 16;

    /// <summary>Chosen by measurement (docs/SIMULATION.md): on the embedded LeNet-5, PCM after one day, 0.970-0.973 with "max" against 0.978-0.982 with "mse" (3 seeds, 10,000 images).</summary>
    public const AdcRangeRule AdcRange = AdcRangeRule.MinimumMse;
    public const double AdcPercentile = 99.99;
    public const CalibrationSource Calibration = CalibrationSource.Programmed;
    public const ParasiticsMode Parasitics = ParasiticsMode.Exact;
    public const int NodeNm = 32;
    public const int SolverMaxIterations = 2000;
    public const string Device = "pcm";
    public const int Batch = 256;
    public const string Out = "imcsim-out";

    /// <summary>Cost model (docs/COST.md): SAR ADCs, synchronous clock, layer pipelining, NeuroSim's novel convolution mapping,
    /// NeuroSim's speedUpDegree (8), X-Y bus, no post-layout factors, 300 K, LSTP transistors, activity from one image.</summary>
    public const string AdcType = "sar";
    public const double ClockMhz = 0;
    public const bool Pipeline = true;
    public const string ConvMapping = "novel";
    public const int SpeedUpDegree = 8;
    public const string Interconnect = "bus";
    public const bool PostLayout = false;
    public const double TemperatureK = 300;
    public const string Roadmap = "lstp";
    public const int ActivityImages = 1;
    public const int Timesteps = 8;
    public const double ThresholdPercentile = 99.9;
}
