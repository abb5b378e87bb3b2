using System.Diagnostics;
using Google.Protobuf;
using IMCSim.Tests.Support;
using IMCSim.Workloads.Onnx.Schema;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>Bad input gives one line on stderr naming the file and the problem, exit code 2, no stack trace.</summary>
public sealed class BadInputTests
{
    private static void AssertOneLineError(int code, string stderr, params string[] mustContain) =>
        CliAssert.OneLineError((code, "", stderr), mustContain);

    [Fact]
    public void TruncatedOnnx_NamesTheFile()
    {
        using var tmp = new TempDir();
        byte[] model = File.ReadAllBytes(RepoPaths.DefaultModel);
        string path = tmp.File("truncated.onnx");
        File.WriteAllBytes(path, model[..(model.Length / 2)]);
        var (code, _, stderr) = CliRunner.Run("infer", "--model", path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, path, "truncated");
    }

    [Fact]
    public void OnnxThatIsNotProtobuf_NamesTheFile()
    {
        using var tmp = new TempDir();
        string path = tmp.File("notes.onnx");
        File.WriteAllText(path, "this is a text file, not a model\n");
        var (code, _, stderr) = CliRunner.Run("infer", "--model", path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, path, "ONNX");
    }

    [Fact]
    public void UnsupportedOperator_NamesOperatorNodeAndFile()
    {
        using var tmp = new TempDir();
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.Graph.Node.Add(new NodeProto { Name = "squash", OpType = "Sigmoid", Input = { "x" }, Output = { "y" } });
        model.Graph.Input.Add(Float("x", 1, 784));
        model.Graph.Output.Add(Float("y", 1, 784));
        string path = tmp.File("sigmoid.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        var (code, _, stderr) = CliRunner.Run("infer", "--model", path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, path, "'Sigmoid'", "'squash'");
    }

    [Fact]
    public void MissingModelFile_NamesTheFile()
    {
        var (code, _, stderr) = CliRunner.Run("infer", "--model", "/nonexistent/model.onnx");
        AssertOneLineError(code, stderr, "/nonexistent/model.onnx", "not found");
    }

    [Fact]
    public void MissingDatasetFile_NamesTheMissingFile()
    {
        using var tmp = new TempDir();
        File.Copy(Path.Combine(RepoPaths.MnistFolder, "t10k-images-idx3-ubyte.gz"), tmp.File("t10k-images-idx3-ubyte.gz"));
        var (code, _, stderr) = CliRunner.Run("infer", "--dataset", tmp.Path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, "t10k-labels-idx1-ubyte", "missing");
    }

    [Fact]
    public void IdxWithWrongMagic_NamesTheFile()
    {
        using var tmp = new TempDir();
        File.Copy(Path.Combine(RepoPaths.MnistFolder, "t10k-labels-idx1-ubyte.gz"), tmp.File("t10k-labels-idx1-ubyte.gz"));
        File.WriteAllBytes(tmp.File("t10k-images-idx3-ubyte"), [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]);
        var (code, _, stderr) = CliRunner.Run("infer", "--dataset", tmp.Path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, tmp.File("t10k-images-idx3-ubyte"), "magic");
    }

    [Fact]
    public void ModelInputThatDoesNotTakeTheImages_NamesModelAndShapes()
    {
        using var tmp = new TempDir();
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.Graph.Node.Add(new NodeProto { Name = "r", OpType = "Relu", Input = { "x" }, Output = { "y" } });
        model.Graph.Input.Add(Float("x", 1, 3, 32, 32));
        model.Graph.Output.Add(Float("y", 1, 3, 32, 32));
        string path = tmp.File("cifar.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        var (code, _, stderr) = CliRunner.Run("infer", "--model", path, "--out", tmp.File("out"));
        AssertOneLineError(code, stderr, path, "28x28");
    }

    [Theory]
    [InlineData("--samples", "-3")]
    [InlineData("--samples", "10001")]
    [InlineData("--batch", "0")]
    [InlineData("--threads", "-1")]
    [InlineData("--samples", "many")]
    public void BadOptionValue_NamesTheOption(string option, string value)
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("infer", option, value, "--out", tmp.File("out"));
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ImcsimProcess_BadModel_ExitsWith2AndOneLineOnStderr()
    {
        using var tmp = new TempDir();
        string path = tmp.File("empty.onnx");
        File.WriteAllBytes(path, []);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "imcsim.dll"));
        foreach (string a in new[] { "infer", "--model", path, "--out", tmp.File("out") })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        AssertOneLineError(p.ExitCode, stderr, path, "empty");
    }

    private static ValueInfoProto Float(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }
}
