using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Analysis.Replay;

/// <summary>
/// Decides every recorded access against a profile, as if the program ran again under it. Identical accesses are
/// merged first. An undecidable access that could be denied is listed as undecidable; one that is denied as its
/// primary outcome is listed as denied (with its uncertainty attached).
/// </summary>
public static class EventReplay
{
    public static ReplayResult Replay(PolicyEngine engine, IEnumerable<AccessEvent> events)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(events);
        var aggregator = new EventAggregator();
        long total = 0;
        foreach (var accessEvent in events)
        {
            total += accessEvent.Count;
            aggregator.Add(accessEvent);
        }

        var allowed = 0;
        var denied = new List<ReplayedEvent>();
        var undecidable = new List<ReplayedEvent>();
        foreach (var accessEvent in aggregator.Events)
        {
            var decision = engine.Decide(AccessRequest.FromEvent(accessEvent));
            if (decision.Action == Sbpl.Policy.RuleAction.Deny)
            {
                denied.Add(new ReplayedEvent(accessEvent, decision));
            }
            else if (decision.MayBeDenied)
            {
                undecidable.Add(new ReplayedEvent(accessEvent, decision));
            }
            else
            {
                allowed++;
            }
        }

        return new ReplayResult(total, allowed, denied, undecidable);
    }
}
