using Sandboxer.Analysis;
using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Widens a strict plan for a traced run (<see cref="TracedWidening"/>): for every literal or subpath the profile allows
/// whose right the strict plan could not grant because Landlock has it only per directory — creating or removing one
/// entry, listing one directory without what lies below it, writing or reading a file the program creates — the right
/// is granted on the nearest existing directory, as a separate rule listed in <see cref="LandlockPlan.Widenings"/>.
/// Nothing is widened onto <c>/</c> or a directory that is, holds or lies in a sensitive location.
/// </summary>
internal static class DirectoryWidener
{
    private const LandlockFsAccess CreateRights = FileSystemPlanner.CreateRights;

    private const LandlockFsAccess RemoveRights = FileSystemPlanner.RemoveRights;

    public static LandlockPlan Widen(ProfileOracle oracle, LandlockPlan plan, TracedWidening widening, DiagnosticSet diagnostics)
    {
        var grants = new Dictionary<string, (LandlockFsAccess Access, HashSet<int> Rules)>(StringComparer.Ordinal);
        foreach (var rule in oracle.Profile.Rules.Where(r => r.Action == RuleAction.Allow && r.Filter is not null))
        {
            foreach (var leaf in ProfileOracle.PositiveLeaves(rule.Filter!).Where(l => l.Match is PathMatch.Literal or PathMatch.Subpath && l.Pattern.StartsWith('/')))
            {
                var path = leaf.Pattern.Length > 1 ? leaf.Pattern.TrimEnd('/') : leaf.Pattern;
                foreach (var (directory, access) in Needed(oracle, plan, rule, path))
                {
                    if (!Widenable(directory, widening))
                    {
                        continue;
                    }

                    var entry = grants.TryGetValue(directory, out var existing) ? existing : (Access: LandlockFsAccess.None, Rules: new HashSet<int>());
                    entry.Rules.Add(rule.Index);
                    grants[directory] = (entry.Access | access, entry.Rules);
                }
            }
        }

        var widenings = grants
            .Select(g => (g.Key, Access: g.Value.Access & plan.HandledFs, g.Value.Rules))
            .Where(g => g.Access != LandlockFsAccess.None)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LandlockPathRule(g.Key, g.Access | ReferFor(g.Access, plan.HandledFs), IsDirectory: true, [.. g.Rules.Order()]))
            .ToList();
        foreach (var widened in widenings)
        {
            diagnostics.Info(LandlockDiagnostics.TracedWidening, null,
                $"{Describe(widened.Access)} granted on all of {widened.Path} for this traced run (Landlock has these rights only per directory); every access they let through is checked against the profile",
                widened.Path);
        }

        return widenings.Count == 0 ? plan : plan with { PathRules = [.. plan.PathRules, .. widenings], Widenings = [.. widenings] };
    }

    /// <summary>The directory-level rights the profile's allow on <paramref name="path"/> needs and the strict plan lacks.</summary>
    private static IEnumerable<(string Directory, LandlockFsAccess Access)> Needed(ProfileOracle oracle, LandlockPlan plan, Rule rule, string path)
    {
        var resolved = FileDescriptors.RealPath(path);
        if (resolved is not null)
        {
            if (FileDescriptors.GetPathType(resolved) == FileDescriptors.TypeDirectory
                && ProfileOracle.Covers(rule, "file-read-data") && oracle.AllowsPath("file-read-data", resolved, "DIRECTORY")
                && !plan.Allows(resolved, LandlockFsAccess.ReadDir))
            {
                yield return (resolved, LandlockFsAccess.ReadDir);
            }

            if (resolved == "/")
            {
                yield break;
            }

            var parent = Path.GetDirectoryName(resolved) ?? "/";
            var access = LandlockFsAccess.None;
            if (ProfileOracle.Covers(rule, "file-write-create") && oracle.AllowsPath("file-write-create", resolved, null) && !plan.Allows(parent, LandlockFsAccess.MakeReg))
            {
                access |= CreateRights;
            }

            if (ProfileOracle.Covers(rule, "file-write-unlink") && oracle.AllowsPath("file-write-unlink", resolved, null) && !plan.Allows(parent, LandlockFsAccess.RemoveFile))
            {
                access |= RemoveRights;
            }

            if (access != LandlockFsAccess.None)
            {
                yield return (parent, access);
            }

            yield break;
        }

        // The path does not exist yet: the program creates it, then writes or reads it. Landlock can only grant that on
        // the nearest directory that exists.
        var existing = NearestExistingLength(path);
        if (existing == 0 || FileDescriptors.RealPath(path[..existing]) is not { } anchor)
        {
            yield break;
        }

        var missing = LandlockFsAccess.None;
        var probe = anchor.TrimEnd('/') + path[existing..];
        if (ProfileOracle.Covers(rule, "file-write-create") && oracle.AllowsPath("file-write-create", probe, null))
        {
            missing |= CreateRights;
        }

        if (ProfileOracle.Covers(rule, "file-write-unlink") && oracle.AllowsPath("file-write-unlink", probe, null))
        {
            missing |= RemoveRights;
        }

        if (ProfileOracle.Covers(rule, "file-write-data") && oracle.AllowsPath("file-write-data", probe, null))
        {
            missing |= LandlockFsAccess.WriteFile | LandlockFsAccess.Truncate;
        }

        if (ProfileOracle.Covers(rule, "file-read-data") && oracle.AllowsPath("file-read-data", probe, null))
        {
            missing |= LandlockFsAccess.ReadFile | LandlockFsAccess.ReadDir;
        }

        missing &= ~plan.GrantedAt(anchor.TrimEnd('/') + "/" + Path.GetFileName(path));
        if (missing != LandlockFsAccess.None)
        {
            yield return (anchor, missing);
        }
    }

    /// <summary>Moving entries in or out needs refer besides create and remove; Landlock never lets rights be gained that way.</summary>
    private static LandlockFsAccess ReferFor(LandlockFsAccess access, LandlockFsAccess handled) =>
        (access & (CreateRights | RemoveRights)) != LandlockFsAccess.None ? LandlockFsAccess.Refer & handled : LandlockFsAccess.None;

    private static bool Widenable(string directory, TracedWidening widening) =>
        directory != "/" && !SensitiveLocations.Overlaps(directory, widening.Home, TargetPlatform.Linux);

    /// <summary>The length of the longest existing directory prefix of <paramref name="path"/> (0 when only <c>/</c>).</summary>
    private static int NearestExistingLength(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (Directory.Exists(path[..slash]))
            {
                return slash;
            }
        }

        return 0;
    }

    private static string Describe(LandlockFsAccess access)
    {
        var names = new List<string>();
        if ((access & CreateRights) != 0)
        {
            names.Add("creating entries");
        }

        if ((access & RemoveRights) != 0)
        {
            names.Add("removing entries");
        }

        if ((access & (LandlockFsAccess.WriteFile | LandlockFsAccess.Truncate)) != 0)
        {
            names.Add("writing files");
        }

        if ((access & LandlockFsAccess.ReadFile) != 0)
        {
            names.Add("reading files");
        }

        if ((access & LandlockFsAccess.ReadDir) != 0)
        {
            names.Add("listing");
        }

        return string.Join(", ", names);
    }
}
