using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// A denial with its cause: the event (result <c>denied</c>), the engine's decision for it, and a one-line
/// explanation naming the deciding rule (<c>file:line:col</c> and text) or the default that applied.
/// </summary>
internal sealed record ExplainedDenial(AccessEvent Event, DenialCause Cause, Decision? Decision, string Explanation)
{
    /// <summary>The Landlock right that blocked it as the audit record names it (<c>fs.read_file</c>), when known.</summary>
    public string? Blocker { get; init; }

    /// <summary>The access succeeded: only a traced run's widening let it through (<see cref="LandlockPlan.Widenings"/>).</summary>
    public bool LetThrough { get; init; }

    /// <summary>True when the event's path is the directory an entry was to be created in or removed from (audit records).</summary>
    public bool PathIsParent { get; init; }

    /// <summary>The rule that decided, as <c>file:line:col: (rule text)</c>, or null when a default decided.</summary>
    public string? RuleReference => Decision?.Rule is { } rule
        ? (rule.Location is { } location ? location + ": " : string.Empty) + (rule.Text ?? "(rule " + rule.Index + ")")
        : null;
}
