using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Platforms;

namespace Sandboxer.Platforms.MacOS.Denials;

/// <summary>
/// Cross-checks each denial the kernel reported with the decision engine, so that a denial names the rule (or the
/// default) of the profile that denies it. When the engine finds the profile allows the access, the kernel and the
/// engine disagree (an operation or filter the engine models differently): that is said, never hidden. A denial the
/// macOS base covers (startup noise, DNS, …) is labelled with the base entry and its reason.
/// </summary>
internal sealed class MacDenialExplainer
{
    private readonly PolicyEngine _engine;

    public MacDenialExplainer(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _engine = PolicyEngine.Compile(profile);
    }

    public ExplainedMacDenial Explain(AccessEvent denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var decision = _engine.Decide(AccessRequest.FromEvent(denial with { Result = AccessResult.Ok }));
        var essential = MacOSBase.Match(denial);
        var access = denial.Operation + " " + Describe(denial);
        var explanation = decision.MayBeDenied
            ? access + ": " + DenialExplainer.DescribeDecision(decision)
            : access + ": the kernel denied it, but the engine finds it " + DenialExplainer.DescribeDecision(decision) + " (the engine and macOS disagree here)";
        if (essential is not null)
        {
            explanation += " [platform essential " + essential.Id + ": " + essential.Reason + "]";
        }

        return new ExplainedMacDenial(denial, decision, essential, explanation);
    }

    /// <summary>What the access is about: path, address, signal target or name.</summary>
    public static string Describe(AccessEvent access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return access.Path is { } path ? path
            : access.Remote is { } remote ? "remote " + remote
            : access.Local is { } local ? "local " + local
            : access.Target is { } target ? "target " + target
            : access.Name ?? "(no target)";
    }
}
