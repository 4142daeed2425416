using System.Text;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Infers the tightest regular expression for file names that differ between runs (temporary names, hashes):
/// common prefix and suffix kept literally (cut back to a separator so coincidences don't leak in), the varying
/// middle as the narrowest character class that holds all of them.
/// </summary>
public static class NameShape
{
    private const string RegexMetacharacters = "^.[$()|*+?{\\";

    /// <summary>
    /// The regex for <paramref name="names"/> (a fragment without anchors, e.g. <c>tmp-[0-9a-f]+\.json</c>) and a
    /// readable shape (<c>tmp-&lt;hex&gt;.json</c>), or null when the names share no structure worth a regex.
    /// </summary>
    public static (string Regex, string Shape)? Infer(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count < 2 || names.Any(n => n.Length == 0 || n.Contains('/', StringComparison.Ordinal)))
        {
            return null;
        }

        var prefix = CommonPrefix(names);
        prefix = CutBackToSeparator(prefix, fromEnd: true);
        var suffix = CommonSuffix(names.Select(n => n[prefix.Length..]).ToList());
        suffix = CutBackToSeparator(suffix, fromEnd: false);
        var middles = names.Select(n => n[prefix.Length..(n.Length - suffix.Length)]).ToList();
        var (characterClass, label) = Classify(middles);
        var quantifier = middles.All(m => m.Length > 0) ? "+" : "*";

        var structured = prefix.Length + suffix.Length >= 2 || (label != "any" && middles.All(m => m.Length >= 6));
        if (!structured && label is "hex" or "digits" && middles.Select(m => m.Length).Distinct().Count() == 1 && middles[0].Length > 0)
        {
            // Short fan-out directories (git's objects/<2 hex>): hex or digits of one fixed length, matched exactly.
            var length = middles[0].Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (Quote(prefix) + characterClass + "{" + length + "}" + Quote(suffix), prefix + "<" + length + " " + label + ">" + suffix);
        }

        if (!structured)
        {
            return null;
        }

        return (Quote(prefix) + characterClass + quantifier + Quote(suffix), prefix + "<" + label + ">" + suffix);
    }

    /// <summary>Escapes the characters <c>regex-quote</c> escapes: <c>^ . [ $ ( ) | * + ? { \</c>.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (RegexMetacharacters.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static (string Class, string Label) Classify(IReadOnlyList<string> middles)
    {
        var all = string.Concat(middles);
        if (all.All(char.IsAsciiDigit))
        {
            return ("[0-9]", "digits");
        }

        if (all.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return ("[0-9a-f]", "hex");
        }

        if (all.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F'))
        {
            return ("[0-9A-F]", "hex");
        }

        if (all.All(char.IsAsciiLetterOrDigit))
        {
            return ("[A-Za-z0-9]", "alphanumeric");
        }

        if (all.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return ("[A-Za-z0-9._-]", "name");
        }

        return ("[^/]", "any");
    }

    private static string CommonPrefix(IEnumerable<string> names)
    {
        string? prefix = null;
        foreach (var name in names)
        {
            if (prefix is null)
            {
                prefix = name;
                continue;
            }

            var length = 0;
            while (length < prefix.Length && length < name.Length && prefix[length] == name[length])
            {
                length++;
            }

            prefix = prefix[..length];
        }

        return prefix ?? string.Empty;
    }

    private static string CommonSuffix(IReadOnlyList<string> names)
    {
        var reversed = names.Select(n => new string([.. n.Reverse()]));
        var common = CommonPrefix(reversed);
        return new string([.. common.Reverse()]);
    }

    // A common prefix like "npm-12" of "npm-1234" and "npm-1290" is partly coincidence: keep it only up to the last
    // separator. Same for suffixes from the front.
    private static string CutBackToSeparator(string text, bool fromEnd)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (fromEnd)
        {
            var end = text.Length;
            while (end > 0 && char.IsAsciiLetterOrDigit(text[end - 1]))
            {
                end--;
            }

            return text[..end];
        }

        var start = 0;
        while (start < text.Length && char.IsAsciiLetterOrDigit(text[start]))
        {
            start++;
        }

        return text[start..];
    }
}
