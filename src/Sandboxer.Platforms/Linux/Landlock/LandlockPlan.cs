using Sandboxer.Collections;
using Sandboxer.Diagnostics;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// What the launcher enforces for one profile, as pure data: the handled rights (everything not granted by a rule is
/// denied for those), the path and port rules, the IPC scopes, the network isolation, and the diagnostics saying
/// what was compiled stricter than the profile or cannot be enforced on Linux at all. Compiled by
/// <see cref="LandlockPlanCompiler"/>; applied by <see cref="LandlockRulesetBuilder"/> and <see cref="ConfinedLauncher"/>.
/// </summary>
internal sealed record LandlockPlan(
    LandlockFsAccess HandledFs,
    LandlockNetAccess HandledNet,
    LandlockScope Scopes,
    EquatableArray<LandlockPathRule> PathRules,
    EquatableArray<LandlockPortRule> PortRules,
    NetworkIsolation Network,
    EquatableArray<Diagnostic> Diagnostics)
{
    /// <summary>
    /// Rules granted on whole directories for a traced run although the profile allows them only for some entries
    /// (<see cref="TracedWidening"/>); also part of <see cref="PathRules"/>. Every access they let through must be
    /// checked against the profile.
    /// </summary>
    public EquatableArray<LandlockPathRule> Widenings { get; init; } = EquatableArray<LandlockPathRule>.Empty;

    /// <summary>The plan without its <see cref="Widenings"/>: what the profile itself compiles to.</summary>
    public LandlockPlan Strict => Widenings.IsEmpty
        ? this
        : this with { PathRules = [.. PathRules.Where(rule => !Widenings.Contains(rule))], Widenings = EquatableArray<LandlockPathRule>.Empty };

    /// <summary>The rights the plan grants on <paramref name="path"/> through rules on it or an ancestor directory (lexical).</summary>
    public LandlockFsAccess GrantedAt(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var granted = LandlockFsAccess.None;
        foreach (var rule in PathRules)
        {
            if (rule.Path == path || (rule.IsDirectory && IsBeneath(path, rule.Path)))
            {
                granted |= rule.Access;
            }
        }

        return granted;
    }

    /// <summary>
    /// Whether Landlock lets the target do <paramref name="access"/> on <paramref name="path"/> under this plan. For the
    /// create, remove and refer rights, <paramref name="path"/> is the directory the entry is created in or removed from.
    /// </summary>
    public bool Allows(string path, LandlockFsAccess access) =>
        (access & ~HandledFs) == access || (GrantedAt(path) & access & HandledFs) == (access & HandledFs);

    /// <summary>Whether a TCP <paramref name="access"/> on <paramref name="port"/> is allowed.</summary>
    public bool AllowsPort(int port, LandlockNetAccess access)
    {
        if ((HandledNet & access) == LandlockNetAccess.None)
        {
            return true;
        }

        return PortRules.Any(rule => rule.Port == port && (rule.Access & access) == access);
    }

    internal static bool IsBeneath(string path, string directory) =>
        directory == "/" ? path.StartsWith('/') && path != "/" : path.Length > directory.Length && path.StartsWith(directory, StringComparison.Ordinal) && path[directory.Length] == '/';
}
