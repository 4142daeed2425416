using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>Small readers for <c>/proc</c>: a process's children (per thread) and its state.</summary>
internal static class ProcFs
{
    /// <summary>Adds the children of one thread (<c>/proc/PID/task/TID/children</c>); nothing when it is gone.</summary>
    public static void AddThreadChildren(int pid, int tid, ICollection<int> into)
    {
        ParseChildren(TryRead($"/proc/{pid}/task/{tid}/children"), into);
    }

    /// <summary>Adds the children created by any thread of <paramref name="pid"/>.</summary>
    public static void AddChildren(int pid, ICollection<int> into)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var task in tasks)
        {
            ParseChildren(TryRead(task + "/children"), into);
        }
    }

    /// <summary>The one-letter state of a process (<c>R</c>, <c>S</c>, <c>Z</c>, …), or null when it no longer exists.</summary>
    public static char? State(int pid)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // "pid (comm) S ppid …": comm may hold spaces and parentheses, so look after the last ')'.
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
    }

    /// <summary>
    /// The process's start time in clock ticks after boot (field 22 of <c>/proc/PID/stat</c>): with the pid it
    /// identifies one process even after the pid is reused. Null when it no longer exists.
    /// </summary>
    public static long? StartTime(int pid)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0)
        {
            return null;
        }

        // After "(comm)" come fields 3 (state) … 22 (starttime): index 19 of what follows.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    /// <summary>True when the process's initial environment holds exactly the entry <paramref name="entry"/> (<c>NAME=value</c>).</summary>
    public static bool HasEnvironmentEntry(int pid, string entry)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var wanted = System.Text.Encoding.UTF8.GetBytes(entry);
        foreach (var range in environment.AsSpan().Split((byte)0))
        {
            if (environment.AsSpan(range).SequenceEqual(wanted))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsRunning(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    private static void ParseChildren(string? text, ICollection<int> into)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var child) && !into.Contains(child))
            {
                into.Add(child);
            }
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
