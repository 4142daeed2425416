using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// The <c>-D KEY=VALUE</c> parameters of a run. <c>HOME</c>, <c>WORKING_DIR</c> and <c>TMPDIR</c> are filled from
/// the environment unless given (docs/cli.md, "Parameters"), and all three are resolved with <c>realpath(3)</c>:
/// the kernel matches and reports resolved paths (<c>/private/tmp</c>, <c>/private/var/folders/…</c>), and a rule on
/// the short form silently matches nothing (docs/macos-runtime.md §6). A path that does not resolve keeps its
/// spelling with the root symlinks <c>/tmp</c>, <c>/var</c>, <c>/etc</c> rewritten to <c>/private/…</c>.
/// </summary>
internal static class SandboxParameters
{
    public const string Home = "HOME";
    public const string WorkingDirectory = "WORKING_DIR";
    public const string TemporaryDirectory = "TMPDIR";

    private static readonly string[] RootSymlinks = ["/tmp", "/var", "/etc"];

    /// <summary>All parameters, sorted by key (ordinal), the three directory parameters resolved.</summary>
    public static EquatableArray<KeyValuePair<string, string>> Resolve(
        IReadOnlyDictionary<string, string> given, SandboxEnvironment environment, IPathResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(resolver);
        foreach (var key in given.Keys)
        {
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"parameter name '{key}' must be non-empty and contain no '='", nameof(given));
            }
        }

        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in given)
        {
            all[key] = value;
        }

        all[Home] = ResolveDirectory(given.GetValueOrDefault(Home) ?? environment.Home, resolver);
        all[WorkingDirectory] = ResolveDirectory(given.GetValueOrDefault(WorkingDirectory) ?? environment.WorkingDirectory, resolver);
        all[TemporaryDirectory] = ResolveDirectory(given.GetValueOrDefault(TemporaryDirectory) ?? environment.TemporaryDirectory, resolver);
        return [.. all];
    }

    /// <summary>The resolved form of a directory: <c>realpath</c>, else the lexical <c>/private</c> form; no trailing slash.</summary>
    public static string ResolveDirectory(string path, IPathResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(resolver);
        var resolved = resolver.RealPath(path) ?? PrivateForm(path);
        return resolved.Length > 1 ? resolved.TrimEnd('/') : resolved;
    }

    /// <summary><c>/tmp/x</c> → <c>/private/tmp/x</c> (also <c>/var</c>, <c>/etc</c>); other paths unchanged.</summary>
    public static string PrivateForm(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var root in RootSymlinks)
        {
            if (path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                return "/private" + path;
            }
        }

        return path;
    }
}
