using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Turns reports into events, folding repeats: a report of the same (pid, operation, target, verdict) as an
/// earlier one — a repeated line or a <c>N duplicate report(s) for …</c> summary — adds its occurrences to the
/// first one's count. A summary with no earlier match (its first report was lost or fell outside the capture)
/// becomes an event of its own with count N. Order is first-seen.
/// </summary>
internal static class SandboxReportAggregator
{
    public static IReadOnlyList<AccessEvent> ToEvents(IEnumerable<SandboxLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var index = new Dictionary<(int Pid, string Operation, string? Target, SandboxVerdict Verdict), int>();
        var events = new List<AccessEvent>();
        foreach (var entry in entries)
        {
            var report = entry.Report;
            var key = (report.Pid, report.Operation, report.Target, report.Verdict);
            if (index.TryGetValue(key, out var position))
            {
                var first = events[position];
                events[position] = first with { Count = first.Count + report.Occurrences, Tag = first.Tag ?? report.Tag };
            }
            else
            {
                index.Add(key, events.Count);
                events.Add(SandboxReportMapper.ToEvent(report, entry.Time));
            }
        }

        return events;
    }
}
