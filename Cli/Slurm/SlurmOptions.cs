using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Slurm;

/// <summary>
/// The user's extra sbatch options (`--slurm-options "--partition=gpu --time=02:00:00"`), split like a shell word list and grouped
/// into options: each starts with '-', the words after it that do not are its values (`--partition gpu`). The options imcsim sets
/// itself for the array and the merge job (--array, --dependency, --wrap, --parsable) are refused.
/// </summary>
internal sealed class SlurmOptions
{
    private const string Source = "--slurm-options";
    private static readonly string[] Reserved = ["--array", "-a", "--dependency", "-d", "--wrap", "--parsable"];

    private SlurmOptions(IReadOnlyList<IReadOnlyList<string>> groups) => Groups = groups;

    public static SlurmOptions None { get; } = new([]);

    /// <summary>One option per entry: the option word, then its values.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    public static SlurmOptions Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        var groups = new List<List<string>>();
        foreach (string word in ShellWords.Split(text, Source))
        {
            if (word.Any(char.IsControl))
            {
                throw new InputException(Source, $"'{text}': an option may not hold a newline or other control character");
            }

            if (word.StartsWith('-'))
            {
                string name = word.Split('=', 2)[0];
                if (Reserved.Contains(name, StringComparer.Ordinal) || (name.Length > 2 && !name.StartsWith("--", StringComparison.Ordinal) && Reserved.Contains(name[..2], StringComparer.Ordinal)))
                {
                    throw new InputException(Source, $"'{name}' is set by imcsim (--slurm N makes the array and the merge job's dependency); leave it out");
                }

                groups.Add([word]);
            }
            else if (groups.Count == 0)
            {
                throw new InputException(Source, $"'{text}' must start with an sbatch option (a word starting with -), e.g. \"--partition=gpu --time=02:00:00\"");
            }
            else
            {
                groups[^1].Add(word);
            }
        }

        return new SlurmOptions(groups);
    }
}
