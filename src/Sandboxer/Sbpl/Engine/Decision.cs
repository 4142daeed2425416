using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The outcome of deciding one <see cref="AccessRequest"/>. When <see cref="Uncertainties"/> is not empty the
/// decision is undecidable: <see cref="Action"/> is the outcome with every unknown assumed not to apply, and each
/// uncertainty says what could make the outcome its <see cref="Uncertainty.AlternativeAction"/>. Consumers decide
/// conservatively: use <see cref="MayBeDenied"/> / <see cref="MayBeAllowed"/>.
/// </summary>
/// <param name="Action">Allow or deny.</param>
/// <param name="Reason">Which kind of rule or default decided.</param>
/// <param name="DecidedBy">The operation whose rules (or built-in decision) decided, after fallback.</param>
/// <param name="Rule">The deciding rule; <see langword="null"/> for <see cref="DecisionReason.Builtin"/>.</param>
/// <param name="Uncertainties">What could change the outcome; empty when the decision is certain.</param>
public sealed record Decision(
    RuleAction Action,
    DecisionReason Reason,
    string DecidedBy,
    Rule? Rule,
    EquatableArray<Uncertainty> Uncertainties)
{
    public bool IsAllowed => Action == RuleAction.Allow;

    /// <summary>True when no unknown could change the outcome.</summary>
    public bool IsCertain => Uncertainties.IsEmpty;

    /// <summary>Denied, or undecidable with a possible denial.</summary>
    public bool MayBeDenied => Action == RuleAction.Deny || Uncertainties.Any(u => u.AlternativeAction == RuleAction.Deny);

    /// <summary>Allowed, or undecidable with a possible allow.</summary>
    public bool MayBeAllowed => Action == RuleAction.Allow || Uncertainties.Any(u => u.AlternativeAction == RuleAction.Allow);
}
