using System.Globalization;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>`imcsim simulate --snn`: the converted network on the hardware, its spikes in summary.csv, and bad spiking settings as one line.</summary>
public sealed class SpikingCommandTests
{
    [Fact]
    public void SimulateSnn_OnIdealHardware_ClassifiesLikeTheAnn_AndReportsTimestepsAndSpikes()
    {
        using var tmp = new TempDir();
        var (code, stdout, stderr) = CliRunner.Run("simulate", "--snn", "--ideal", "--timesteps", "16", "--samples", "300", "--out", tmp.Path);
        Assert.True(code == 0, stderr);
        Assert.Contains("| spikes per image |", stdout, StringComparison.Ordinal);
        var row = IMCSim.Cli.Output.ResultCsv.ReadRecords(tmp.File("summary.csv"))[0];
        double D(string k) => double.Parse(row[k], CultureInfo.InvariantCulture);
        Assert.Equal("16", row["timesteps"]);
        Assert.True(D("accuracy_hw") >= D("accuracy_float") - 0.01, $"SNN {row["accuracy_hw"]} against the ANN's {row["accuracy_float"]}");
        Assert.True(D("spikes_per_image") > 0);
        Assert.InRange(D("sparsity"), 0.5, 1.0);

        // Synaptic operations: spikes drive fewer rows than a dense network's every input, and the first layer (the image) counts its MACs.
        Assert.True(D("synops_per_image") < D("synops_dense_per_image"), $"effective {row["synops_per_image"]} against dense {row["synops_dense_per_image"]}");
        Assert.True(D("synops_per_image") > 0.05 * D("synops_dense_per_image"));
        Assert.True(D("footprint_bytes") > 60_000 * 4, $"LeNet-5's ~61k weights stored exactly (32-bit) on ideal hardware: {row["footprint_bytes"]}");

        // Per layer: the totals are the layers' sums; the image-fed conv1 counts MACs, spike-fed layers fewer ACs than their dense MACs.
        var layers = IMCSim.Cli.Output.ResultCsv.ReadRecords(tmp.File("layers.csv"));
        double Sum(string k) => layers.Sum(l => double.Parse(l[k], CultureInfo.InvariantCulture));
        Assert.Equal(D("synops_per_image"), Sum("synops_per_image"), 6);
        Assert.Equal(D("synops_dense_per_image"), Sum("synops_dense_per_image"), 6);
        Assert.Equal(D("footprint_bytes"), Sum("footprint_bytes"), 6);
        Assert.Equal(layers[0]["synops_dense_per_image"], layers[0]["synops_per_image"]);
        Assert.All(layers.Skip(1), l => Assert.True(double.Parse(l["synops_per_image"], CultureInfo.InvariantCulture) < double.Parse(l["synops_dense_per_image"], CultureInfo.InvariantCulture), l["layer"]));

        // Exit threshold 0: every image leaves after its first timestep.
        (code, _, stderr) = CliRunner.Run("simulate", "--snn", "--ideal", "--timesteps", "16", "--exit", "confidence", "--exit-threshold", "0", "--samples", "300", "--out", tmp.File("exit"));
        Assert.True(code == 0, stderr);
        Assert.Equal("1", IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("exit"), "summary.csv"))[0]["avg_timesteps"]);
        var histogram = IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("exit"), "timesteps.csv"));
        Assert.Equal(16, histogram.Count);
        Assert.Equal("300", histogram[0]["images_exited"]);

        (code, _, stderr) = CliRunner.Run("simulate", "--ideal", "--samples", "300", "--out", tmp.File("dnn"));
        Assert.True(code == 0, stderr);
        Assert.Equal("", IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(tmp.File("dnn"), "summary.csv"))[0]["timesteps"]);
    }

    [Fact]
    public void SimulateSnn_IsCostedFromItsSpikes_WithNeuronsMembranesAndTheExitUnit()
    {
        using var tmp = new TempDir();
        double Summary(string dir, string key) => double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0][key], CultureInfo.InvariantCulture);
        string Run(string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--device", "sram", "--samples", "40", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return dir;
        }

        string t2 = Run("t2", "--snn", "--timesteps", "2", "--membrane-bits", "8");
        string t4 = Run("t4", "--snn", "--timesteps", "4", "--membrane-bits", "8");
        string lif = Run("lif", "--snn", "--timesteps", "4", "--neuron", "lif", "--leak", "0.9", "--membrane-bits", "8");
        string exit = Run("exit", "--snn", "--timesteps", "4", "--membrane-bits", "8", "--exit", "confidence", "--exit-threshold", "0");

        // Twice the timesteps: about twice the energy and latency (the spike rates change a little with T).
        Assert.InRange(Summary(t4, "energy_per_image_uj") / Summary(t2, "energy_per_image_uj"), 1.6, 2.2);
        Assert.InRange(Summary(t4, "latency_per_image_us") / Summary(t2, "latency_per_image_us"), 1.8, 2.2);
        Assert.Equal(Summary(t4, "energy_per_image_uj") * Summary(t4, "latency_per_image_us"), Summary(t4, "edp_uj_us"), 9);

        // LIF neurons run one more adder per update than IF (same updates: neurons x timesteps); an exit after every image's first
        // timestep costs about one timestep.
        Assert.True(Summary(lif, "neuron_energy_per_image_uj") > Summary(t4, "neuron_energy_per_image_uj"), "LIF updates should cost more than IF updates");
        Assert.InRange(Summary(exit, "energy_per_image_uj") / Summary(t4, "energy_per_image_uj"), 0.15, 0.4);
        Assert.True(Summary(t2, "membrane_memory_bits") > 0);
        Assert.Equal(Summary(t2, "membrane_memory_bits") * 2, double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(Run("m16", "--snn", "--timesteps", "2", "--membrane-bits", "16"), "summary.csv"))[0]["membrane_memory_bits"], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("--timesteps", "0", ">= 1")]
    [InlineData("--reset", "sometimes", "soft, hard")]
    [InlineData("--threshold-percentile", "0", "(0, 100]")]
    [InlineData("--leak", "1.5", "(0, 1]")]
    [InlineData("--exit", "bored", "none, entropy, confidence")]
    [InlineData("--input", "poisson", "direct, rate")]
    [InlineData("--exit-threshold", "2", "[0, 1]")]
    [InlineData("--membrane-bits", "1", "2..32")]
    [InlineData("--neuron", "izhikevich", "if, lif")]
    public void BadSpikingSettings_AreOneLineNamingTheOption(string option, string value, string valid)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", option, value, "--samples", "10", "--out", tmp.Path), option, valid);
    }

    [Fact]
    public void TrainedSnns_RunFromTheirSidecars_SpikeAsInTraining_AndTheSparserOneCostsLess()
    {
        using var tmp = new TempDir();
        Dictionary<string, string> Run(string model, string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--model", $"embedded:{model}.onnx", "--snn-params", $"embedded:{model}.snn.json", "--samples", "300", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0];
        }

        static double D(Dictionary<string, string> row, string key) => double.Parse(row[key], CultureInfo.InvariantCulture);
        static double TrainedRate(string model)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(IMCSim.Workloads.EmbeddedAssets.ReadAllBytes(IMCSim.Workloads.EmbeddedAssets.SnnParameters[$"embedded:{model}.snn.json"]));
            return doc.RootElement.GetProperty("trained").GetProperty("spike_rate").GetDouble();
        }

        foreach (string model in new[] { "lif-mnist", "lif-mnist-sparse" })
        {
            // On ideal hardware the simulated LIF neurons fire as PyTorch's did in training (rate over the test set in the sidecar),
            // and the float SNN (the reference) and the hardware agree.
            var ideal = Run(model, model + "-ideal", "--ideal");
            Assert.Equal("8", ideal["timesteps"]); // from the sidecar
            Assert.True(D(ideal, "accuracy_hw") > 0.97, $"{model}: {ideal["accuracy_hw"]}");
            Assert.Equal(D(ideal, "accuracy_float"), D(ideal, "accuracy_hw"), 2);
            double rate = 1 - D(ideal, "sparsity");
            Assert.InRange(rate / TrainedRate(model), 0.85, 1.15);
        }

        // The spike-count loss made spikes sparser; IMCSim's spike-driven energy shows the saving on the same chip.
        var dense = Run("lif-mnist", "dense", "--device", "sram");
        var sparse = Run("lif-mnist-sparse", "sparse", "--device", "sram");
        Assert.True(D(sparse, "spikes_per_image") < 0.5 * D(dense, "spikes_per_image"), $"{sparse["spikes_per_image"]} against {dense["spikes_per_image"]}");
        Assert.True(D(sparse, "energy_per_image_uj") < 0.95 * D(dense, "energy_per_image_uj"), $"{sparse["energy_per_image_uj"]} uJ against {dense["energy_per_image_uj"]} uJ");
        Assert.True(D(sparse, "synops_per_image") < D(dense, "synops_per_image"));

        // --timesteps overrides the sidecar's.
        Assert.Equal("4", Run("lif-mnist", "t4", "--ideal", "--timesteps", "4")["timesteps"]);
    }

    [Theory]
    [InlineData("\"timesteps\": 8", "\"timesteps\": 0", "timesteps", ">= 1")]
    [InlineData("\"threshold\": 1.0", "\"threshold\": -1.0", "layers[0].threshold", "positive")]
    [InlineData("\"leak\": 0.9", "\"leak\": 1.5", "layers[0].leak", "(0, 1]")]
    [InlineData("{\"layer\": \"conv2\", \"threshold\": 1.0, \"leak\": 0.9}, ", "", "no entry for layer 'conv2'", "conv1, conv2, fc1")]
    public void BadSidecars_AreOneLineNamingTheFileAndTheField(string from, string to, string field, string valid)
    {
        using var tmp = new TempDir();
        const string Good = """
            {"format": "imcsim-snn", "version": 1, "timesteps": 8, "layers": [{"layer": "conv1", "threshold": 1.0, "leak": 0.9}, {"layer": "conv2", "threshold": 1.0, "leak": 0.9}, {"layer": "fc1", "threshold": 1.0, "leak": 0.9}]}
            """;
        Assert.Contains(from, Good, StringComparison.Ordinal);
        string file = tmp.File("bad.snn.json");
        File.WriteAllText(file, Good.Replace(from, to, StringComparison.Ordinal));
        CliAssert.OneLineError(CliRunner.Run("simulate", "--model", "embedded:lif-mnist.onnx", "--snn-params", file, "--samples", "10", "--out", tmp.File("out")), "bad.snn.json", field, valid);
        Assert.False(Directory.Exists(tmp.File("out")) && File.Exists(Path.Combine(tmp.File("out"), "summary.csv")));
    }

    [Fact]
    public void SidecarProblemsOutsideTheFile_AreOneLineToo()
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--model", "embedded:lif-mnist.onnx", "--snn-params", tmp.File("absent.snn.json"), "--samples", "10", "--out", tmp.Path), "absent.snn.json", "no such");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--model", "embedded:lif-mnist.onnx", "--snn-params", "embedded:lif-mnist.snn.json", "--leak", "0.8", "--samples", "10", "--out", tmp.Path), "--leak", "per layer");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", "--lif-share", "channel", "--lif-share-groups", "4", "--samples", "10", "--out", tmp.Path), "--lif-share-groups", "6, 16, 120, 84");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", "--lif-share", "neurons", "--samples", "10", "--out", tmp.Path), "--lif-share", "none, layer, channel");
    }

    [Fact]
    public void ChannelSharing_HalvesTheMembraneMemory_AndIsCostedSo()
    {
        using var tmp = new TempDir();
        double Bits(string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--snn", "--device", "sram", "--timesteps", "4", "--samples", "40", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0]["membrane_memory_bits"], CultureInfo.InvariantCulture);
        }

        double none = Bits("none"), channel = Bits("channel", "--lif-share", "channel");
        Assert.Equal(none / 2, channel);
        Assert.Equal(none, Bits("layer", "--lif-share", "layer")); // LeNet-5's neuron layers all differ in size: nothing to share
    }

    [Fact]
    public void CostSnn_CostsASpikingNetworkAtAnAssumedRate_BoundingTheSimulatedOneByTheDenseCost()
    {
        using var tmp = new TempDir();
        Dictionary<string, string> Run(string name, params string[] args)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run([.. args, "--device", "sram", "--membrane-bits", "8", "--out", dir]);
            Assert.True(code == 0, stderr);
            return IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0];
        }

        static double D(Dictionary<string, string> row, string key) => double.Parse(row[key], CultureInfo.InvariantCulture);
        var low = Run("low", "cost", "--snn", "--timesteps", "8", "--spike-rate", "0.05");
        var high = Run("high", "cost", "--snn", "--timesteps", "8", "--spike-rate", "0.5");
        var dense = Run("dense", "cost", "--snn", "--timesteps", "8", "--spike-rate", "1");
        var t4 = Run("t4", "cost", "--snn", "--timesteps", "4", "--spike-rate", "0.05");
        var simulated = Run("sim", "simulate", "--snn", "--timesteps", "8", "--samples", "40");

        Assert.Equal("8", low["timesteps"]);
        Assert.Equal("0.05", low["spike_rate"]);
        Assert.True(D(low, "energy_per_image_uj") < D(high, "energy_per_image_uj") && D(high, "energy_per_image_uj") < D(dense, "energy_per_image_uj"));
        Assert.Equal(D(low, "latency_per_image_us"), D(high, "latency_per_image_us"), 9); // reads happen whatever spikes
        Assert.InRange(D(low, "latency_per_image_us") / D(t4, "latency_per_image_us"), 1.9, 2.1);

        // The same chip and network as the simulated SNN: the same latency and membrane memory; the counted spikes cost no more than
        // every input spiking.
        Assert.Equal(D(simulated, "latency_per_image_us"), D(low, "latency_per_image_us"), 6);
        Assert.Equal(D(simulated, "membrane_memory_bits"), D(low, "membrane_memory_bits"));
        Assert.True(D(simulated, "energy_per_image_uj") <= D(dense, "energy_per_image_uj"), $"simulated {simulated["energy_per_image_uj"]} uJ above dense {dense["energy_per_image_uj"]} uJ");
        Assert.Equal("", Run("dnn", "cost")["timesteps"]);
    }

    [Theory]
    [InlineData("0", "(0, 1]")]
    [InlineData("1.5", "(0, 1]")]
    [InlineData("NaN", "finite")]
    public void BadSpikeRates_AreOneLine(string rate, string valid)
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("cost", "--snn", "--spike-rate", rate, "--out", tmp.Path), "--spike-rate", valid);
    }

    [Fact]
    public void InputLayerReadOnce_EqualsReadingEveryTimestepWithoutReadNoise_AndConvertsTheImageOncePerImage()
    {
        using var tmp = new TempDir();
        (Dictionary<string, string> Summary, List<Dictionary<string, string>> Layers, string Predictions) Run(string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--snn", "--timesteps", "4", "--samples", "60", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return (IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0], IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "layers.csv")),
                File.ReadAllText(Path.Combine(dir, "predictions.csv")));
        }

        static double D(Dictionary<string, string> row, string key) => double.Parse(row[key], CultureInfo.InvariantCulture);

        // Without read noise the image-fed layer's outputs are the same on every timestep: holding them changes nothing but the reads.
        var every = Run("every", "--device", "sram", "--noise", "none");
        var once = Run("once", "--device", "sram", "--noise", "none", "--input-layer-reads", "once");
        Assert.Equal(every.Predictions, once.Predictions);
        Assert.Equal(every.Summary["spikes_per_image"], once.Summary["spikes_per_image"]);
        Assert.Equal(D(every.Layers[0], "adc_conversions_per_image"), 4 * D(once.Layers[0], "adc_conversions_per_image"), 6);
        Assert.Equal(every.Layers[1]["adc_conversions_per_image"], once.Layers[1]["adc_conversions_per_image"]);
        Assert.True(D(once.Summary, "energy_per_image_uj") < D(every.Summary, "energy_per_image_uj"));
        Assert.True(D(once.Summary, "latency_per_image_us") < D(every.Summary, "latency_per_image_us"));
        Assert.Equal(D(every.Layers[0], "synops_dense_per_image"), 4 * D(once.Layers[0], "synops_dense_per_image"), 6);

        // With read noise (PCM, the default) the held outputs carry one draw of noise per image: results differ, reads still fall 4x.
        var noisyEvery = Run("noisy-every");
        var noisyOnce = Run("noisy-once", "--input-layer-reads", "once");
        Assert.NotEqual(noisyEvery.Summary["spikes_per_image"], noisyOnce.Summary["spikes_per_image"]);
        Assert.Equal(D(noisyEvery.Layers[0], "adc_conversions_per_image"), 4 * D(noisyOnce.Layers[0], "adc_conversions_per_image"), 6);

        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", "--input", "rate", "--input-layer-reads", "once", "--samples", "10", "--out", tmp.File("bad")), "--input-layer-reads", "--input direct");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--snn", "--input-layer-reads", "twice", "--samples", "10", "--out", tmp.File("bad")), "--input-layer-reads", "timestep, once");
    }

    [Fact]
    public void HardwareCalibratedThresholds_FollowTheChipsAttenuation_WhereFloatThresholdsStopTheSpikes()
    {
        // The default PCM chip one day after programming, with exact wires: drift and IR drop shrink the column currents, so
        // thresholds measured on the float ANN are rarely reached; thresholds measured on the mapped ANN follow them.
        using var tmp = new TempDir();
        double Accuracy(string name, params string[] extra)
        {
            string dir = tmp.File(name);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--snn", "--timesteps", "8", "--samples", "150", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return double.Parse(IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(dir, "summary.csv"))[0]["accuracy_hw"], CultureInfo.InvariantCulture);
        }

        double hardware = Accuracy("hardware"), floatThresholds = Accuracy("float", "--threshold-calibration", "float");
        Assert.True(hardware > 0.9, $"hardware-calibrated thresholds: {hardware}");
        Assert.True(floatThresholds < 0.5, $"float thresholds on the attenuated chip: {floatThresholds} (the test would not see the difference)");
        CliAssert.OneLineError(CliRunner.Run("simulate", "--model", "embedded:lif-mnist.onnx", "--snn-params", "embedded:lif-mnist.snn.json", "--threshold-calibration", "float", "--samples", "10", "--out", tmp.File("bad")), "--threshold-calibration", "per layer");
    }
}
