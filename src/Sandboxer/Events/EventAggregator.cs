namespace Sandboxer.Events;

/// <summary>
/// Merges identical accesses into one event with a <see cref="AccessEvent.Count"/>, so large runs give compact
/// event files. Identity ignores pid, ppid, time and syscall; the first occurrence's pid is kept. Order is
/// first-seen, so the output is deterministic for a given input order.
/// </summary>
public sealed class EventAggregator
{
    private readonly Dictionary<AccessEvent, int> _index = [];
    private readonly List<AccessEvent> _events = [];

    public int Count => _events.Count;

    public void Add(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var key = accessEvent.ToKey();
        if (_index.TryGetValue(key, out var position))
        {
            var existing = _events[position];
            _events[position] = existing with { Count = existing.Count + accessEvent.Count };
        }
        else
        {
            _index.Add(key, _events.Count);
            _events.Add(accessEvent);
        }
    }

    public void AddRange(IEnumerable<AccessEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            Add(e);
        }
    }

    public IReadOnlyList<AccessEvent> Events => _events;
}
