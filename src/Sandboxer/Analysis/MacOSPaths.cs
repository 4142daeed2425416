namespace Sandboxer.Analysis;

/// <summary>
/// How macOS resolves the top-level symlinks <c>/etc</c>, <c>/tmp</c> and <c>/var</c> (to <c>/private/…</c>): Seatbelt
/// matches resolved paths, so rules must name the <c>/private</c> form.
/// </summary>
internal static class MacOSPaths
{
    public static readonly string[] SymlinkedRoots = ["/etc", "/tmp", "/var"];

    /// <summary>The path as the macOS kernel resolves it.</summary>
    public static string Resolve(string path)
    {
        foreach (var root in SymlinkedRoots)
        {
            if (path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                return "/private" + path;
            }
        }

        return path;
    }

    /// <summary>The symlinked root <paramref name="path"/> is at or below, or <see langword="null"/>.</summary>
    public static string? SymlinkedRootOf(string path) =>
        SymlinkedRoots.FirstOrDefault(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal));
}
