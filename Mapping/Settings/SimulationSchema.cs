using System.Globalization;
using IMCSim.Devices.Models;
using IMCSim.Simulator.Chip;
using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Technology;

namespace IMCSim.Mapping.Settings;

/// <summary>
/// Every setting of a simulation with its one default: the command-line options, config-file keys,
/// manifest entries and (later) sweep axes are all made from this list. Adding a setting means adding
/// it here and using it where the request is built (<see cref="SimulationSettings"/>).
/// </summary>
public static class SimulationSchema
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly Setting<string?> Model = new("model", "ONNX model, embedded:lenet5-mnist.onnx or embedded:vgg7-fmnist.onnx (default: embedded LeNet-5)", null, (v, _) => v, v => v ?? Workloads.EmbeddedAssets.DefaultModelName, "embedded LeNet-5");
    public static readonly Setting<string?> Dataset = new("dataset", "folder with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz], embedded:mnist, embedded:fashion-mnist, or random:N (N seeded uniform random images of the model's input shape, for timing studies) (default: embedded MNIST)", null, (v, _) => v, v => v ?? Workloads.EmbeddedAssets.DefaultDatasetName, "embedded MNIST");
    public static readonly Setting<string> Device = new("device", "device of every crossbar layer: sram, pcm, fefet, rram, neurosim-sram, neurosim-rram, ideal, or a device file .yaml", SettingDefaults.Device, (v, _) => v);
    public static readonly Setting<(int Rows, int Cols)> Array = new("array", "array rows x columns", (SettingDefaults.ArrayRows, SettingDefaults.ArrayCols), SettingParsers.ArrayShape, v => $"{v.Rows}x{v.Cols}");
    public static readonly Setting<int> WeightBits = new("weight-bits", "weight precision in bits", SettingDefaults.WeightBits, SettingParsers.Int);
    public static readonly Setting<int?> BitsPerCell = new("bits-per-cell", "bits stored per cell; weights are sliced over cells", null, (v, k) => SettingParsers.Int(v, k), v => v?.ToString(Inv) ?? "auto", $"{SettingDefaults.BitsPerCell}, or fewer if a chosen device stores fewer");
    public static readonly Setting<int> InputBits = new("input-bits", "input precision in bits (0 = analog)", SettingDefaults.InputBits, SettingParsers.Int);
    public static readonly Setting<int> DacBits = new("dac-bits", "input bits applied per read cycle (1 = bit-serial)", SettingDefaults.DacBits, SettingParsers.Int);
    public static readonly Setting<int> AdcBits = new("adc-bits", "ADC resolution (0 = unlimited)", SettingDefaults.AdcBits, SettingParsers.Int);
    public static readonly Setting<int> ParallelRows = new("parallel-rows", "rows driven per read (partial parallel read: each row group converted on its own, partial sums added digitally); must divide the array rows; 0 = all", SettingDefaults.ParallelRows, SettingParsers.Int, v => v == 0 ? "all" : v.ToString(Inv), "all rows");
    public static readonly Setting<int> ColsPerAdc = new("cols-per-adc", "columns sharing one ADC", SettingDefaults.ColsPerAdc, SettingParsers.Int);
    public static readonly Setting<WeightEncoding> Encoding = new("encoding", "signed weights: differential or offset", SettingDefaults.Encoding, SettingParsers.Encoding, v => v.ToString().ToLowerInvariant());
    public static readonly Setting<AdcRangeRule> AdcRange = new("adc-range", "ADC full scale from the calibration currents: max, percentile or mse (minimum mean squared conversion error)", SettingDefaults.AdcRange, SettingParsers.AdcRange, v => v switch { AdcRangeRule.Percentile => "percentile", AdcRangeRule.MinimumMse => "mse", _ => "max" });
    public static readonly Setting<double> AdcPercentile = new("adc-percentile", "percentile of |column current| for --adc-range percentile", SettingDefaults.AdcPercentile, SettingParsers.Double);
    public static readonly Setting<CalibrationSource> Calibration = new("calibration", "what calibration reads: programmed (the arrays as programmed: noise, faults, wires) or target (ideal levels)", SettingDefaults.Calibration, SettingParsers.Calibration, v => v.ToString().ToLowerInvariant());
    public static readonly Setting<double> DriftTime = new("drift-time", "time since programming: 0, 1s, 1h, 1d, 1y ...", SettingDefaults.DriftTimeS, SettingParsers.DurationSeconds, v => v.ToString("R", Inv), "1d = 86400 s");
    public static readonly Setting<NoiseSelection> Noise = new("noise", "all, none, or a list of programming,read,drift,variation,faults", SettingDefaults.Noise, SettingParsers.Noise, SettingParsers.NoiseName);
    public static readonly Setting<bool> Gdc = new("gdc", "global drift compensation (aihwkit's reference read per array); a flag, or true/false", SettingDefaults.Gdc, SettingParsers.Bool, v => v ? "true" : "false", isFlag: true);
    public static readonly Setting<bool> Ideal = new("ideal", "ideal devices, no noise, unlimited precision; a flag, or true/false", false, SettingParsers.Bool, v => v ? "true" : "false", isFlag: true);
    public static readonly Setting<int> Samples = new("samples", "test images to run (0 = all)", 0, SettingParsers.Int, v => v == 0 ? "all" : v.ToString(Inv), "all");
    public static readonly Setting<ulong> Seed = new("seed", "random seed", SettingDefaults.Seed, SettingParsers.Seed);
    public static readonly Setting<int> CalibrationImages = new("calibration-images", "images used to calibrate input and ADC ranges", SettingDefaults.CalibrationImages, SettingParsers.Int);
    public static readonly Setting<int> Batch = new("batch", "images per batch", SettingDefaults.Batch, SettingParsers.Int);
    public static readonly Setting<string> Backend = new("backend", "where the kernels run: cpu (this project's vectorised CPU kernels), ilgpu-cpu (the ILGPU kernels on ILGPU's CPU accelerator: slow, for checks) or cuda (the ILGPU kernels on the first NVIDIA GPU); results are the same bits", "cpu",
        (t, k) => SettingParsers.Choice(t, k, ("cpu", "cpu"), ("ilgpu-cpu", "ilgpu-cpu"), ("cuda", "cuda")), v => v);
    public static readonly Setting<int> Threads = new("threads", "compute threads, 0 = all cores; results do not depend on it", 0, SettingParsers.Int);
    public static readonly Setting<string> Out = new("out", "output folder", SettingDefaults.Out, (v, _) => v);
    public static readonly Setting<string?> PlacementOut = new("placement-out", "write the placement (where every weight lands) to this JSON file", null, (v, _) => v, v => v ?? "", "none");
    public static readonly Setting<ParasiticsMode> Parasitics = new("parasitics", "wire parasitics: exact (IR-drop solve of every programmed array), fast (approximate, error reported in ADC LSBs) or none", SettingDefaults.Parasitics, SettingParsers.Parasitics, v => v.ToString().ToLowerInvariant());
    public static readonly Setting<int> Node = new("node", "technology node in nm (wires, cell pitch): 130, 90, 65, 45, 32, 22, 14, 10, 7, 5, 3, 2, 1", SettingDefaults.NodeNm, SettingParsers.Int);
    public static readonly Setting<double?> RwRow = new("rw-row", "row wire resistance per cell segment, ohm", null, (v, k) => SettingParsers.Double(v, k), v => v?.ToString("R", Inv) ?? "from node", "from --node and the cell size");
    public static readonly Setting<double?> RwCol = new("rw-col", "column wire resistance per cell segment, ohm", null, (v, k) => SettingParsers.Double(v, k), v => v?.ToString("R", Inv) ?? "from node", "from --node and the cell size");
    public static readonly Setting<double> Rs = new("rs", "source (driver) resistance per row, ohm", 0.0, SettingParsers.Double);
    public static readonly Setting<double> Rsink = new("rsink", "sink resistance per column, ohm (0 = virtual ground)", 0.0, SettingParsers.Double);

    public static readonly Setting<AdcDesign> AdcType = new("adc-type", "ADC kind: sar (successive approximation, NeuroSim's), sense-amp (NeuroSim's multi-level current sense amplifier), flash, sar-survey (SAR with the ADC survey's energy envelope)", SettingParsers.AdcType(SettingDefaults.AdcType, "adc-type"), SettingParsers.AdcType, v => v.Name);
    public static readonly Setting<double> ClockMhz = new("clock-mhz", "clock frequency in MHz; 0 = synchronous (the period is the sub-array's critical sensing path, as NeuroSim)", SettingDefaults.ClockMhz, SettingParsers.Double, v => v == 0 ? "synchronous" : v.ToString("R", Inv), "synchronous");
    public static readonly Setting<bool> Pipeline = new("pipeline", "layer pipelining: latency per image is the slowest layer's (false: the layers' sum)", SettingDefaults.Pipeline, SettingParsers.Bool, v => v ? "true" : "false");
    public static readonly Setting<bool> NovelMapping = new("conv-mapping", "convolution mapping: novel (NeuroSim's: one processing element per kernel position) or conventional (the unrolled matrix)", SettingDefaults.ConvMapping == "novel", SettingParsers.ConvMapping, v => v ? "novel" : "conventional", SettingDefaults.ConvMapping);
    public static readonly Setting<int> SpeedUpDegree = new("speedup-degree", "pipeline balancing (NeuroSim's speedUpDegree): the first layer's feature-map side may be divided by up to this by replicating weights, each layer replicated up to the square of it (1 = no replication)", SettingDefaults.SpeedUpDegree, SettingParsers.Int);
    public static readonly Setting<InterconnectDesign> Interconnect = new("interconnect", "global interconnect between tiles: bus (X-Y bus) or htree", SettingParsers.Interconnect(SettingDefaults.Interconnect, "interconnect"), SettingParsers.Interconnect, v => v.Name);
    public static readonly Setting<bool> PostLayout = new("post-layout", "apply NeuroSim's post-layout calibration factors (its 'validated' switch)", SettingDefaults.PostLayout, SettingParsers.Bool, v => v ? "true" : "false");
    public static readonly Setting<double> Temperature = new("temperature", "operating temperature in K (300..400)", SettingDefaults.TemperatureK, SettingParsers.Double);
    public static readonly Setting<DeviceRoadmap> Roadmap = new("roadmap", "transistor roadmap: lstp (low standby power) or hp (high performance)", SettingParsers.Roadmap(SettingDefaults.Roadmap, "roadmap"), SettingParsers.Roadmap, v => v == DeviceRoadmap.HighPerformance ? "hp" : "lstp");
    public static readonly Setting<int> ChipTiles = new("chip-tiles", "tiles on the chip; 0 = as many as the network needs (a layer that does not fit is an error)", 0, SettingParsers.Int, v => v == 0 ? "as needed" : v.ToString(Inv), "as needed");
    public static readonly Setting<int> TileBufferBits = new("tile-buffer-bits", "bits of each tile's input and output register-file buffer; 0 = sized for one read's partial sums", 0, SettingParsers.Int, v => v == 0 ? "as needed" : v.ToString(Inv), "as needed");
    public static readonly Setting<int> PeSize = new("pe-size", "cells per processing-element side (a multiple of the array size); 0 = NeuroSim's floorplan search", 0, SettingParsers.Int, v => v == 0 ? "search" : v.ToString(Inv), "search");
    public static readonly Setting<IReadOnlyDictionary<string, int>> LayerReplication = new("layer-replication", "weight copies of layers, LAYER=N items separated by commas (e.g. conv1=16,conv2=4), replacing the automatic pipeline replication", new Dictionary<string, int>(), SettingParsers.LayerCounts, v => string.Join(",", v.Select(x => $"{x.Key}={x.Value}")), "automatic");
    public static readonly Setting<bool> ValidPositions = new("conv-positions", "convolution input vectors the cost model reads: padded (every output pixel, what the network computes) or valid (only where the kernel lies inside the unpadded input, NeuroSim's count)", false, SettingParsers.ConvPositions, v => v ? "valid" : "padded", "padded");
    public static readonly Setting<int> ActivityImages = new("activity-images", "images whose inputs give the row activity of a cost-only run (imcsim cost)", SettingDefaults.ActivityImages, SettingParsers.Int);

    public static readonly Setting<bool> Snn = new("snn", "run the model as a spiking network: ANN-to-SNN conversion, every ReLU becomes integrate-and-fire neurons (docs/SNN.md); a flag, or true/false", false, SettingParsers.Bool, v => v ? "true" : "false", isFlag: true);
    public static readonly Setting<int> Timesteps = new("timesteps", "timesteps a spiking network sees each image", SettingDefaults.Timesteps, SettingParsers.Int);
    public static readonly Setting<IMCSim.Workloads.Spiking.SpikeReset> Reset = new("reset", "a spiking neuron's reset: soft (subtract the threshold) or hard (to zero)", IMCSim.Workloads.Spiking.SpikeReset.Soft,
        (t, k) => SettingParsers.Choice(t, k, ("soft", IMCSim.Workloads.Spiking.SpikeReset.Soft), ("hard", IMCSim.Workloads.Spiking.SpikeReset.Hard)), v => v.ToString().ToLowerInvariant());
    public static readonly Setting<double> ThresholdPercentile = new("threshold-percentile", "a converted layer's threshold: this percentile of its ReLU's positive activations on the calibration images", SettingDefaults.ThresholdPercentile, SettingParsers.Double);
    public static readonly Setting<string> Exit = new("exit", "dynamic timesteps: none, entropy (DT-SNN) or confidence (SEENN-I): an image stops once its averaged output's score exceeds --exit-threshold", "none",
        (t, k) => SettingParsers.Choice(t, k, ("none", "none"), ("entropy", "entropy"), ("confidence", "confidence")));
    public static readonly Setting<double> ExitThreshold = new("exit-threshold", "score above which an image exits (0 = after the first timestep, 1 = never)", 0.9, SettingParsers.Double);
    public static readonly Setting<string> SpikeInput = new("input", "how images enter a spiking network: direct (the analog image every timestep) or rate (Bernoulli spikes, probability = pixel value, seeded)", "direct",
        (t, k) => SettingParsers.Choice(t, k, ("direct", "direct"), ("rate", "rate")));
    public static readonly Setting<string> Neuron = new("neuron", "a spiking network's neurons: if (integrate-and-fire, no leak) or lif (leaky: the membrane decays by --leak each timestep)", "if",
        (t, k) => SettingParsers.Choice(t, k, ("if", "if"), ("lif", "lif")), v => v);
    public static readonly Setting<int> MembraneBits = new("membrane-bits", "a spiking network's membrane potentials: 0 = float (costed as 32-bit), 2..32 = MINT integers sharing one scale per layer with an integer threshold compare", 0, SettingParsers.Int);
    public static readonly Setting<double> Leak = new("leak", "membrane leak per timestep of LIF neurons (--neuron lif), in (0, 1]", 0.9, SettingParsers.Double);
    public static readonly Setting<string?> SnnParams = new("snn-params", "a trained SNN's sidecar file (*.snn.json: timesteps and each neuron layer's threshold, leak and reset; docs/SNN.md), or embedded:lif-mnist.snn.json; implies --snn; the model is its synaptic layers' ONNX graph with a Relu at each neuron layer", null, (v, _) => v, v => v ?? "", "none (conversion)");
    public static readonly Setting<IMCSim.Workloads.Spiking.NeuronSharingMode> LifShare = new("lif-share", "membrane sharing of neuron layers (EfficientLIF-Net): none, layer (consecutive neuron layers of equal size share one buffer) or channel (--lif-share-groups channel groups of a layer share one)", IMCSim.Workloads.Spiking.NeuronSharingMode.None,
        (t, k) => SettingParsers.Choice(t, k, ("none", IMCSim.Workloads.Spiking.NeuronSharingMode.None), ("layer", IMCSim.Workloads.Spiking.NeuronSharingMode.Layer), ("channel", IMCSim.Workloads.Spiking.NeuronSharingMode.Channel)), v => v.ToString().ToLowerInvariant());
    public static readonly Setting<double> SpikeRate = new("spike-rate", "imcsim cost --snn: the assumed fraction of a spiking layer's inputs that spike per timestep, and of its neurons that fire, in (0, 1] (simulate counts them instead)", 0.1, SettingParsers.Double);
    public static readonly Setting<string> InputLayerReads = new("input-layer-reads", "a spiking network's layers fed the image directly (--input direct): timestep (read it on every timestep, fresh read noise each) or once (read it once per image and hold the converted outputs for the later timesteps)", "timestep",
        (t, k) => SettingParsers.Choice(t, k, ("timestep", "timestep"), ("once", "once")), v => v);
    public static readonly Setting<string> ThresholdCalibration = new("threshold-calibration", "where a converted network's thresholds are measured: float (the ANN's activations) or hardware (the ANN mapped on this chip, after its calibration: thresholds follow drift and IR drop)", "hardware",
        (t, k) => SettingParsers.Choice(t, k, ("float", "float"), ("hardware", "hardware")), v => v);
    public static readonly Setting<int> LifShareGroups = new("lif-share-groups", "channel groups sharing one membrane buffer with --lif-share channel (>= 2, a divisor of every neuron layer's channels)", 2, SettingParsers.Int);

    /// <summary>The per-layer device list key (LAYER=DEVICE items; a mapping in config files).</summary>
    public const string LayerDeviceKey = "layer-device";

    public static IReadOnlyList<Setting> All { get; } =
    [
        Model, Dataset, Device, Array, ParallelRows, WeightBits, BitsPerCell, InputBits, DacBits, AdcBits, ColsPerAdc, Encoding, AdcRange, AdcPercentile,
        Calibration, DriftTime, Noise, Gdc, Ideal, Samples, Seed, CalibrationImages, Batch, Threads, Out, PlacementOut, Parasitics, Node,
        RwRow, RwCol, Rs, Rsink, AdcType, ClockMhz, Pipeline, NovelMapping, SpeedUpDegree, Interconnect, PostLayout, Temperature, Roadmap,
        ActivityImages, ValidPositions, ChipTiles, TileBufferBits, PeSize, LayerReplication, Snn, Timesteps, Reset, ThresholdPercentile, Leak, Exit, ExitThreshold, SpikeInput, Neuron, MembraneBits,
        SnnParams, LifShare, LifShareGroups, SpikeRate, InputLayerReads, ThresholdCalibration, Backend,
    ];

    public static Setting? Find(string key) => All.FirstOrDefault(s => s.Key == key);
}
