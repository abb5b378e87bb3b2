namespace IMCSim.Tests.Support;

/// <summary>Locations of the repository and of the external reference data the tests use.</summary>
internal static class RepoPaths
{
    public const string OnnxTestData = "/usr/share/libonnx-testdata/data";

    public static string Root { get; } = FindRoot();

    public static string OrtScript => Path.Combine(Root, "Tests", "Reference", "ort", "ort-run.mjs");

    public static string DefaultModel => Path.Combine(Root, "Workloads", "Embedded", "models", "lenet5-mnist.onnx");

    public static string FashionModel => Path.Combine(Root, "Workloads", "Embedded", "models", "vgg7-fmnist.onnx");

    public static string MnistFolder => Path.Combine(Root, "Workloads", "Embedded", "mnist");

    /// <summary>Fails (never skips) with the fix when a reference the tests need is not installed.</summary>
    public static string Require(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh (it installs the reference data and tools the tests use)");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IMCSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (IMCSim.sln) above " + AppContext.BaseDirectory);
    }
}
