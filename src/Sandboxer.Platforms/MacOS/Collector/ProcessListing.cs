using System.Globalization;
using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// The machine's processes from <c>/bin/ps -A -o pid= -o ppid= -o stat= -o lstart=</c> (the same on macOS and
/// Linux), run outside any sandbox with <c>LC_ALL=C</c> so the start times read the same in every listing.
/// </summary>
internal static class ProcessListing
{
    public static EquatableArray<string> Command { get; } = ["/bin/ps", "-A", "-o", "pid=", "-o", "ppid=", "-o", "stat=", "-o", "lstart="];

    /// <summary>
    /// The live processes of a listing. Zombies are left out (they have ended: nothing hangs below them and a signal
    /// changes nothing), and so is any line that is not <c>PID PPID STAT START…</c>.
    /// </summary>
    public static IReadOnlyList<ProcessEntry> Parse(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var entries = new List<ProcessEntry>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4
                && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
                && !fields[2].StartsWith('Z'))
            {
                entries.Add(new ProcessEntry(pid, parent, string.Join(' ', fields.Skip(3))));
            }
        }

        return entries;
    }
}
