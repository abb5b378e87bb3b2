using System.Diagnostics;
using System.Runtime.InteropServices;
using IMCSim.Simulator.Kernels;
using IMCSim.Tests.Support;
using IMCSim.Workloads;
using IMCSim.Workloads.Datasets;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Onnx;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>The embedded models on IMCSim against onnxruntime-node (the reference runtime) on their embedded test sets.</summary>
public sealed class OnnxRuntimeReferenceTests
{
    [Fact]
    public void EmbeddedModel_LogitsOnFirst256Images_MatchOnnxRuntime()
    {
        var (ours, reference) = RunBoth(256);
        for (int i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(ours.Logits[i] - reference[i]) <= 1e-4 * Math.Max(1, Math.Abs(reference[i])), $"logit {i}: IMCSim {ours.Logits[i]}, onnxruntime {reference[i]}");
        }
    }

    [Fact]
    public void EmbeddedModel_PredictionsOnAll10000Images_AgreeWithOnnxRuntime()
    {
        var (ours, reference) = RunBoth(10000);
        int classes = ours.Classes;
        for (int n = 0; n < ours.Samples; n++)
        {
            int refPrediction = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(reference.AsSpan(n * classes, classes));
            Assert.True(refPrediction == ours.Predicted[n], $"image {n}: IMCSim predicts {ours.Predicted[n]}, onnxruntime {refPrediction}");
        }

        Assert.True(ours.Accuracy >= 0.98, $"embedded model accuracy {ours.Accuracy} is below the documented 98%");
    }

    [Fact]
    public void FashionVggModel_PredictionsOnAll10000Images_AgreeWithOnnxRuntime()
    {
        var (ours, reference) = RunBoth(10000, RepoPaths.FashionModel, EmbeddedAssets.FashionDatasetName);
        for (int n = 0; n < ours.Samples; n++)
        {
            int refPrediction = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(reference.AsSpan(n * ours.Classes, ours.Classes));
            Assert.True(refPrediction == ours.Predicted[n], $"image {n}: IMCSim predicts {ours.Predicted[n]}, onnxruntime {refPrediction}");
        }

        for (int i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(ours.Logits[i] - reference[i]) <= 1e-4 * Math.Max(1, Math.Abs(reference[i])), $"logit {i}: IMCSim {ours.Logits[i]}, onnxruntime {reference[i]}");
        }
    }

    private static (ClassificationResult Ours, float[] Reference) RunBoth(int samples, string? model = null, string? dataset = null)
    {
        model ??= RepoPaths.DefaultModel;
        var data = WorkloadFiles.LoadDataset(dataset);
        var graph = OnnxModelReader.ReadFile(model);
        var ours = ImageClassifier.Run(new GraphExecutor(graph, new CpuKernels()), data, samples, 256);

        using var tmp = new TempDir();
        var layout = ImageInputLayout.For(graph, data);
        float[] input = layout.Batch(data, 0, samples).Data;
        File.WriteAllBytes(tmp.File("input.f32"), MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
        RunNode(RepoPaths.Require(RepoPaths.OrtScript), model, tmp.File("input.f32"), $"{samples},1,28,28", tmp.File("output.f32"), "256");
        float[] reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(tmp.File("output.f32"))).ToArray();
        Assert.Equal(ours.Logits.Length, reference.Length);
        return (ours, reference);
    }

    private static void RunNode(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"onnxruntime-node failed (run scripts/setup.sh?): {stderr}{stdout}");
    }
}
