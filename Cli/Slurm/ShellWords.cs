using System.Text;
using IMCSim.Simulator.Common;

namespace IMCSim.Cli.Slurm;

/// <summary>
/// Shell word syntax: splitting a string the way a POSIX shell splits a command line (whitespace, '...', "...", backslash escapes;
/// no expansion), and quoting a word for bash and for an <c>#SBATCH</c> line (sbatch's own parser: backslash escapes everywhere,
/// '#' outside quotes starts a comment).
/// </summary>
internal static class ShellWords
{
    /// <summary>The words of <paramref name="text"/>; an unterminated quote or a trailing backslash is an error naming <paramref name="source"/>.</summary>
    public static IReadOnlyList<string> Split(string text, string source)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else
                {
                    // Inside "...", a backslash escapes only " and \ (as in a shell).
                    bool escape = c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\';
                    word.Append(escape ? text[++i] : c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\')
                {
                    word.Append(++i < text.Length ? text[i] : throw new InputException(source, $"'{text}' ends with a backslash"));
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote != '\0')
        {
            throw new InputException(source, $"'{text}' has an unterminated {quote} quote");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary><paramref name="word"/> as one bash word: unchanged when it is only safe characters, else in single quotes.</summary>
    public static string QuoteForBash(string word) =>
        word.Length > 0 && word.All(IsSafe) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary><paramref name="word"/> as one argument of an #SBATCH line: unchanged when safe, else in double quotes with " and \ escaped.</summary>
    public static string QuoteForSbatch(string word) =>
        word.Length > 0 && word.All(IsSafe) ? word : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || "-_=/.,:+%@".Contains(c, StringComparison.Ordinal);
}
