using IMCSim.Simulator.Common;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Tests.Support;
using IMCSim.Workloads.Inference;
using IMCSim.Workloads.Onnx;
using IMCSim.Workloads.Onnx.Schema;
using Xunit;

namespace IMCSim.Tests.Workloads;

/// <summary>
/// Operator-level golden tests against the ONNX project's own test data (Debian libonnx-testdata):
/// every case whose model uses only operators IMCSim supports is run, and its outputs must match the
/// stored outputs within 1e-4 relative. Cases that use a feature IMCSim deliberately does not support
/// are listed with the reason, and must fail with a clear input error instead of a wrong answer.
/// </summary>
public sealed class OnnxGoldenTests
{
    private static readonly string[] Suites = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    /// <summary>Cases of supported operators that use features outside IMCSim's scope, and why.</summary>
    private static readonly Dictionary<string, string> ExpectedUnsupported = new()
    {
        ["node/test_add_uint8"] = "uint8 tensors (IMCSim computes in float32)",
        ["pytorch-operator/test_operator_add_broadcast"] = "float64 tensors",
        ["pytorch-operator/test_operator_add_size1_broadcast"] = "float64 tensors",
        ["pytorch-operator/test_operator_add_size1_right_broadcast"] = "float64 tensors",
        ["pytorch-operator/test_operator_add_size1_singleton_broadcast"] = "float64 tensors",
        ["pytorch-operator/test_operator_addconstant"] = "float64 tensors",
        ["node/test_maxpool_2d_uint8"] = "uint8 tensors",
        ["node/test_averagepool_3d_default"] = "3-D pooling",
        ["node/test_maxpool_3d_default"] = "3-D pooling",
        ["node/test_batchnorm_epsilon_training_mode"] = "BatchNormalization training mode",
        ["node/test_batchnorm_example_training_mode"] = "BatchNormalization training mode",
        ["node/test_identity_opt"] = "optional-typed values",
        ["node/test_identity_sequence"] = "sequence-typed values",
        ["node/test_maxpool_with_argmax_2d_precomputed_pads"] = "MaxPool Indices output",
        ["node/test_maxpool_with_argmax_2d_precomputed_strides"] = "MaxPool Indices output",
        ["pytorch-converted/test_AvgPool3d"] = "3-D pooling",
        ["pytorch-converted/test_AvgPool3d_stride"] = "3-D pooling",
        ["pytorch-converted/test_AvgPool3d_stride1_pad0_gpu_input"] = "3-D pooling",
        ["pytorch-converted/test_MaxPool3d"] = "3-D pooling",
        ["pytorch-converted/test_MaxPool3d_stride"] = "3-D pooling",
        ["pytorch-converted/test_MaxPool3d_stride_padding"] = "3-D pooling",
        ["pytorch-converted/test_Conv3d"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_dilated"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_dilated_strided"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_groups"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_no_bias"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_stride"] = "3-D convolution",
        ["pytorch-converted/test_Conv3d_stride_padding"] = "3-D convolution",
        ["pytorch-converted/test_BatchNorm3d_eval"] = "checked below: 5-D BatchNormalization is supported",
        ["pytorch-converted/test_BatchNorm3d_momentum_eval"] = "checked below: 5-D BatchNormalization is supported",
    };

    public static TheoryData<string> SupportedCases() => [.. SupportedCaseNames()];

    private static List<string> SupportedCaseNames() => [.. AllCases().Where(c => UsesOnlySupportedOperators(c) && !IsListedUnsupported(c))];

    public static TheoryData<string> UnsupportedCases()
    {
        var data = new TheoryData<string>();
        foreach (string c in AllCases().Where(IsListedUnsupported))
        {
            data.Add(c);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SupportedCases))]
    public void SupportedCase_MatchesStoredOutputs(string caseName)
    {
        string dir = Path.Combine(RepoPaths.OnnxTestData, caseName);
        var graph = OnnxModelReader.ReadFile(Path.Combine(dir, "model.onnx"));
        foreach (string set in Directory.GetDirectories(dir, "test_data_set_*"))
        {
            var inputs = new Dictionary<string, Tensor>();
            for (int i = 0; i < graph.Inputs.Count; i++)
            {
                inputs[graph.Inputs[i].Name] = OnnxTensors.ReadFile(Path.Combine(set, $"input_{i}.pb"));
            }

            var outputs = new GraphExecutor(graph, new CpuKernels()).Run(inputs);
            for (int i = 0; i < graph.Outputs.Count; i++)
            {
                Tensor expected = OnnxTensors.ReadFile(Path.Combine(set, $"output_{i}.pb"));
                Tensor actual = outputs[graph.Outputs[i].Name];
                Assert.Equal(expected.Shape, actual.Shape);
                if (expected.ElementType == ElementType.Int64)
                {
                    Assert.Equal(expected.Int64Data, actual.Int64Data);
                }
                else
                {
                    Numerics.AssertClose(expected.Data, actual.Data, 1e-4, $"{caseName} output {i}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void UnsupportedFeature_IsAClearInputError(string caseName)
    {
        if (ExpectedUnsupported[caseName].StartsWith("checked below", StringComparison.Ordinal))
        {
            SupportedCase_MatchesStoredOutputs(caseName);
            return;
        }

        string dir = Path.Combine(RepoPaths.OnnxTestData, caseName);
        var e = Assert.Throws<InputException>(() =>
        {
            var graph = OnnxModelReader.ReadFile(Path.Combine(dir, "model.onnx"));
            string set = Path.Combine(dir, "test_data_set_0");
            var inputs = graph.Inputs.Select((v, i) => (v.Name, OnnxTensors.ReadFile(Path.Combine(set, $"input_{i}.pb")))).ToDictionary();
            new GraphExecutor(graph, new CpuKernels()).Run(inputs);
        });
        Assert.Contains(dir, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoldenCases_CoverEverySupportedOperator()
    {
        var covered = new HashSet<string>();
        List<string> cases = SupportedCaseNames();
        foreach (string c in cases)
        {
            foreach (string op in OperatorsOf(c))
            {
                covered.Add(op);
            }
        }

        Assert.Empty(OnnxOperatorFactory.Supported.Except(covered));
        Assert.True(cases.Count >= 100, $"only {cases.Count} golden cases found");
    }

    private static bool IsListedUnsupported(string c) => ExpectedUnsupported.ContainsKey(c);

    private static IEnumerable<string> AllCases()
    {
        RepoPaths.Require(RepoPaths.OnnxTestData);
        return Suites.SelectMany(s => Directory.GetDirectories(Path.Combine(RepoPaths.OnnxTestData, s))
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(d => s + "/" + Path.GetFileName(d)))
            .Order(StringComparer.Ordinal);
    }

    private static bool UsesOnlySupportedOperators(string caseName)
    {
        var ops = OperatorsOf(caseName);
        return ops.Count > 0 && ops.All(op => OnnxOperatorFactory.Supported.Contains(op));
    }

    private static HashSet<string> OperatorsOf(string caseName)
    {
        try
        {
            var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(RepoPaths.OnnxTestData, caseName, "model.onnx")));
            return model.Graph.Node.Select(n => n.OpType).ToHashSet();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return [];
        }
    }
}
