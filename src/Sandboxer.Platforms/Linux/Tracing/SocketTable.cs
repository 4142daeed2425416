using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// What is known about sockets, keyed by inode (<c>socket:[36771]</c> in <c>-y</c> decorations, stable across dup
/// and fork): the protocol from <c>socket()</c> and the local address from <c>bind()</c>, for the later
/// listen/accept/connect/sendto on the same socket. Bounded: cleared when it reaches its capacity.
/// </summary>
internal sealed class SocketTable
{
    private const int Capacity = 65536;

    private readonly Dictionary<long, SocketState> _sockets = [];

    public int Count => _sockets.Count;

    public void Created(long inode, SocketFamily family, string protocol)
    {
        if (_sockets.Count >= Capacity)
        {
            _sockets.Clear();
        }

        _sockets[inode] = new SocketState(family, protocol, null, null, null);
    }

    public void Bound(long inode, SocketState state)
    {
        if (_sockets.Count >= Capacity)
        {
            _sockets.Clear();
        }

        _sockets[inode] = state;
    }

    public SocketState? Find(long inode) => _sockets.TryGetValue(inode, out var state) ? state : null;

    /// <summary>The inode in a socket decoration (<c>socket:[36771]</c>, <c>TCP:[36771]</c>), or -1.</summary>
    public static long Inode(ReadOnlySpan<byte> decoration)
    {
        var open = decoration.IndexOf(":["u8);
        if (open < 0 || decoration[^1] != (byte)']')
        {
            return -1;
        }

        return StraceArguments.TryNumber(decoration[(open + 2)..^1], out var inode) ? inode : -1;
    }

    /// <summary>The protocol named by a <c>-yy</c> decoration (<c>TCP:[…]</c>, <c>UDPv6:[…]</c>), or null.</summary>
    public static string? ProtocolOf(ReadOnlySpan<byte> decoration) =>
        decoration.StartsWith("TCP"u8) ? "tcp" : decoration.StartsWith("UDP"u8) ? "udp" : null;

    /// <summary>
    /// The local address in a <c>-yy</c> decoration (<c>TCPv6:[[::1]:18081]</c>, <c>TCP:[127.0.0.1:5-&gt;10.0.0.1:80]</c>),
    /// or null when the decoration only holds an inode.
    /// </summary>
    public static NetworkEndpoint? LocalEndpointOf(ReadOnlySpan<byte> decoration)
    {
        var protocol = ProtocolOf(decoration);
        var open = decoration.IndexOf(":["u8);
        if (protocol is null || open < 0 || decoration[^1] != (byte)']')
        {
            return null;
        }

        var inner = decoration[(open + 2)..^1];
        var arrow = inner.IndexOf("->"u8);
        if (arrow >= 0)
        {
            inner = inner[..arrow];
        }

        var colon = inner.LastIndexOf((byte)':');
        if (colon <= 0 || !StraceArguments.TryNumber(inner[(colon + 1)..], out var port))
        {
            return null;
        }

        var host = inner[..colon];
        if (host.Length > 1 && host[0] == (byte)'[' && host[^1] == (byte)']')
        {
            host = host[1..^1];
        }

        var text = System.Text.Encoding.ASCII.GetString(host);
        return new NetworkEndpoint(protocol, text is "0.0.0.0" or "::" ? "*" : text, (int)port);
    }
}
