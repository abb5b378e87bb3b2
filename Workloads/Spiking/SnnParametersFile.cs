using System.Globalization;
using System.Text.Json;
using IMCSim.Simulator.Common;

namespace IMCSim.Workloads.Spiking;

/// <summary>One neuron layer of a trained SNN's sidecar: the synaptic layer feeding it (as IMCSim names layers) and its neuron parameters.</summary>
public sealed record SnnLayerParameters(string Layer, NeuronParameters Neuron);

/// <summary>
/// A trained SNN's sidecar file (<c>*.snn.json</c>, docs/SNN.md "Trained SNNs"): the timesteps it was trained for, how images enter
/// (direct or rate, optional) and one entry per neuron layer, named after the synaptic layer that feeds it. <see cref="Source"/> is the
/// file it came from (errors name it).
/// </summary>
public sealed record SnnParameters(string Source, int Timesteps, string? Input, IReadOnlyList<SnnLayerParameters> Layers);

/// <summary>
/// Reads and validates sidecar files. The format (version 1):
/// <code>
/// { "format": "imcsim-snn", "version": 1, "timesteps": 8, "input": "direct",
///   "layers": [ { "layer": "conv1", "threshold": 1.0, "leak": 0.9, "reset": "soft", "spike": 1.0 }, ... ],
///   "trained": { ...free-form provenance... } }
/// </code>
/// <c>leak</c> defaults to 1 (integrate-and-fire), <c>reset</c> to soft, <c>spike</c> (what a spike carries to the next layer) to 1.
/// Every problem is an <see cref="InputException"/> naming the file and the field.
/// </summary>
public static class SnnParametersFile
{
    public const string Format = "imcsim-snn";
    public const int Version = 1;

    private static readonly string[] TopKeys = ["format", "version", "timesteps", "input", "layers", "trained"];
    private static readonly string[] LayerKeys = ["layer", "threshold", "leak", "reset", "spike"];

    /// <summary>The sidecar at <paramref name="path"/> (a file or an embedded name, <c>embedded:NAME.snn.json</c>).</summary>
    public static SnnParameters Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (EmbeddedAssets.IsEmbeddedName(path))
        {
            return Parse(System.Text.Encoding.UTF8.GetString(EmbeddedAssets.ReadAllBytes(EmbeddedAssets.SnnParametersResource(path))), path);
        }

        if (!File.Exists(path))
        {
            throw new InputException(path, "no such SNN parameter file (a trained SNN's sidecar, *.snn.json; docs/SNN.md)");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses sidecar <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    public static SnnParameters Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InputException(source, $"not valid JSON (line {e.LineNumber + 1}): {e.Message.Split('.')[0]}");
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, "(top level)", "must be a JSON object with format, version, timesteps and layers");
            }

            UnknownKeys(source, root, TopKeys, "");
            string format = String(source, root, "format", "format", required: true)!;
            if (format != Format)
            {
                throw Error(source, "format", $"must be \"{Format}\", got \"{format}\"");
            }

            double version = Number(source, root, "version", "version", required: true)!.Value;
            if (version != Version)
            {
                throw Error(source, "version", $"must be {Version} (the version this IMCSim reads), got {Text(version)}");
            }

            double timesteps = Number(source, root, "timesteps", "timesteps", required: true)!.Value;
            if (timesteps < 1 || timesteps != Math.Floor(timesteps) || timesteps > 1_000_000)
            {
                throw Error(source, "timesteps", $"must be a whole number >= 1, got {Text(timesteps)}");
            }

            string? input = String(source, root, "input", "input", required: false);
            if (input is not (null or "direct" or "rate"))
            {
                throw Error(source, "input", $"must be direct or rate, got \"{input}\"");
            }

            if (!root.TryGetProperty("layers", out JsonElement layers) || layers.ValueKind != JsonValueKind.Array || layers.GetArrayLength() == 0)
            {
                throw Error(source, "layers", "must be a non-empty array with one entry per neuron layer ({\"layer\": NAME, \"threshold\": ...})");
            }

            var result = new List<SnnLayerParameters>();
            int i = 0;
            foreach (JsonElement layer in layers.EnumerateArray())
            {
                string at = $"layers[{i}]";
                if (layer.ValueKind != JsonValueKind.Object)
                {
                    throw Error(source, at, "must be an object with layer and threshold");
                }

                UnknownKeys(source, layer, LayerKeys, at + ".");
                string name = String(source, layer, "layer", at + ".layer", required: true)!;
                if (result.Any(r => r.Layer == name))
                {
                    throw Error(source, at + ".layer", $"names layer '{name}' a second time");
                }

                double threshold = Number(source, layer, "threshold", at + ".threshold", required: true)!.Value;
                if (!(threshold > 0) || threshold > float.MaxValue)
                {
                    throw Error(source, at + ".threshold", $"must be positive and finite, got {Text(threshold)}");
                }

                double leak = Number(source, layer, "leak", at + ".leak", required: false) ?? 1.0;
                if (!(leak > 0 && leak <= 1))
                {
                    throw Error(source, at + ".leak", $"must be in (0, 1] (1 = integrate-and-fire), got {Text(leak)}");
                }

                string reset = String(source, layer, "reset", at + ".reset", required: false) ?? "soft";
                if (reset is not ("soft" or "hard"))
                {
                    throw Error(source, at + ".reset", $"must be soft or hard, got \"{reset}\"");
                }

                double spike = Number(source, layer, "spike", at + ".spike", required: false) ?? 1.0;
                if (!(spike > 0) || spike > float.MaxValue)
                {
                    throw Error(source, at + ".spike", $"must be positive and finite (what a spike carries; 1 for binary spikes), got {Text(spike)}");
                }

                result.Add(new SnnLayerParameters(name, new NeuronParameters((float)threshold, (float)leak, reset == "soft" ? SpikeReset.Soft : SpikeReset.Hard, (float)spike)));
                i++;
            }

            return new SnnParameters(source, (int)timesteps, input, result);
        }
    }

    private static InputException Error(string source, string field, string message) => new(source, $"{field}: {message}");

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void UnknownKeys(string source, JsonElement obj, string[] valid, string prefix)
    {
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (!valid.Contains(p.Name, StringComparer.Ordinal))
            {
                throw Error(source, prefix + p.Name, $"is not a field; valid: {string.Join(", ", valid)}");
            }
        }
    }

    private static string? String(string source, JsonElement obj, string key, string field, bool required)
    {
        if (!obj.TryGetProperty(key, out JsonElement v))
        {
            return required ? throw Error(source, field, "is missing") : null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(source, field, $"must be a string, got {v.ValueKind.ToString().ToLowerInvariant()} {v.GetRawText()}");
    }

    private static double? Number(string source, JsonElement obj, string key, string field, bool required)
    {
        if (!obj.TryGetProperty(key, out JsonElement v))
        {
            return required ? throw Error(source, field, "is missing") : null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d
            : throw Error(source, field, $"must be a number, got {v.GetRawText()}");
    }
}
