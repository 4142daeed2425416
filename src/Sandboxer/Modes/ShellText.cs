using System.Globalization;
using System.Text;

namespace Sandboxer.Modes;

/// <summary>Text placed in a generated POSIX <c>sh</c> script: quoted words and comment-safe text.</summary>
internal static class ShellText
{
    private static readonly char[] DoubleQuoted = ['\'', '$', '`', '\\'];

    /// <summary>
    /// The word quoted so that <c>sh</c> takes it literally. Single quotes when it has no <c>'</c>, <c>$</c>,
    /// backquote or backslash (inside single quotes nothing is special); else double quotes with <c>$</c>, backquote,
    /// <c>"</c> and backslash escaped, which is just as literal and reads without shellcheck's notes about
    /// expansions in single quotes.
    /// </summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a shell word cannot contain a NUL character", nameof(word));
        }

        if (word.IndexOfAny(DoubleQuoted) < 0)
        {
            return "'" + word + "'";
        }

        var builder = new StringBuilder(word.Length + 8).Append('"');
        foreach (var c in word)
        {
            if (c is '$' or '`' or '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The word as a reader would type it: bare when it has only safe characters, else <see cref="Quote"/>d.</summary>
    public static string QuoteIfNeeded(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(IsSafe) ? word : Quote(word);
    }

    /// <summary>A command line for people to read and copy: each word <see cref="QuoteIfNeeded"/>, joined by spaces.</summary>
    public static string CommandLine(IEnumerable<string> words) => string.Join(' ', words.Select(QuoteIfNeeded));

    /// <summary>
    /// Text that stays on one comment line: control characters (line breaks included) are shown as <c>\n</c>,
    /// <c>\r</c>, <c>\t</c> or <c>\xHH</c>, so nothing written into a <c>#</c> comment can start a command.
    /// </summary>
    public static string ForComment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || "-_./=:@+,%".Contains(c, StringComparison.Ordinal);
}
