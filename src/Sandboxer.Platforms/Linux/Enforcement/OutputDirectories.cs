using System.Runtime.Versioning;
using Sandboxer.Platforms.Linux.Landlock.Compilation;
using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>
/// Output directories that do not exist at launch. A rule such as
/// <c>(allow file-write-create file-write-data (subpath (string-append (param "WORKING_DIR") "/dist")))</c> cannot be
/// attached to a directory that does not exist (Landlock rules need an open descriptor, LL5001), and creating
/// <c>dist</c> would need MAKE_DIR on the whole working directory, which the profile does not grant. So before the plan
/// is compiled, each directory D named by an allow rule's subpath (or on the way to a literal) that is missing, whose parent exists, which the profile lets
/// the program create itself (<c>file-write-create</c> on D as a directory) and below which it allows creating or
/// writing, is created (mode 0755, owned by the user running the tool): its rule then attaches like any other.
/// Nothing the profile does not let the program create is ever created. The cost: a program that runs a bare
/// <c>mkdir dist</c> (no <c>-p</c>) now gets EEXIST, as it would in a checkout where dist already exists.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class OutputDirectories
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Creates the missing output directories <paramref name="oracle"/>'s profile allows; returns them, outermost first.</summary>
    public static IReadOnlyList<string> CreateAllowed(ProfileOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        var created = new List<string>();
        foreach (var candidate in Candidates(oracle.Profile))
        {
            if (Path.GetDirectoryName(candidate) is not { } parent || FileDescriptors.RealPath(parent) is not { } realParent || !Directory.Exists(realParent))
            {
                continue;
            }

            var directory = Path.Join(realParent, Path.GetFileName(candidate));
            if (Path.Exists(directory) || new FileInfo(directory).LinkTarget is not null || !MayCreate(oracle, directory))
            {
                continue;
            }

            try
            {
                Directory.CreateDirectory(directory, DirectoryMode);
                File.SetUnixFileMode(directory, DirectoryMode);
                created.Add(directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not ours to create (file permissions): the rule stays unattached and LL5001 says so.
            }
        }

        return created;
    }

    /// <summary>The profile lets the program create <paramref name="directory"/> itself and create or write below it.</summary>
    internal static bool MayCreate(ProfileOracle oracle, string directory) =>
        oracle.AllowsPath("file-write-create", directory, "directory")
        && (!oracle.DecideRegion("file-write-create", directory).MayBeDenied || !oracle.DecideRegion("file-write-data", directory).MayBeDenied);

    /// <summary>
    /// The missing directories on the way to every path an allow rule names (literal and subpath, and the directory of
    /// a prefix), outermost first so that a nested output directory can follow its newly created parent.
    /// </summary>
    private static IEnumerable<string> Candidates(Profile profile)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in profile.Rules.Where(r => r.Action == RuleAction.Allow && r.Filter is not null))
        {
            foreach (var leaf in ProfileOracle.Leaves(rule.Filter!))
            {
                // A literal names one entry, which may be a file (git's .git/index.lock): only the directories on the
                // way to it are candidates, never the entry itself.
                var anchor = leaf.Match switch
                {
                    PathMatch.Literal => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(leaf.Pattern)),
                    PathMatch.Subpath => leaf.Pattern,
                    PathMatch.Prefix => leaf.Pattern.EndsWith('/') ? leaf.Pattern : Path.GetDirectoryName(leaf.Pattern),
                    _ => null,
                };
                if (anchor is null || !anchor.StartsWith('/') || anchor.Contains("/../", StringComparison.Ordinal) || anchor.EndsWith("/..", StringComparison.Ordinal))
                {
                    continue;
                }

                for (var path = Path.TrimEndingDirectorySeparator(anchor); path.Length > 1 && !Path.Exists(path); path = Path.GetDirectoryName(path) ?? "/")
                {
                    missing.Add(path);
                }
            }
        }

        return missing.OrderBy(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal);
    }
}
