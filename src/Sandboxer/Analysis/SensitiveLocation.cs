using Sandboxer.Collections;

namespace Sandboxer.Analysis;

/// <summary>
/// One place that holds secrets or starts code: a HOME-relative (<c>~/.ssh</c>) or absolute (<c>/etc/shadow</c>) file
/// or directory, why it matters, and example entries inside it that a probe or linter can try.
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>ssh</c>, <c>shell-zshrc</c>.</param>
/// <param name="Path">The location as written: <c>~/…</c> for HOME-relative ones, else absolute (Linux spelling).</param>
/// <param name="IsDirectory">True when everything below <see cref="Path"/> is sensitive too.</param>
/// <param name="Category">What kind of location it is.</param>
/// <param name="Threat">Whether reading, writing or both is the danger.</param>
/// <param name="Platforms">Where it exists.</param>
/// <param name="Reason">One line saying why it is sensitive.</param>
/// <param name="Examples">Paths relative to <see cref="Path"/> of typical entries (directories only).</param>
public sealed record SensitiveLocation(
    string Id,
    string Path,
    bool IsDirectory,
    SensitiveCategory Category,
    SensitiveAccess Threat,
    TargetPlatform Platforms,
    string Reason,
    EquatableArray<string> Examples)
{
    public bool IsHomeRelative => Path.StartsWith("~/", StringComparison.Ordinal);

    /// <summary>The concrete path for a HOME on a platform (on macOS <c>/etc</c>, <c>/var</c>, <c>/tmp</c> resolve to <c>/private/…</c>).</summary>
    public string Resolve(string home, TargetPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (IsHomeRelative)
        {
            return home.TrimEnd('/') + Path[1..];
        }

        return platform == TargetPlatform.MacOS ? MacOSPaths.Resolve(Path) : Path;
    }

    /// <summary>The location itself and its example entries, as concrete paths.</summary>
    public IEnumerable<string> ExamplePaths(string home, TargetPlatform platform)
    {
        var root = Resolve(home, platform);
        yield return root;
        foreach (var example in Examples)
        {
            yield return root + "/" + example;
        }
    }

    /// <summary>True when <paramref name="path"/> is the location or, for a directory, below it.</summary>
    public bool Contains(string path, string home, TargetPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = Resolve(home, platform);
        return path == root || (IsDirectory && path.StartsWith(root + "/", StringComparison.Ordinal));
    }
}
