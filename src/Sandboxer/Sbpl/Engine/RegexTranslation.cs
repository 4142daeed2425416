using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The result of translating an AppleMatch regex to .NET: the compiled <see cref="Regex"/>, or the reason it could not
/// be translated without changing its meaning, plus warnings about constructs whose macOS support is unconfirmed.
/// </summary>
internal sealed record RegexTranslation(string Source, Regex? Regex, string? Error, IReadOnlyList<string> Warnings)
{
    public bool IsSupported => Regex is not null;
}
