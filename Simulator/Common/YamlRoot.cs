using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IMCSim.Simulator.Common;

/// <summary>The one root mapping of a YAML data file (device cards, technology data), or a one-line <see cref="InputException"/> naming the file.</summary>
public static class YamlRoot
{
    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The file's name for messages.</param>
    /// <param name="expected">What the file should hold, for the message when it is not one mapping, e.g. "a device file must be one YAML mapping (name:, ...)".</param>
    public static YamlMappingNode Load(string yaml, string source, string expected)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new InputException(source, expected);
        }
        catch (YamlException e)
        {
            throw new InputException(source, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
    }
}
