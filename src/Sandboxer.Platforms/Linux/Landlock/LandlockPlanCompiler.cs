using Sandboxer.Platforms.Linux.Landlock.Compilation;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Compiles an evaluated profile into a <see cref="LandlockPlan"/> for the running kernel, inspecting the filesystem
/// as it is now (file, directory or missing). Invariant: for every right Landlock handles, whatever the plan allows
/// the profile allows, except in a traced run's explicit <see cref="LandlockPlan.Widenings"/>; everything else is reported (docs/linux-enforcement.md has the full table).
/// </summary>
internal static class LandlockPlanCompiler
{
    /// <summary>How many paths the expansion of mixed directories may visit.</summary>
    public const int DefaultBudget = 20_000;

    /// <param name="profile">The evaluated profile.</param>
    /// <param name="support">The Landlock ABI to compile for; the running kernel's by default.</param>
    /// <param name="budget">How many paths expanding mixed directories may visit.</param>
    /// <param name="canIsolateNetwork">
    /// Whether a loopback-only network namespace can be created (root); without one, ports the profile allows on
    /// localhost only are not granted, since Landlock alone would open them to every host. Default: when running as root.
    /// </param>
    /// <param name="widening">
    /// For a run traced inside its domain only: grant per-directory rights on the directory where the profile allows them
    /// for some entries (<see cref="TracedWidening"/>); the plan is then looser than the profile in its
    /// <see cref="LandlockPlan.Widenings"/>.
    /// </param>
    public static LandlockPlan Compile(Profile profile, LandlockSupport? support = null, int budget = DefaultBudget, bool? canIsolateNetwork = null, TracedWidening? widening = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        support ??= LandlockSupport.Host;
        var diagnostics = new DiagnosticSet();
        var oracle = new ProfileOracle(profile);
        var handledFs = support.FsRights;
        var pathRules = new FileSystemPlanner(oracle, handledFs, budget, diagnostics).Plan();
        var (handledNet, ports, isolation, scopes) = new NetworkPlanner(oracle, canIsolateNetwork ?? Namespaces.NetworkNamespace.UnavailableReason is null, diagnostics).Plan();
        UnenforceableOperations.Report(oracle, diagnostics);
        var plan = new LandlockPlan(handledFs, handledNet, scopes, [.. pathRules], [.. ports], isolation, []);
        if (widening is not null)
        {
            plan = DirectoryWidener.Widen(oracle, plan, widening, diagnostics);
        }

        StricterReport.Report(oracle, plan, diagnostics);
        return plan with { Diagnostics = [.. diagnostics.Items] };
    }
}
