using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using IMCSim.Cli.Output;
using IMCSim.Workloads.Inference;

namespace IMCSim.Cli.Commands;

/// <summary>`imcsim infer`: float reference inference of a model on a dataset; accuracy, throughput, predictions.csv and logits.csv.</summary>
internal static class InferCommand
{
    public static Command Create(TextWriter output)
    {
        var options = new WorkloadOptions();
        var command = new Command("infer", "Float reference inference of an ONNX classifier on an image dataset (the accuracy baseline).");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            string outDir = WorkloadOptions.PrepareOutput(parse.GetValue(options.Out)!);
            var kernels = WorkloadOptions.Kernels(parse.GetValue(options.Threads));
            string? modelPath = parse.GetValue(options.Model);
            var graph = WorkloadOptions.LoadModel(modelPath);
            var data = WorkloadOptions.LoadDataset(parse.GetValue(options.Dataset), graph);
            int samples = parse.GetValue(options.Samples) is 0 ? data.Count : parse.GetValue(options.Samples);
            int batch = parse.GetValue(options.Batch);

            var executor = new GraphExecutor(graph, kernels);
            var clock = Stopwatch.StartNew();
            ClassificationResult result = ImageClassifier.Run(executor, data, samples, batch);
            double seconds = clock.Elapsed.TotalSeconds;

            string predictions = Path.Combine(outDir, "predictions.csv");
            string logits = Path.Combine(outDir, "logits.csv");
            ResultCsv.WritePredictions(predictions, result);
            ResultCsv.WriteLogits(logits, result);

            var inv = CultureInfo.InvariantCulture;
            output.WriteLine($"model       {graph.Source} ({graph.Nodes.Count} nodes)");
            output.WriteLine($"dataset     {data.Source} ({samples} of {data.Count} images, {data.Height}x{data.Width})");
            output.WriteLine(string.Format(inv, "accuracy    {0:F4} ({1}/{2})", result.Accuracy, result.Correct, samples));
            output.WriteLine(string.Format(inv, "throughput  {0:F0} images/s ({1:F3} s, batch {2}, {3})", samples / seconds, seconds, batch, kernels.Name));
            output.WriteLine($"wrote       {predictions}, {logits}");
            return ImcsimApp.ExitOk;
        });
        return command;
    }
}
