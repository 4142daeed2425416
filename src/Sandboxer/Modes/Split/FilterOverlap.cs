using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Modes.Split;

/// <summary>
/// Whether two evaluated filters could match the same request. Answers "no" only when that is certain from the
/// patterns (two literals that differ, subpaths side by side, names with different prefixes); regexes, network
/// addresses, negations and attributes are assumed to overlap anything, and so is a path built from a directory
/// parameter with a fixed path.
/// </summary>
internal static class FilterOverlap
{
    public static bool MayOverlap(Filter a, Filter b) => (a, b) switch
    {
        (RequireAny any, _) => any.Filters.Any(f => MayOverlap(f, b)),
        (_, RequireAny any) => any.Filters.Any(f => MayOverlap(a, f)),

        // Matching all parts means matching each: one part that cannot overlap is enough to rule it out.
        (RequireAll all, _) => all.Filters.All(f => MayOverlap(f, b)),
        (_, RequireAll all) => all.Filters.All(f => MayOverlap(a, f)),
        (PathFilter p, PathFilter q) => PathsMayOverlap(p, q),
        (NameFilter n, NameFilter m) => NamesMayOverlap(n, m),
        _ => true,
    };

    private static bool PathsMayOverlap(PathFilter p, PathFilter q)
    {
        if (p.Match == PathMatch.Regex || q.Match == PathMatch.Regex)
        {
            return true;
        }

        // A directory parameter can be anywhere (HOME=/var/lib/x lies inside a rule on /var), so a path built from one
        // may meet any fixed path. Two paths built from parameters are compared under each placement.
        if (ParameterAssignments.IsDerived(p.Pattern) != ParameterAssignments.IsDerived(q.Pattern))
        {
            return true;
        }

        if (p.Match == PathMatch.Literal)
        {
            return PathMatching.Matches(q.Match, q.Pattern, p.Pattern);
        }

        if (q.Match == PathMatch.Literal)
        {
            return PathMatching.Matches(p.Match, p.Pattern, q.Pattern);
        }

        return (p.Match, q.Match) switch
        {
            (PathMatch.Subpath, PathMatch.Subpath) => Root(p) is var a && Root(q) is var b
                && (PathMatching.Matches(PathMatch.Subpath, p.Pattern, b) || PathMatching.Matches(PathMatch.Subpath, q.Pattern, a)),
            (PathMatch.Subpath, PathMatch.Prefix) => SubpathMeetsPrefix(p, q.Pattern),
            (PathMatch.Prefix, PathMatch.Subpath) => SubpathMeetsPrefix(q, p.Pattern),
            _ => p.Pattern.StartsWith(q.Pattern, StringComparison.Ordinal) || q.Pattern.StartsWith(p.Pattern, StringComparison.Ordinal),
        };
    }

    /// <summary>The directory a subpath pattern names, itself matched by the pattern.</summary>
    private static string Root(PathFilter subpath)
    {
        var root = PathMatching.NormalizeSubpath(subpath.Pattern);
        return root.Length == 0 ? "/" : root;
    }

    // Some string starts with the prefix and is the subpath's root or below it: either the root itself starts with the
    // prefix, or the prefix lies inside the subpath (then the prefix itself, or the prefix followed by more, is below).
    private static bool SubpathMeetsPrefix(PathFilter subpath, string prefix)
    {
        var root = Root(subpath);
        return root == "/" || root.StartsWith(prefix, StringComparison.Ordinal)
            || PathMatching.Matches(PathMatch.Subpath, subpath.Pattern, prefix);
    }

    private static bool NamesMayOverlap(NameFilter n, NameFilter m)
    {
        if (n.Kind != m.Kind || n.Match == NameMatch.Regex || m.Match == NameMatch.Regex)
        {
            return true;
        }

        return (n.Match, m.Match) switch
        {
            (NameMatch.Exact, NameMatch.Exact) => n.Value == m.Value,
            (NameMatch.Exact, _) => n.Value.StartsWith(m.Value, StringComparison.Ordinal),
            (_, NameMatch.Exact) => m.Value.StartsWith(n.Value, StringComparison.Ordinal),
            _ => n.Value.StartsWith(m.Value, StringComparison.Ordinal) || m.Value.StartsWith(n.Value, StringComparison.Ordinal),
        };
    }
}
