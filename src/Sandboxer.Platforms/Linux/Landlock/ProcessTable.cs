using System.Globalization;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>A snapshot of <c>/proc</c>: every process and its parent.</summary>
internal sealed class ProcessTable
{
    private readonly Dictionary<int, int> _processes;

    private ProcessTable(Dictionary<int, int> processes) => _processes = processes;

    public static ProcessTable Snapshot()
    {
        var processes = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("PPid:", StringComparison.Ordinal))
                    {
                        processes[pid] = int.Parse(line.AsSpan(5).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to inspect.
            }
        }

        return new ProcessTable(processes);
    }

    public bool Contains(int pid) => _processes.ContainsKey(pid);

    /// <summary><paramref name="root"/>'s descendants (not itself), children before grandchildren.</summary>
    public IReadOnlyList<int> Descendants(int root)
    {
        var children = _processes.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            if (!children.TryGetValue(queue.Dequeue(), out var direct))
            {
                continue;
            }

            foreach (var child in direct.Where(c => !result.Contains(c) && c != root))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>Direct children of <paramref name="parent"/>.</summary>
    public IReadOnlyList<int> ChildrenOf(int parent) => [.. _processes.Where(p => p.Value == parent).Select(p => p.Key)];

    /// <summary>The parent of <paramref name="pid"/>, or -1 when unknown.</summary>
    public int ParentOf(int pid) => _processes.TryGetValue(pid, out var parent) ? parent : -1;
}
