namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// The processes of one run, learned from successive <see cref="ProcessListing"/>s while it lasts. <c>sandbox-exec</c>
/// execs into the target, so the root is the target; a process seen below a member is a member from then on, even
/// after its parent dies and it is re-parented to launchd (macOS has no subreaper, so a later listing no longer shows
/// it below the run). Members are known by pid and start time, so a reused pid is never taken for one of them. A
/// process born and orphaned between two listings is missed: attribution by the run's tag still covers its denials,
/// and the collected set is a lower bound anyway. Safe to use from the watching task and the stopping code at once.
/// </summary>
internal sealed class ProcessTree(int root)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, string?> _members = new() { [root] = null };
    private readonly List<int> _order = [root];

    public int Root => root;

    /// <summary>Every process seen below the root, in the order they were first seen.</summary>
    public IReadOnlyList<int> Descendants
    {
        get
        {
            lock (_lock)
            {
                return [.. _order.Skip(1)];
            }
        }
    }

    /// <summary>Adds the processes that <paramref name="listing"/> shows below a member.</summary>
    public void Observe(IReadOnlyList<ProcessEntry> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        lock (_lock)
        {
            var byPid = new Dictionary<int, ProcessEntry>();
            foreach (var entry in listing)
            {
                byPid[entry.Pid] = entry;
            }

            if (byPid.TryGetValue(root, out var rootEntry) && _members[root] is null)
            {
                _members[root] = rootEntry.Started;
            }

            bool added;
            do
            {
                added = false;
                foreach (var entry in listing)
                {
                    if (entry.Pid == entry.ParentPid || IsSame(entry) || !byPid.TryGetValue(entry.ParentPid, out var parent) || !IsSame(parent))
                    {
                        continue;
                    }

                    if (!_members.ContainsKey(entry.Pid))
                    {
                        _order.Add(entry.Pid);
                    }

                    _members[entry.Pid] = entry.Started;
                    added = true;
                }
            }
            while (added);
        }
    }

    /// <summary>The members other than the root that <paramref name="listing"/> shows still running (same pid, same start).</summary>
    public IReadOnlyList<int> Running(IReadOnlyList<ProcessEntry> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        lock (_lock)
        {
            return [.. listing.Where(e => e.Pid != root && IsSame(e)).Select(e => e.Pid)];
        }
    }

    private bool IsSame(ProcessEntry entry) => _members.TryGetValue(entry.Pid, out var started) && started == entry.Started;
}
