using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// Whether one of a set of processes listens on a TCP port, read from <c>/proc</c> without connecting to it (a probe
/// connection would reach the program and its trace). Each process is looked at in its own network namespace
/// (<c>/proc/PID/net/tcp</c>, <c>tcp6</c>), and the listening socket must be one of the processes' open descriptors, so
/// another program holding the same port elsewhere on the machine does not count.
/// </summary>
internal static class TcpListeners
{
    /// <summary>The <c>st</c> value of a listening socket in <c>/proc/net/tcp</c>.</summary>
    private const string ListenState = "0A";

    /// <summary>True when a process of <paramref name="pids"/> holds a TCP socket listening on <paramref name="port"/> (any address, IPv4 or IPv6).</summary>
    public static bool HeldBy(IReadOnlyCollection<int> pids, int port)
    {
        ArgumentNullException.ThrowIfNull(pids);
        var listening = new HashSet<long>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pid in pids)
        {
            var network = ReadLink($"/proc/{pid}/ns/net");
            if (network is null || !namespaces.Add(network))
            {
                continue;
            }

            foreach (var table in new[] { "tcp", "tcp6" })
            {
                if (TryRead($"/proc/{pid}/net/{table}") is { } text)
                {
                    listening.UnionWith(ListeningInodes(text, port));
                }
            }
        }

        return listening.Count > 0 && pids.Any(pid => SocketInodes(pid).Any(listening.Contains));
    }

    /// <summary>The inodes of the sockets listening on <paramref name="port"/> in the text of <c>/proc/net/tcp</c> or <c>tcp6</c>.</summary>
    public static IEnumerable<long> ListeningInodes(string table, int port)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (var line in table.Split('\n'))
        {
            // "  0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 12345 1 …"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || !fields[0].EndsWith(':') || !string.Equals(fields[3], ListenState, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon < 0
                || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var localPort)
                || localPort != port
                || !long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                || inode == 0)
            {
                continue;
            }

            yield return inode;
        }
    }

    /// <summary>The inodes of the sockets among the process's open descriptors (<c>socket:[N]</c> links).</summary>
    private static IEnumerable<long> SocketInodes(int pid)
    {
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var descriptor in descriptors)
        {
            var target = ReadLink(descriptor);
            if (target is not null
                && target.StartsWith("socket:[", StringComparison.Ordinal)
                && target.EndsWith(']')
                && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
