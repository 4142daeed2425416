using System.Globalization;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Verifies that only the target is confined, never the tool: lists this process's threads that carry the
/// no-new-privileges bit the enforcing thread sets together with the Landlock domain. A thread other than the
/// (exited) enforcing thread showing it would mean the runtime created a thread from the restricted one.
/// </summary>
internal static class ThreadConfinementCheck
{
    /// <param name="excludeThreadId">The enforcing thread itself, which is restricted until it exits.</param>
    /// <param name="createdAfter">
    /// Only look at threads whose id is above this one: a thread the restricted thread created got a later id (ids are
    /// handed out in increasing order until they wrap at <c>pid_max</c>), so after a launch only those need reading.
    /// </param>
    public static IReadOnlyList<int> FindRestrictedThreads(int excludeThreadId = -1, int createdAfter = 0)
    {
        if (ReadNoNewPrivs("/proc/self/status") == 1)
        {
            // The whole process already runs with no-new-privileges (a container, a parent sandbox): nothing to tell apart.
            return [];
        }

        var restricted = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) || tid == excludeThreadId || tid <= createdAfter)
            {
                continue;
            }

            if (ReadNoNewPrivs(Path.Combine(directory, "status")) == 1)
            {
                restricted.Add(tid);
            }
        }

        return restricted;
    }

    private static int ReadNoNewPrivs(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("NoNewPrivs:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan("NoNewPrivs:".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The thread ended while we looked.
        }

        return 0;
    }
}
