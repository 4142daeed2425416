using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// After planning, checks every literal and subpath the profile allows against the plan: a right the engine allows on
/// that path that the plan does not grant is reported on the rule, with the reason when it is a known Landlock limit
/// (a literal directory cannot be listed alone; creating or removing one entry needs the right for the whole
/// directory).
/// </summary>
internal static class StricterReport
{
    private static readonly (LandlockFsAccess Right, string Operation, string Name)[] FileChecks =
    [
        (LandlockFsAccess.ReadFile, "file-read-data", "read"),
        (LandlockFsAccess.WriteFile, "file-write-data", "write"),
        (LandlockFsAccess.Execute, "process-exec", "execute"),
    ];

    public static void Report(ProfileOracle oracle, LandlockPlan plan, DiagnosticSet diagnostics)
    {
        foreach (var rule in oracle.Profile.Rules.Where(r => r.Action == RuleAction.Allow && r.Filter is not null))
        {
            foreach (var leaf in ProfileOracle.PositiveLeaves(rule.Filter!).Where(l => l.Match is PathMatch.Literal or PathMatch.Subpath))
            {
                Check(oracle, plan, diagnostics, rule, leaf);
            }
        }
    }

    private static void Check(ProfileOracle oracle, LandlockPlan plan, DiagnosticSet diagnostics, Rule rule, PathFilter leaf)
    {
        var path = leaf.Pattern.Length > 1 ? leaf.Pattern.TrimEnd('/') : leaf.Pattern;
        if (leaf.Match == PathMatch.Literal && (ProfileOracle.Covers(rule, "file-write-create") || ProfileOracle.Covers(rule, "file-write-unlink")))
        {
            var parent = Path.GetDirectoryName(path) ?? "/";
            var resolvedParent = FileDescriptors.RealPath(parent) ?? parent;
            var probe = resolvedParent.TrimEnd('/') + "/" + Path.GetFileName(path);
            var creatable = !ProfileOracle.Covers(rule, "file-write-create") || !oracle.AllowsPath("file-write-create", probe, null) || plan.Allows(probe, LandlockFsAccess.MakeReg);
            var removable = !ProfileOracle.Covers(rule, "file-write-unlink") || !oracle.AllowsPath("file-write-unlink", probe, null) || plan.Allows(probe, LandlockFsAccess.RemoveFile);
            if (!creatable || !removable)
            {
                diagnostics.Warning(LandlockDiagnostics.PerEntryCreate, rule,
                    $"creating or removing {path} alone cannot be granted: Landlock allows it per directory, for every entry of {resolvedParent}, which the profile does not allow (stricter)",
                    path);
            }
        }

        var resolved = FileDescriptors.RealPath(path);
        if (resolved is null)
        {
            return;
        }

        var type = FileDescriptors.GetPathType(resolved);
        if (type == FileDescriptors.TypeDirectory)
        {
            if (ProfileOracle.Covers(rule, "file-read-data") && oracle.AllowsPath("file-read-data", resolved, "DIRECTORY") && !plan.Allows(resolved, LandlockFsAccess.ReadDir))
            {
                diagnostics.Warning(
                    leaf.Match == PathMatch.Literal ? LandlockDiagnostics.LiteralDirectory : LandlockDiagnostics.Stricter,
                    rule,
                    leaf.Match == PathMatch.Literal
                        ? $"listing the directory {resolved} cannot be granted alone: Landlock's read-dir right covers everything beneath it, which the profile does not allow (stricter)"
                        : $"listing {resolved} is not granted because part of it is denied (stricter)",
                    resolved);
            }

            return;
        }

        var missing = FileChecks
            .Where(check => ProfileOracle.Covers(rule, check.Operation) && (plan.HandledFs & check.Right) != 0)
            .Where(check => oracle.AllowsPath(check.Operation, resolved, type == FileDescriptors.TypeRegular ? "REGULAR-FILE" : null) && !plan.Allows(resolved, check.Right))
            .Select(check => check.Name)
            .ToList();
        if (missing.Count > 0)
        {
            diagnostics.Warning(LandlockDiagnostics.Stricter, rule,
                $"{string.Join(", ", missing)} of {resolved} is allowed by the profile but could not be granted (stricter)", resolved);
        }
    }
}
