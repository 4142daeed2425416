using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The result of translating an AppleMatch regex to .NET: the .NET pattern, or the reason it could not be translated
/// without changing its meaning, plus warnings about constructs whose macOS support is unconfirmed.
/// <para>
/// Matching uses the backtracking interpreter (cheap to build; most Seatbelt regexes are a literal prefix and a few
/// classes) with a time-out, and the linear-time non-backtracking engine for patterns that repeat a group — the only
/// shape that can backtrack badly — or when a match times out. The non-backtracking regex is built on first use.
/// </para>
/// </summary>
internal sealed class RegexTranslation
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Singleline;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _interpreted;
    private readonly Lazy<Regex>? _linear;

    public RegexTranslation(string source, string? pattern, string? error, IReadOnlyList<string> warnings, bool repeatsGroup)
    {
        Source = source;
        Pattern = pattern;
        Error = error;
        Warnings = warnings;
        if (pattern is null)
        {
            return;
        }

        _linear = new Lazy<Regex>(() => new Regex(pattern, Options | RegexOptions.NonBacktracking));
        if (!repeatsGroup)
        {
            _interpreted = new Regex(pattern, Options, Timeout);
        }

        AnchoredPrefix = RegexLiterals.AnchoredPrefix(source);
        RequiredLiteral = RegexLiterals.RequiredLiteral(source);
    }

    /// <summary>The Seatbelt regex as written.</summary>
    public string Source { get; }

    /// <summary>The equivalent .NET pattern, or <see langword="null"/> when the regex is not supported.</summary>
    public string? Pattern { get; }

    public string? Error { get; }

    public IReadOnlyList<string> Warnings { get; }

    public bool IsSupported => Pattern is not null;

    /// <summary>The literal every match starts with when the regex is anchored with <c>^</c>.</summary>
    public string? AnchoredPrefix { get; }

    /// <summary>A literal every match contains.</summary>
    public string? RequiredLiteral { get; }

    /// <summary>True when the regex matches <paramref name="value"/>; false without running it when a required literal is missing.</summary>
    public bool IsMatch(string value)
    {
        if (RequiredLiteral is not null && !value.Contains(RequiredLiteral, StringComparison.Ordinal))
        {
            return false;
        }

        if (_interpreted is not null)
        {
            try
            {
                return _interpreted.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                // Fall through to the linear-time engine, which gives the same answer without backtracking.
            }
        }

        return _linear!.Value.IsMatch(value);
    }
}
