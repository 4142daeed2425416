using System.Text;
using System.Text.RegularExpressions;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Recognizes file names that carry a token made fresh on every run — a UUID, an ISO-8601 timestamp, a long hex hash,
/// a long number (epoch milliseconds, a pid-and-counter) — so a single observation already shows the name will differ
/// next time. The token becomes a character class; the rest of the name stays literal.
/// </summary>
public static partial class GeneratedNames
{
    /// <summary>The regex fragment (no anchors) and a readable shape for <paramref name="name"/>, or null when it has no such token.</summary>
    public static (string Regex, string Shape)? Infer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var matches = Token().Matches(name);
        if (matches.Count == 0)
        {
            return null;
        }

        var regex = new StringBuilder();
        var shape = new StringBuilder();
        var position = 0;
        foreach (Match match in matches)
        {
            var literal = name[position..match.Index];
            regex.Append(NameShape.Quote(literal));
            shape.Append(literal);
            var (characterClass, label) = Classify(match);
            regex.Append(characterClass).Append('+');
            shape.Append('<').Append(label).Append('>');
            position = match.Index + match.Length;
        }

        regex.Append(NameShape.Quote(name[position..]));
        shape.Append(name[position..]);
        return (regex.ToString(), shape.ToString());
    }

    private static (string Class, string Label) Classify(Match match) =>
        match.Groups["uuid"].Success ? ("[0-9a-fA-F-]", "uuid")
        : match.Groups["time"].Success ? ("[0-9TZ_:.-]", "timestamp")
        : match.Groups["hex"].Success ? ("[0-9a-f]", "hash")
        : ("[0-9]", "number");

    // Tokens must stand alone (not inside a longer word) so ordinary names like "libfoo2.so" are left alone.
    [GeneratedRegex(
        @"(?<![0-9A-Za-z])(?:(?<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(?<time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}[_:][0-9]{2}[_:][0-9]{2}(?:[_.][0-9]+)?Z?)|(?<hex>[0-9a-f]{16,})|(?<num>[0-9]{8,}))(?![0-9A-Za-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
