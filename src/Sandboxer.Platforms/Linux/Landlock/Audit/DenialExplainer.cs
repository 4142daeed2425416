using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock.Compilation;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Cross-checks each Landlock denial with the decision engine so that a denial always names what caused it: the rule
/// (or default) of the profile that denies the access, or, when the profile allows it, the fact that Landlock had to
/// be compiled stricter. A create/remove denial names a directory: it is decided over the directory's entries, the
/// way the compiler granted it.
/// </summary>
internal sealed class DenialExplainer
{
    private readonly ProfileOracle _oracle;

    public DenialExplainer(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _oracle = new ProfileOracle(profile);
    }

    public ExplainedDenial Explain(LandlockDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var accessEvent = denial.Event;
        var decision = denial.PathIsParent && accessEvent.Path is { } directory
            ? _oracle.DecideRegion(accessEvent.Operation, directory)
            : _oracle.Engine.Decide(AccessRequest.FromEvent(accessEvent with { Result = AccessResult.Ok }));
        var target = Describe(accessEvent, denial.PathIsParent);
        if (decision.MayBeDenied && !(decision.IsAllowed && denial.PathIsParent))
        {
            return new ExplainedDenial(accessEvent, DenialCause.Profile, decision, $"{accessEvent.Operation} {target}: {DescribeDecision(decision)}");
        }

        var why = denial.PathIsParent
            ? "Landlock grants creating and removing per directory, and the profile does not allow it for every entry there"
            : "the profile allows it, but Landlock was compiled stricter here (see the LL5xxx warnings)";
        return new ExplainedDenial(accessEvent, DenialCause.CompiledStricter, decision, $"{accessEvent.Operation} {target}: {why}");
    }

    /// <summary>An <c>EACCES</c>/<c>EPERM</c> seen without a Landlock record (strace): a sandbox denial only if the profile denies it.</summary>
    public ExplainedDenial ExplainError(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var decision = _oracle.Engine.Decide(AccessRequest.FromEvent(accessEvent with { Result = AccessResult.Ok }));
        if (decision.MayBeDenied)
        {
            return new ExplainedDenial(accessEvent with { Result = AccessResult.Denied }, DenialCause.Profile, decision,
                $"{accessEvent.Operation} {Describe(accessEvent, false)}: {DescribeDecision(decision)}");
        }

        return new ExplainedDenial(accessEvent, DenialCause.NotSandbox, decision,
            $"{accessEvent.Operation} {Describe(accessEvent, false)}: the profile allows it, so {accessEvent.Result} came from file permissions, not the sandbox");
    }

    private static string Describe(AccessEvent accessEvent, bool pathIsParent) =>
        accessEvent.Path is { } path ? (pathIsParent ? "an entry in " + path : path)
        : accessEvent.Remote is { } remote ? "remote " + remote
        : accessEvent.Local is { } local ? "local " + local
        : accessEvent.Target is { } signalTarget ? "target " + signalTarget + (accessEvent.Name is { } name ? " (" + name + ")" : string.Empty)
        : "(no target)";

    internal static string DescribeDecision(Decision decision)
    {
        var verdict = decision.IsAllowed ? "allowed" : "denied";
        return decision.Reason switch
        {
            DecisionReason.Rule or DecisionReason.OperationDefault or DecisionReason.ProfileDefault when decision.Rule is { } rule =>
                $"{verdict} by {(rule.Location is { } location ? location + " " : string.Empty)}{rule.Text ?? "rule " + rule.Index}",
            DecisionReason.Builtin => $"{verdict} by default: no rule of the profile allows {decision.DecidedBy}",
            _ => $"{verdict} ({decision.Reason} of {decision.DecidedBy})",
        } + (decision.IsCertain ? string.Empty : " (undecidable: " + decision.Uncertainties[0].Message + ")");
    }
}
