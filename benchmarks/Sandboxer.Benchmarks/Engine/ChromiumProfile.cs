using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Benchmarks.Engine;

/// <summary>
/// Chromium's renderer profile (<c>common.sb</c> then <c>renderer.sb</c> from the shared corpus) loaded with the
/// parameters Chromium passes, and path requests around its own patterns: each literal, subpath and prefix root, a
/// child and a near miss of it, plus everyday system paths.
/// </summary>
internal static class ChromiumProfile
{
    public static readonly IReadOnlyDictionary<string, string> Parameters = new Dictionary<string, string>
    {
        ["BROWSER_PID"] = "4242",
        ["BUNDLE_ID"] = "org.chromium.Chromium",
        ["HELPER_BUNDLE_ID"] = "org.chromium.Chromium.helper",
        ["BUNDLE_PATH"] = "/Applications/Chromium.app/Contents/Frameworks/Chromium Framework.framework",
        ["CURRENT_PID"] = "4343",
        ["DISABLE_SANDBOX_DENIAL_LOGGING"] = "FALSE",
        ["ENABLE_LOGGING"] = "FALSE",
        ["EXECUTABLE_PATH"] = "/Applications/Chromium.app/Contents/Frameworks/Chromium Helper.app/Contents/MacOS/Chromium Helper",
        ["USER_HOMEDIR_AS_LITERAL"] = "/Users/alice",
        ["LOG_FILE_PATH"] = "/Users/alice/Library/Logs/chromium.log",
        ["OS_VERSION"] = "1400",
        ["DARWIN_USER_CACHE_DIR"] = "/private/var/folders/zz/abc123/C",
        ["DARWIN_USER_DIR"] = "/private/var/folders/zz/abc123/0",
        ["DARWIN_USER_TEMP_DIR"] = "/private/var/folders/zz/abc123/T",
        ["FILTER_SYSCALLS"] = "TRUE",
        ["FILTER_SYSCALLS_DEBUG"] = "TRUE",
    };

    public static string[] Files => [Corpus("chromium/common.sb"), Corpus("chromium/renderer.sb")];

    public static Profile Load()
    {
        var result = ProfileLoader.LoadFiles(Files, Parameters);
        if (result.HasErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return result.Profile;
    }

    public static string[] Paths(Profile profile)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal)
        {
            "/usr/lib/libSystem.B.dylib", "/System/Library/Frameworks/AppKit.framework/Versions/C/AppKit",
            "/Users/alice/.ssh/id_rsa", "/private/etc/hosts", "/dev/null", "/Library/Fonts/Arial.ttf",
        };
        foreach (var rule in profile.Rules)
        {
            if (rule.Filter is { } filter)
            {
                foreach (var path in Leaves(filter).OfType<PathFilter>().Where(p => p.Match != PathMatch.Regex))
                {
                    var root = path.Pattern.TrimEnd('/');
                    paths.UnionWith([path.Pattern, root + "/Resources/en.lproj/x.strings", root + "x"]);
                }
            }
        }

        return [.. paths];
    }

    private static IEnumerable<Filter> Leaves(Filter filter) => filter switch
    {
        RequireAny any => any.Filters.SelectMany(Leaves),
        RequireAll all => all.Filters.SelectMany(Leaves),
        RequireNot not => Leaves(not.Filter),
        _ => [filter],
    };

    private static string Corpus(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "corpus", "profiles", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("the shared corpus is not beside or above " + AppContext.BaseDirectory, relative);
    }
}
