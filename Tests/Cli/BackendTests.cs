using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// `--backend`: whole simulations on ILGPU's CPU accelerator give the CPU backend's results bit for bit (the DNN case with every array's
/// wire solve on the accelerator; 32x32 arrays keep the accelerator's slow scheduling short); cuda without a GPU is one line.
/// </summary>
public sealed class BackendTests
{
    [Theory]
    [InlineData("--device", "pcm", "--array", "32x32")]
    [InlineData("--snn", "--timesteps", "2", "--parasitics", "none")]
    [InlineData("--snn", "--timesteps", "3", "--parasitics", "none", "--input-layer-reads", "once")]
    public void Simulate_OnIlgpuCpu_EqualsTheCpuBackend(params string[] extra)
    {
        using var tmp = new TempDir();
        string Run(string backend)
        {
            string dir = tmp.File(backend);
            var (code, _, stderr) = CliRunner.Run(["simulate", "--backend", backend, "--samples", "6", "--calibration-images", "6", "--out", dir, .. extra]);
            Assert.True(code == 0, stderr);
            return dir;
        }

        string cpu = Run("cpu"), ilgpu = Run("ilgpu-cpu");
        Assert.Equal(File.ReadAllText(Path.Combine(cpu, "predictions.csv")), File.ReadAllText(Path.Combine(ilgpu, "predictions.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(cpu, "layers.csv")), File.ReadAllText(Path.Combine(ilgpu, "layers.csv")));
        var a = IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(cpu, "summary.csv"))[0];
        var b = IMCSim.Cli.Output.ResultCsv.ReadRecords(Path.Combine(ilgpu, "summary.csv"))[0];
        Assert.Equal(a, b);
        Assert.Contains("ilgpu-cpu (", File.ReadAllText(Path.Combine(ilgpu, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void BadBackends_AreOneLine()
    {
        using var tmp = new TempDir();
        CliAssert.OneLineError(CliRunner.Run("simulate", "--backend", "opencl", "--samples", "2", "--out", tmp.Path), "--backend", "cpu, ilgpu-cpu, cuda");
        if (!File.Exists("/dev/nvidiactl"))
        {
            CliAssert.OneLineError(CliRunner.Run("simulate", "--backend", "cuda", "--samples", "2", "--out", tmp.Path), "--backend", "no CUDA device");
        }
    }
}
