namespace Sandboxer.Synthesis.Paths;

/// <summary>
/// Turns absolute paths into <see cref="AnchoredPath"/>s: a path under the run's TMPDIR, the working directory or
/// HOME is expressed relative to the deepest of them, so one profile works for any user, checkout and run.
/// </summary>
public sealed class PathAnchoring
{
    private readonly List<(string Parameter, string Value)> _anchors;

    public PathAnchoring(IEnumerable<KeyValuePair<string, string>> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        _anchors = [.. anchors
            .Where(a => !string.IsNullOrEmpty(a.Value) && a.Value != "/")
            .Select(a => (a.Key, Normalize(a.Value)))
            .OrderByDescending(a => a.Item2.Length)
            .ThenBy(a => Priority(a.Key))];
    }

    public AnchoredPath Anchor(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        var path = Normalize(absolutePath);
        foreach (var (parameter, value) in _anchors)
        {
            if (path == value)
            {
                return new AnchoredPath(parameter, string.Empty);
            }

            if (path.StartsWith(value, StringComparison.Ordinal) && path[value.Length] == '/')
            {
                return new AnchoredPath(parameter, path[value.Length..]);
            }
        }

        return AnchoredPath.Absolute(path);
    }

    /// <summary>Removes a trailing slash (except for <c>/</c>) and empty components.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 1 && (path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)))
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            return "/" + string.Join('/', parts);
        }

        return path;
    }

    // With equal values (WORKING_DIR == HOME) the more specific parameter wins.
    private static int Priority(string parameter) => parameter switch
    {
        ProfileParameters.TemporaryDirectory => 0,
        ProfileParameters.WorkingDirectory => 1,
        ProfileParameters.Home => 2,
        _ => 3,
    };
}
