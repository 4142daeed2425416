using System.Text;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// What can be known about an SBPL path regex without matching it: whether it is anchored with <c>^</c>, the literal
/// text every match starts with, and whether it is really a literal (<c>^/a/b$</c>) or a string prefix
/// (<c>^/a/</c>, <c>^/a/.*</c>) in disguise.
/// </summary>
internal sealed record RegexPrefix(bool Anchored, string Prefix, RegexPrefixKind Kind)
{
    private const string Special = ".[]()*+?{}|^$";

    public static RegexPrefix Analyze(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!pattern.StartsWith('^'))
        {
            return new RegexPrefix(false, string.Empty, RegexPrefixKind.Other);
        }

        var literal = new StringBuilder();
        var lastLiteralLength = 0;
        var i = 1;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && !char.IsAsciiLetterOrDigit(pattern[i + 1]))
            {
                lastLiteralLength = literal.Length;
                literal.Append(pattern[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\\' || Special.Contains(c, StringComparison.Ordinal))
            {
                break;
            }

            lastLiteralLength = literal.Length;
            literal.Append(c);
            i++;
        }

        var rest = pattern[i..];
        if (rest.Length > 0 && rest[0] is '*' or '?' or '{' && literal.Length > 0)
        {
            // The quantifier applies to the last literal character, which is then not certain to be there.
            literal.Length = lastLiteralLength;
            return new RegexPrefix(true, literal.ToString(), RegexPrefixKind.Other);
        }

        var kind = rest switch
        {
            "" or ".*" => RegexPrefixKind.PrefixEquivalent,
            "$" => RegexPrefixKind.LiteralEquivalent,
            _ => RegexPrefixKind.Other,
        };
        return new RegexPrefix(true, literal.ToString(), kind);
    }
}

internal enum RegexPrefixKind
{
    /// <summary>Matches exactly the strings starting with the prefix.</summary>
    PrefixEquivalent,

    /// <summary>Matches exactly the prefix string.</summary>
    LiteralEquivalent,

    /// <summary>Anything else: the prefix only bounds where matches can be.</summary>
    Other,
}
