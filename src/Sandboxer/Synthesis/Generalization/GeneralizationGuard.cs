using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Decides whether a directory may become the root of a <c>subpath</c> or <c>regex</c> rule. Never <c>/</c>, never
/// all of HOME or one of its ancestors, never a top-level directory, never a sensitive location or a directory that
/// contains one.
/// </summary>
public sealed class GeneralizationGuard(GeneralizationContext context)
{
    /// <summary>Null when <paramref name="directory"/> may be generalized; otherwise why not.</summary>
    public string? WhyNot(AnchoredPath directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.Parameter == ProfileParameters.TemporaryDirectory)
        {
            return null;
        }

        var absolute = Resolve(directory);
        if (absolute is null)
        {
            return "its parameter has no value";
        }

        if (absolute == "/")
        {
            return "it is the root directory";
        }

        if (context.Parameters.TryGetValue(ProfileParameters.Home, out var home) && IsSameOrAncestor(absolute, home))
        {
            return absolute == PathAnchoring.Normalize(home) ? "it is all of HOME" : "it contains HOME";
        }

        if (directory.Parameter is null && directory.Depth < 2)
        {
            return "it is a top-level directory";
        }

        if (context.Sensitivity.Classify(absolute) is { } reason)
        {
            return "it is sensitive (" + reason + ")";
        }

        if (context.Sensitivity.FindInside(absolute) is { } inside)
        {
            return "it contains a sensitive location (" + inside + ")";
        }

        return null;
    }

    public string? Resolve(AnchoredPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Parameter is null)
        {
            return path.Relative;
        }

        return context.Parameters.TryGetValue(path.Parameter, out var value)
            ? PathAnchoring.Normalize(value.TrimEnd('/') + path.Relative)
            : null;
    }

    private static bool IsSameOrAncestor(string candidate, string path)
    {
        var normalized = PathAnchoring.Normalize(path);
        return normalized == candidate || normalized.StartsWith(candidate.TrimEnd('/') + "/", StringComparison.Ordinal);
    }
}
