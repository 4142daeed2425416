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
    private const string CompiledStricter = "the profile allows it, but Landlock was compiled stricter here (see the LL5xxx warnings)";

    private readonly ProfileOracle _oracle;

    public DenialExplainer(Profile profile)
        : this(new ProfileOracle(profile ?? throw new ArgumentNullException(nameof(profile))))
    {
    }

    public DenialExplainer(ProfileOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        _oracle = oracle;
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
            return new ExplainedDenial(accessEvent, DenialCause.Profile, decision, $"{accessEvent.Operation} {target}: {DescribeDecision(decision)}")
            {
                Blocker = denial.Blocker,
                PathIsParent = denial.PathIsParent,
            };
        }

        var why = denial.PathIsParent
            ? "Landlock grants creating and removing per directory, and the profile does not allow it for every entry there"
            : CompiledStricter;
        return new ExplainedDenial(accessEvent, DenialCause.CompiledStricter, decision, $"{accessEvent.Operation} {target}: {why}")
        {
            Blocker = denial.Blocker,
            PathIsParent = denial.PathIsParent,
        };
    }

    /// <summary>
    /// An <c>EACCES</c>, <c>EPERM</c> or <c>EXDEV</c> seen without a Landlock record (strace inside the domain), its path
    /// resolved as the kernel resolves it. When Landlock does not handle the access, or <paramref name="plan"/> grants the
    /// right it needed, the sandbox did not refuse it: file permissions or the kernel did (not-sandbox). Otherwise the
    /// profile denies it (a sandbox denial to learn from), or the profile allows it and Landlock was compiled stricter.
    /// Without a plan, the profile's decision alone tells sandbox denials from the rest.
    /// </summary>
    public ExplainedDenial ExplainError(AccessEvent accessEvent, LandlockPlan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        accessEvent = Resolved(accessEvent);
        var decision = _oracle.Engine.Decide(AccessRequest.FromEvent(accessEvent with { Result = AccessResult.Ok }));
        var right = FailedCallRight.Of(accessEvent);
        var target = Describe(accessEvent, false);
        if (plan is not null && right is null)
        {
            return new ExplainedDenial(accessEvent, DenialCause.NotSandbox, decision,
                $"{accessEvent.Operation} {target}: Landlock does not restrict it, so {accessEvent.Result} came from file permissions or the kernel, not the sandbox");
        }

        if ((plan is not null && right!.GrantedBy(plan)) || (plan is null && !decision.MayBeDenied))
        {
            return new ExplainedDenial(accessEvent, DenialCause.NotSandbox, decision,
                $"{accessEvent.Operation} {target}: the sandbox allows it, so {accessEvent.Result} came from file permissions or the kernel, not the sandbox");
        }

        if (decision.MayBeDenied)
        {
            return new ExplainedDenial(accessEvent with { Result = AccessResult.Denied }, DenialCause.Profile, decision,
                $"{accessEvent.Operation} {target}: {DescribeDecision(decision)}")
            {
                Blocker = right?.Blocker,
            };
        }

        return new ExplainedDenial(accessEvent with { Result = AccessResult.Denied }, DenialCause.CompiledStricter, decision,
            $"{accessEvent.Operation} {target}: " + (right!.ObjectIsParent
                ? "Landlock grants creating, removing and moving entries per directory, and the profile does not allow it for every entry there"
                : CompiledStricter))
        {
            Blocker = right.Blocker,
        };
    }

    /// <summary>
    /// A successful access of a traced run whose plan has <see cref="LandlockPlan.Widenings"/>: when Landlock let it
    /// through only because of a widening and the profile does not allow it, it is what the sandbox would have denied
    /// (a profile denial, to learn from); otherwise null.
    /// </summary>
    public ExplainedDenial? ExplainWidened(AccessEvent accessEvent, LandlockPlan plan)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Widenings.IsEmpty || accessEvent.Path is null)
        {
            return null;
        }

        accessEvent = Resolved(accessEvent);
        var right = FailedCallRight.Of(accessEvent);
        if (right is null || right.Fs == LandlockFsAccess.None || !right.GrantedBy(plan) || right.GrantedBy(plan.Strict))
        {
            return null;
        }

        var decision = _oracle.Engine.Decide(AccessRequest.FromEvent(accessEvent with { Result = AccessResult.Ok }));
        return decision.MayBeDenied
            ? new ExplainedDenial(accessEvent with { Result = AccessResult.Denied }, DenialCause.Profile, decision,
                $"{accessEvent.Operation} {Describe(accessEvent, false)}: {DescribeDecision(decision)} (let through only by this traced run's directory-wide grant)")
            {
                Blocker = right.Blocker,
                LetThrough = true,
            }
            : null;
    }

    /// <summary>
    /// The event with its path resolved (symlinks followed; for an entry that does not exist, its directory), as the
    /// kernel and the profile's rules see it; the path as the program named it is kept as the requested path.
    /// </summary>
    private static AccessEvent Resolved(AccessEvent accessEvent)
    {
        if (accessEvent.Path is not { } path || !path.StartsWith('/'))
        {
            return accessEvent;
        }

        var real = Native.FileDescriptors.RealPath(path);
        if (real is null && Path.GetDirectoryName(path) is { } parent && Native.FileDescriptors.RealPath(parent) is { } realParent)
        {
            real = Path.Join(realParent, Path.GetFileName(path));
        }

        return real is null || real == path ? accessEvent : accessEvent with { Path = real, RequestedPath = accessEvent.RequestedPath ?? path };
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
