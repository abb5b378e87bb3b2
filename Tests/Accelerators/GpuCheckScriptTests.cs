using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Accelerators;

/// <summary>
/// The GPU check as a GPU machine gets it: scripts/gpu-build.sh makes a self-contained build under 60 MB whose check runs without
/// .NET on the PATH; on ILGPU's CPU accelerator every conformance case and every effective matrix passes (exit 0); cuda without a
/// GPU, or an unknown backend, is one line with exit code 2.
/// </summary>
public sealed class GpuCheckScriptTests
{
    [Fact]
    public void SelfContainedBuild_IsUnder60MB_AndPassesOnTheCpuAccelerator()
    {
        using var tmp = new TempDir();
        string out_ = tmp.File("gpu-check");
        var (code, stdout, stderr) = ProcessRunner.Run("bash", [Path.Combine(RepoPaths.Root, "scripts", "gpu-build.sh"), out_], timeout: TimeSpan.FromMinutes(8));
        Assert.True(code == 0, stdout + stderr);
        long bytes = Directory.EnumerateFiles(out_, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 10L << 20, 60L << 20);

        // No dotnet on the PATH: the build carries its runtime.
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["IMCSIM_GPU_MATRICES"] = "12,16", ["IMCSIM_GPU_CHAIN_NODES"] = "256", ["DOTNET_ROOT"] = "" };
        (code, stdout, stderr) = ProcessRunner.Run(Path.Combine(out_, "gpu-check.sh"), ["ilgpu-cpu", "0"], environment);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("ilgpu-cpu (", stdout, StringComparison.Ordinal);
        string[] rows = [.. stdout.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| kernel", StringComparison.Ordinal) && l.Contains("| pass |", StringComparison.Ordinal))];
        int operators = IMCSim.Workloads.Operators.DeviceOperatorConformance.Names.Count;
        Assert.Equal(14 + operators, rows.Length);
        Assert.Equal(operators, rows.Count(r => r.StartsWith("| operator |", StringComparison.Ordinal)));
        Assert.Equal(5, rows.Count(r => r.StartsWith("| effective-matrix", StringComparison.Ordinal)));
        Assert.DoesNotContain("FAIL", stdout, StringComparison.Ordinal);
        string Row(string start) => stdout.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.Contains("| one thread per solve |", Row("| 16 x 12x12 in one call |"), StringComparison.Ordinal);
        Assert.EndsWith("| bit for bit |", Row("| 16 x 12x12 in one call |"), StringComparison.Ordinal);
        Assert.Contains("| chain-parallel |", Row("| 16 x 16x16 in one call |"), StringComparison.Ordinal);
        Assert.Contains("largest relative difference", Row("| 16 x 16x16 in one call |"), StringComparison.Ordinal);

        (code, _, stderr) = ProcessRunner.Run(Path.Combine(out_, "gpu-check.sh"), ["opencl", "0"], environment);
        Assert.Equal(2, code);
        Assert.Equal("imcsim-gpu-check: backend (gpu-check.sh's first argument): 'opencl'; valid: cuda, ilgpu-cpu", stderr.Trim());
        (code, _, stderr) = ProcessRunner.Run(Path.Combine(out_, "gpu-check.sh"), ["ilgpu-cpu", "0"], new Dictionary<string, string>(environment) { ["IMCSIM_GPU_MATRICES"] = "12,x" });
        Assert.Equal(2, code);
        Assert.Equal("imcsim-gpu-check: IMCSIM_GPU_MATRICES: 'x'; valid: a whole number >= 1, or several separated by commas", stderr.Trim());
        if (!File.Exists("/dev/nvidiactl"))
        {
            (code, _, stderr) = ProcessRunner.Run(Path.Combine(out_, "gpu-check.sh"), ["cuda", "0"], environment);
            Assert.Equal(2, code);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains("no CUDA device found", stderr, StringComparison.Ordinal);
        }
    }
}
