using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Something that could change a decision: with it, the outcome could be <see cref="AlternativeAction"/> instead.
/// </summary>
/// <param name="Kind">What kind of unknown it is.</param>
/// <param name="Message">What is unknown, e.g. "(vnode-type REGULAR-FILE): the request does not say the file type".</param>
/// <param name="AlternativeAction">The outcome if the unknown went the other way.</param>
/// <param name="Rule">The rule that would decide instead, when it is a rule of the profile.</param>
/// <param name="Import">The unresolved import that could decide instead.</param>
public sealed record Uncertainty(
    UncertaintyKind Kind,
    string Message,
    RuleAction AlternativeAction,
    Rule? Rule = null,
    UnresolvedImport? Import = null);
