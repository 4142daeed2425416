using Sandboxer.Platforms.MacOS.Driver;

namespace Sandboxer.Platforms.Tests.MacOS.Driver;

/// <summary>A macOS-like file system: the root symlinks and a per-user temporary directory.</summary>
internal sealed class FakePathResolver(IReadOnlyDictionary<string, string> links) : IPathResolver
{
    public static FakePathResolver MacOS { get; } = new(new Dictionary<string, string>
    {
        ["/tmp"] = "/private/tmp",
        ["/var"] = "/private/var",
        ["/etc"] = "/private/etc",
    });

    public string? RealPath(string path)
    {
        // Lexically: longest symlink prefix wins; only existing directories resolve (those under a known root).
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        foreach (var (link, target) in links.OrderByDescending(l => l.Key.Length))
        {
            if (trimmed == link || trimmed.StartsWith(link + "/", StringComparison.Ordinal))
            {
                return target + trimmed[link.Length..];
            }
        }

        return trimmed.StartsWith("/Users/", StringComparison.Ordinal) || trimmed.StartsWith("/private/", StringComparison.Ordinal) ? trimmed : null;
    }
}
