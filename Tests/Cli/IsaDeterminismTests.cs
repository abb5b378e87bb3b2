using System.Diagnostics;
using System.Text;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests.Cli;

/// <summary>
/// Same results on every x86-64 CPU: the same work in processes with AVX-512 disabled (DOTNET_EnableAVX512=0:
/// Vector512 not accelerated) and with AVX2 disabled (DOTNET_EnableAVX2=0: neither Vector512 nor Vector256 nor
/// FMA, so the scalar paths run) must give the same bits as with everything this machine has. (glibc's libm
/// still uses FMA here; GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA would make it run as on a CPU without, but
/// its software fmaf then makes the scalar paths several times slower than a test should take.)
/// </summary>
public sealed class IsaDeterminismTests
{
    private static readonly (string Name, (string Variable, string Value)[] Environment)[] Settings =
    [
        ("default", []),
        ("DOTNET_EnableAVX512=0", [("DOTNET_EnableAVX512", "0")]),
        ("DOTNET_EnableAVX2=0", [("DOTNET_EnableAVX2", "0")]),
    ];

    [Fact]
    public void IsaProbe_WithoutAvx512OrAvx2_GivesTheSameDigestsForEveryComponent()
    {
        string probe = Path.Combine(AppContext.BaseDirectory, "IMCSim.Tests.dll");
        var outputs = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, environment) in Settings)
        {
            var (code, stdout, stderr) = Dotnet(environment, probe, IsaProbe.Command);
            Assert.True(code == 0, $"{name}: exit {code}: {stderr}");
            outputs[name] = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        // The settings took effect: the probe's first line is what .NET accelerates in that process.
        Assert.Contains("vector512=False", outputs["DOTNET_EnableAVX512=0"][0], StringComparison.Ordinal);
        Assert.Contains("vector512=False vector256=False", outputs["DOTNET_EnableAVX2=0"][0], StringComparison.Ordinal);

        var differences = new List<string>();
        string[] expected = outputs["default"];
        foreach (var (name, _) in Settings.Skip(1))
        {
            string[] actual = outputs[name];
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 1; i < expected.Length; i++)
            {
                if (expected[i] != actual[i])
                {
                    differences.Add($"{name}: '{actual[i]}' vs default '{expected[i]}'");
                }
            }
        }

        Assert.True(differences.Count == 0, "components that depend on the instruction set:\n" + string.Join("\n", differences));
    }

    [Fact]
    public void Imcsim_WithoutAvx512OrAvx2_WritesByteIdenticalCsvs()
    {
        using var tmp = new TempDir();
        string imcsim = Path.Combine(AppContext.BaseDirectory, "imcsim.dll");
        (string Command, string File)[] outputs =
        [
            ("simulate", "summary.csv"), ("simulate", "predictions.csv"), ("simulate", "layers.csv"),
            ("infer", "predictions.csv"), ("infer", "logits.csv"),
        ];
        for (int s = 0; s < Settings.Length; s++)
        {
            foreach (string command in new[] { "simulate", "infer" })
            {
                var (code, _, stderr) = Dotnet(Settings[s].Environment, imcsim, command, "--samples", "64", "--threads", "2", "--out", tmp.File($"{command}-{s}"));
                Assert.True(code == 0, $"{command} with {Settings[s].Name}: exit {code}: {stderr}");
            }
        }

        var differences = new StringBuilder();
        foreach (var (command, file) in outputs)
        {
            string[] expected = File.ReadAllLines(Path.Combine(tmp.File($"{command}-0"), file));
            for (int s = 1; s < Settings.Length; s++)
            {
                string[] actual = File.ReadAllLines(Path.Combine(tmp.File($"{command}-{s}"), file));
                int line = Enumerable.Range(0, Math.Max(expected.Length, actual.Length)).FirstOrDefault(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i], -1);
                if (line >= 0)
                {
                    differences.AppendLine($"{command} {file} with {Settings[s].Name}, line {line + 1}:");
                    differences.AppendLine($"  default: {(line < expected.Length ? expected[line] : "(none)")}");
                    differences.AppendLine($"  {Settings[s].Name}: {(line < actual.Length ? actual[line] : "(none)")}");
                }
            }
        }

        Assert.True(differences.Length == 0, "outputs that depend on the instruction set:\n" + differences);
    }

    /// <summary>Runs `dotnet dll args` with <paramref name="environment"/> set (and no inherited instruction-set settings).</summary>
    private static (int Code, string Stdout, string Stderr) Dotnet((string Variable, string Value)[] environment, string dll, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (string variable in psi.Environment.Keys.Where(k => k.StartsWith("DOTNET_Enable", StringComparison.Ordinal) || k == "GLIBC_TUNABLES").ToList())
        {
            psi.Environment.Remove(variable);
        }

        foreach (var (variable, value) in environment)
        {
            psi.Environment[variable] = value;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
