using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The string semantics of <c>literal</c>, <c>subpath</c> and <c>prefix</c>. Paths are compared as given, ordinally
/// (case-sensitive, already resolved).
/// <para>
/// <c>subpath "/a"</c> matches <c>/a</c> and everything below <c>/a/</c>, never <c>/ab</c>. A subpath pattern with a
/// trailing slash (<c>"/a/"</c>) is read as the directory without it: macOS's behaviour is not documented, and a
/// resolved path never ends in <c>/</c>, so reading the slash literally would make the rule match only what is strictly
/// below; the linter warns about such patterns. <c>subpath "/"</c> matches every absolute path.
/// </para>
/// </summary>
internal static class PathMatching
{
    public static bool Matches(PathMatch match, string pattern, string path) => match switch
    {
        PathMatch.Literal => string.Equals(path, pattern, StringComparison.Ordinal),
        PathMatch.Prefix => path.StartsWith(pattern, StringComparison.Ordinal),
        PathMatch.Subpath => IsUnderSubpath(NormalizeSubpath(pattern), path),
        _ => throw new ArgumentOutOfRangeException(nameof(match), match, "regex patterns are matched by the regex engine"),
    };

    /// <summary>The subpath pattern without trailing slashes; <c>""</c> stands for <c>/</c>.</summary>
    public static string NormalizeSubpath(string pattern) => pattern.TrimEnd('/');

    private static bool IsUnderSubpath(string normalized, string path)
    {
        if (normalized.Length == 0)
        {
            return path.StartsWith('/');
        }

        return path.StartsWith(normalized, StringComparison.Ordinal)
            && (path.Length == normalized.Length || path[normalized.Length] == '/');
    }
}
