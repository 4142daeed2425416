using System.Globalization;
using Sandboxer.Diagnostics;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Turns a <see cref="LandlockPlan"/> into a kernel ruleset for the running ABI. Rights the ABI lacks are dropped with
/// a diagnostic (an unhandled right is allowed by the kernel, so this is reported, never silent). Every rule path is
/// opened <c>O_PATH|O_NOFOLLOW</c> and its type checked against the plan: a path that vanished or turned into
/// something else is skipped (stricter), never applied to whatever now sits there.
/// </summary>
internal static class LandlockRulesetBuilder
{
    public const LandlockFsAccess FileRights =
        LandlockFsAccess.Execute | LandlockFsAccess.WriteFile | LandlockFsAccess.ReadFile | LandlockFsAccess.Truncate | LandlockFsAccess.IoctlDev;

    public static (LandlockRuleset Ruleset, IReadOnlyList<Diagnostic> Diagnostics) Build(LandlockPlan plan, LandlockSupport support)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(support);
        var diagnostics = new List<Diagnostic>();
        ReportDegradation(plan, support, diagnostics);
        var ruleset = LandlockRuleset.Create(support, plan.HandledFs, plan.HandledNet, plan.Scopes);
        try
        {
            foreach (var rule in plan.PathRules)
            {
                AddPathRule(ruleset, rule, diagnostics);
            }

            foreach (var rule in plan.PortRules)
            {
                if ((rule.Access & ruleset.HandledNet) == LandlockNetAccess.None)
                {
                    continue;
                }

                var errno = ruleset.AddPort(rule.Port, rule.Access);
                if (errno != 0)
                {
                    throw new InvalidOperationException(string.Create(
                        CultureInfo.InvariantCulture, $"landlock_add_rule(port {rule.Port}) failed with {ErrnoNames.Name(errno)}"));
                }
            }

            return (ruleset, diagnostics);
        }
        catch
        {
            ruleset.Dispose();
            throw;
        }
    }

    private static void AddPathRule(LandlockRuleset ruleset, LandlockPathRule rule, List<Diagnostic> diagnostics)
    {
        var access = rule.Access & ruleset.HandledFs;
        if (!rule.IsDirectory)
        {
            access &= FileRights;
        }

        if (access == LandlockFsAccess.None)
        {
            return;
        }

        var flags = FileDescriptors.OPath | FileDescriptors.OCloexec | FileDescriptors.ONofollow | (rule.IsDirectory ? FileDescriptors.ODirectory : 0);
        var fd = FileDescriptors.Open(PathBytes.Encode(rule.Path), flags, out var errno);
        if (fd < 0)
        {
            diagnostics.Add(LandlockDiagnostics.Warning(
                LandlockDiagnostics.PathChanged,
                $"rule path {rule.Path} cannot be opened at launch ({ErrnoNames.Name(errno)}); its rule was skipped (stricter)"));
            return;
        }

        try
        {
            var type = FileDescriptors.GetFileType(fd, out _);
            var expected = rule.IsDirectory ? type == FileDescriptors.TypeDirectory : type is not FileDescriptors.TypeDirectory and not FileDescriptors.TypeSymlink and not -1;
            if (!expected)
            {
                diagnostics.Add(LandlockDiagnostics.Warning(
                    LandlockDiagnostics.PathChanged,
                    $"rule path {rule.Path} is no longer a {(rule.IsDirectory ? "directory" : "file")} at launch; its rule was skipped (stricter)"));
                return;
            }

            var result = ruleset.AddPathBeneath(fd, access);
            if (result != 0)
            {
                throw new InvalidOperationException($"landlock_add_rule({rule.Path}) failed with {ErrnoNames.Name(result)}");
            }
        }
        finally
        {
            FileDescriptors.Close(fd);
        }
    }

    private static void ReportDegradation(LandlockPlan plan, LandlockSupport support, List<Diagnostic> diagnostics)
    {
        var abi = support.Abi.ToString(CultureInfo.InvariantCulture);
        var missingFs = plan.HandledFs & ~support.FsRights;
        if (missingFs != LandlockFsAccess.None)
        {
            diagnostics.Add(LandlockDiagnostics.Warning(
                LandlockDiagnostics.AbiDegraded,
                $"this kernel's Landlock ABI {abi} cannot restrict {missingFs}; those accesses are not enforced"));
        }

        if ((plan.HandledNet & ~support.NetRights) != LandlockNetAccess.None)
        {
            diagnostics.Add(LandlockDiagnostics.Warning(
                LandlockDiagnostics.AbiDegraded,
                $"this kernel's Landlock ABI {abi} cannot restrict TCP ports (needs ABI 4, Linux 6.7); TCP bind/connect are not enforced"
                + (plan.Network.LoopbackOnly ? " beyond the loopback-only network namespace" : string.Empty)));
        }

        if ((plan.Scopes & ~support.Scopes) != LandlockScope.None)
        {
            diagnostics.Add(LandlockDiagnostics.Warning(
                LandlockDiagnostics.AbiDegraded,
                $"this kernel's Landlock ABI {abi} has no IPC scopes (needs ABI 6, Linux 6.12); signals and abstract UNIX sockets to outside the sandbox are not blocked"));
        }
    }
}
