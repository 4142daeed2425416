using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Classifies a path filter against the strict descendants of a directory (every path starting with
/// <c>DIR/</c>, existing or not): it matches all of them, none, or some. This is what lets one engine decision on a
/// representative path stand for a whole Landlock path-beneath rule: when every path filter of the profile is
/// all-or-none over the region, every path in it is decided alike.
/// </summary>
internal static class RegionClassifier
{
    public static RegionTruth Classify(PathFilter filter, string directory)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(directory);
        var region = directory == "/" ? "/" : directory + "/";
        switch (filter.Match)
        {
            case PathMatch.Literal:
                return ClassifyLiteral(filter.Pattern, region);
            case PathMatch.Subpath:
            {
                var root = filter.Pattern.Length > 1 ? filter.Pattern.TrimEnd('/') : filter.Pattern;
                if (root == "/" || region.StartsWith(root + "/", StringComparison.Ordinal))
                {
                    return RegionTruth.All;
                }

                return root.StartsWith(region, StringComparison.Ordinal) ? RegionTruth.Some : RegionTruth.None;
            }

            case PathMatch.Prefix:
                return ClassifyPrefix(filter.Pattern, region);
            default:
            {
                var prefix = RegexPrefix.Analyze(filter.Pattern);
                if (!prefix.Anchored)
                {
                    return RegionTruth.Some;
                }

                return prefix.Kind switch
                {
                    RegexPrefixKind.PrefixEquivalent => ClassifyPrefix(prefix.Prefix, region),
                    RegexPrefixKind.LiteralEquivalent => ClassifyLiteral(prefix.Prefix, region),
                    _ => Compatible(prefix.Prefix, region) ? RegionTruth.Some : RegionTruth.None,
                };
            }
        }
    }

    private static RegionTruth ClassifyLiteral(string literal, string region) =>
        literal.Length > region.Length && literal.StartsWith(region, StringComparison.Ordinal) ? RegionTruth.Some : RegionTruth.None;

    private static RegionTruth ClassifyPrefix(string prefix, string region)
    {
        if (region.StartsWith(prefix, StringComparison.Ordinal))
        {
            return RegionTruth.All;
        }

        return prefix.StartsWith(region, StringComparison.Ordinal) ? RegionTruth.Some : RegionTruth.None;
    }

    private static bool Compatible(string prefix, string region) =>
        region.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(region, StringComparison.Ordinal);
}
