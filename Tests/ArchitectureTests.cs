using System.Xml.Linq;
using IMCSim.Tests.Support;
using Xunit;

namespace IMCSim.Tests;

/// <summary>The project references follow the dependency DAG of DESIGN.md / ARCHITECTURE.md.</summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Simulator"] = [],
        ["Devices"] = ["Simulator"],
        ["Workloads"] = ["Simulator"],
        ["Accelerators"] = ["Simulator"],
        ["Mapping"] = ["Simulator", "Devices", "Workloads", "Accelerators"],
        ["Cli"] = ["Mapping"],
        ["Tests"] = ["Cli", "Accelerators"],
        ["Benchmarks"] = ["Cli"],
        ["Benchmarks/GpuCheck"] = ["Mapping", "Accelerators"],
    };

    /// <summary>A project's file: the folder's last name .csproj.</summary>
    private static string ProjectFile(string folder) => Path.Combine(RepoPaths.Root, folder, Path.GetFileName(folder) + ".csproj");

    [Fact]
    public void ProjectReferences_FollowTheDependencyDag()
    {
        foreach (var (project, allowed) in Allowed)
        {
            string path = ProjectFile(project);
            var refs = XDocument.Load(path).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            foreach (string r in refs)
            {
                Assert.True(allowed.Contains(r), $"{project} references {r}; allowed: [{string.Join(", ", allowed)}]");
            }
        }
    }

    [Fact]
    public void OnlyAccelerators_ReferencesIlgpu()
    {
        foreach (string project in Allowed.Keys)
        {
            var packages = XDocument.Load(ProjectFile(project)).Descendants("PackageReference")
                .Select(e => e.Attribute("Include")!.Value);
            Assert.True(project == "Accelerators" || !packages.Any(p => p.StartsWith("ILGPU", StringComparison.Ordinal)), $"{project} references ILGPU; only Accelerators may");
        }
    }

    [Fact]
    public void Solution_ContainsEveryProjectOfTheLayout()
    {
        string sln = File.ReadAllText(Path.Combine(RepoPaths.Root, "IMCSim.sln"));
        foreach (string project in Allowed.Keys)
        {
            Assert.Contains($"{Path.GetFileName(project)}.csproj", sln, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LibraryCode_HasNoUnseededRandomness()
    {
        foreach (string folder in new[] { "Simulator", "Devices", "Workloads", "Mapping", "Cli" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                string text = File.ReadAllText(file);
                Assert.DoesNotContain("new Random()", text, StringComparison.Ordinal);
                Assert.DoesNotContain("Random.Shared", text, StringComparison.Ordinal);
            }
        }
    }
}
