namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Decides which reports belong to one sandboxed run. A report belongs when it carries the run's tag, or when it
/// carries no tag and comes from one of the run's processes: the pids given (the root pid — <c>sandbox-exec</c>
/// execs into the target, so it keeps its pid — and the descendants seen in its process tree while it ran) and
/// every pid seen on a report with the run's tag (the tag is inherited by descendants). Untagged reports of the run are duplicate-report summaries and <c>(with report)</c>
/// allow reports, which no <c>(with message …)</c> reaches. A report carrying another tag never belongs.
/// </summary>
internal static class SandboxReportAttribution
{
    public static IReadOnlyList<SandboxLogEntry> Select(IEnumerable<SandboxLogEntry> entries, string tag, IEnumerable<int>? knownPids = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var all = entries as IReadOnlyList<SandboxLogEntry> ?? [.. entries];
        var pids = new HashSet<int>(knownPids ?? []);
        foreach (var entry in all)
        {
            if (entry.Report.Tag == tag)
            {
                pids.Add(entry.Report.Pid);
            }
        }

        return [.. all.Where(e => e.Report.Tag == tag || (e.Report.Tag is null && pids.Contains(e.Report.Pid)))];
    }
}
