using System.CommandLine;
using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Cli.Commands;

/// <summary>The options every command that runs a network shares: model, dataset, sample count, batch, threads, output folder.</summary>
internal sealed class WorkloadOptions
{
    public Option<string?> Model { get; } = new("--model") { Description = "ONNX model file, or embedded:lenet5-mnist.onnx or embedded:vgg7-fmnist.onnx (default: the embedded LeNet-5 trained on MNIST)" };

    public Option<string?> Dataset { get; } = new("--dataset") { Description = "folder with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz], or embedded:mnist or embedded:fashion-mnist (default: the embedded MNIST test set)" };

    public Option<int> Samples { get; } = new("--samples") { Description = "number of test images to run (0 = all)", DefaultValueFactory = _ => 0 };

    public Option<int> Batch { get; } = new("--batch") { Description = "images per batch", DefaultValueFactory = _ => 256 };

    public Option<int> Threads { get; } = new("--threads") { Description = "compute threads (0 = all cores)", DefaultValueFactory = _ => 0 };

    public Option<string> Out { get; } = new("--out") { Description = "output folder", DefaultValueFactory = _ => "imcsim-out" };

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Model, Dataset, Samples, Batch, Threads, Out })
        {
            command.Options.Add(o);
        }
    }

    public static NetworkGraph LoadModel(string? path) => WorkloadFiles.LoadModel(path);

    public static ImageDataset LoadDataset(string? folder, NetworkGraph? model = null) => WorkloadFiles.LoadDataset(folder, model);

    public static CpuKernels Kernels(int threads) =>
        threads >= 0 ? new CpuKernels(threads) : throw new InputException("--threads", $"must be >= 0 (0 = all cores), got {threads}");

    /// <summary>Creates the output folder before any work, so a bad --out fails fast instead of after a long run.</summary>
    public static string PrepareOutput(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, ".imcsim-write-test");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException("--out", $"cannot write to output folder '{folder}': {e.Message}");
        }
    }
}
