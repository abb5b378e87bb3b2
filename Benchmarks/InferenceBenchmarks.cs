using BenchmarkDotNet.Attributes;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Onnx;

namespace IMCSim.Benchmarks;

/// <summary>Float reference inference of the embedded model over the 10,000 embedded MNIST test images.</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private ImageDataset _data = null!;
    private GraphExecutor _executor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = DatasetLoader.LoadEmbeddedMnist();
        var graph = OnnxModelReader.Read(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.DefaultModel), "embedded");
        _executor = new GraphExecutor(graph, new CpuKernels());
    }

    [Benchmark]
    public double InferMnist10k() => ImageClassifier.Run(_executor, _data, _data.Count, 256).Accuracy;
}
