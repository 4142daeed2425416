using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Finds the install trees of the programs that were executed: <c>…/versions/3.11.7/bin/python3.11</c> lives in
/// <c>…/versions/3.11.7</c>, <c>/usr/lib/node_modules/npm/bin/npm-cli.js</c> in <c>/usr/lib/node_modules/npm</c>,
/// <c>/usr/share/dotnet/dotnet</c> in <c>/usr/share/dotnet</c>. Broad shared prefixes (<c>/usr</c>,
/// <c>/usr/local</c>, <c>/opt</c>) and anything the <see cref="GeneralizationGuard"/> refuses are not install trees.
/// </summary>
public static class InstallTrees
{
    private static readonly HashSet<string> BinaryDirectories = new(StringComparer.Ordinal) { "bin", "sbin", "libexec" };

    private static readonly HashSet<string> SharedPrefixes = new(StringComparer.Ordinal)
    {
        "/usr", "/usr/local", "/usr/share", "/usr/lib", "/usr/libexec", "/opt", "/opt/homebrew", "/usr/local/opt",
        "/System", "/Library", "/Applications", "/private", "/private/var", "/var", "/etc", "/snap",
    };

    public static IReadOnlyList<KnownLocation> Detect(IEnumerable<(AnchoredPath Path, string Name)> executables, GeneralizationGuard guard)
    {
        ArgumentNullException.ThrowIfNull(executables);
        ArgumentNullException.ThrowIfNull(guard);
        var result = new Dictionary<AnchoredPath, string>();
        foreach (var (path, name) in executables.OrderBy(e => e.Path))
        {
            if (RootOf(path) is not { } root || result.ContainsKey(root))
            {
                continue;
            }

            if (root.Parameter is null && (SharedPrefixes.Contains(root.Relative) || root.Depth < 2))
            {
                continue;
            }

            if (root.Parameter is not null && (root.Parameter == ProfileParameters.TemporaryDirectory || root.Depth < 2))
            {
                continue;
            }

            if (guard.WhyNot(root) is not null)
            {
                continue;
            }

            result[root] = name + " (" + root + ")";
        }

        return [.. result.OrderBy(p => p.Key).Select(p => new KnownLocation(p.Key, p.Value))];
    }

    private static AnchoredPath? RootOf(AnchoredPath executable)
    {
        var directory = executable.Parent;
        if (directory is null || directory.IsAnchorItself)
        {
            return null;
        }

        if (BinaryDirectories.Contains(directory.Name))
        {
            var root = directory.Parent;
            return root is null || root.IsAnchorItself ? null : root;
        }

        // A program in a directory named after it: /usr/share/dotnet/dotnet, /opt/app/app.
        return string.Equals(directory.Name, executable.Name, StringComparison.Ordinal) ? directory : null;
    }
}
