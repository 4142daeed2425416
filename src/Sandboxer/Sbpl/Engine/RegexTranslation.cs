using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The result of translating an AppleMatch regex to .NET: the compiled <see cref="Regex"/>, or the reason it could not
/// be translated without changing its meaning, plus warnings about constructs whose macOS support is unconfirmed.
/// </summary>
internal sealed record RegexTranslation(string Source, Regex? Regex, string? Error, IReadOnlyList<string> Warnings)
{
    public bool IsSupported => Regex is not null;

    /// <summary>The literal every match starts with when the regex is anchored with <c>^</c>.</summary>
    public string? AnchoredPrefix { get; } = RegexLiterals.AnchoredPrefix(Source);

    /// <summary>A literal every match contains.</summary>
    public string? RequiredLiteral { get; } = RegexLiterals.RequiredLiteral(Source);

    /// <summary>True when the regex matches <paramref name="value"/>; false without running it when a required literal is missing.</summary>
    public bool IsMatch(string value) =>
        (RequiredLiteral is null || value.Contains(RequiredLiteral, StringComparison.Ordinal)) && Regex!.IsMatch(value);
}
