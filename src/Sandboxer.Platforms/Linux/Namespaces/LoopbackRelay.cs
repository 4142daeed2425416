using System.Net;
using System.Net.Sockets;

namespace Sandboxer.Platforms.Linux.Namespaces;

/// <summary>
/// Joins chosen TCP ports of the host's loopback and of a <see cref="NetworkNamespace"/>'s loopback, in one direction.
/// <see cref="Start"/> (outbound): listens on the namespace's <c>127.0.0.1</c> and <c>::1</c> and splices every accepted
/// connection to the same port on the host's loopback, so the program reaches a local database or dev server the
/// profile allows. <see cref="StartInbound"/>: listens on the host's <c>127.0.0.1</c> and <c>::1</c> and splices every
/// accepted connection to the same port inside the namespace, so a server the profile lets the program run is reachable
/// from the host. Nothing else crosses (other ports, other addresses, UDP). Disposing stops the listeners and closes
/// every relayed connection.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable, IDisposable
{
    private readonly Func<AddressFamily, Socket> _outgoing;
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _connectionsLock = new();
    private readonly HashSet<Socket> _connections = [];
    private int _accepted;

    private LoopbackRelay(Func<AddressFamily, Socket> outgoing)
    {
        _outgoing = outgoing;
    }

    /// <summary>Ports relayed, and the connections accepted so far (for reports and tests).</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    public int AcceptedConnections => _accepted;

    /// <summary>Inbound ports the host's loopback could not listen on (another program holds them), with the reason.</summary>
    public IReadOnlyList<(int Port, string Reason)> Unavailable { get; private set; } = [];

    /// <summary>Outbound: the namespace's loopback port P reaches the host's loopback port P.</summary>
    public static LoopbackRelay Start(NetworkNamespace network, IEnumerable<int> ports)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ports);
        // Outgoing sockets are created on pool threads, which are in the host's namespace.
        var relay = new LoopbackRelay(family => new Socket(family, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            var list = ports.Distinct().Order().ToList();
            foreach (var port in list)
            {
                relay.AddListener(network.Listen(IPAddress.Loopback, port), port);
                try
                {
                    relay.AddListener(network.Listen(IPAddress.IPv6Loopback, port), port);
                }
                catch (InvalidOperationException)
                {
                    // IPv6 disabled in the namespace: IPv4 alone still serves the port.
                }
            }

            relay.Ports = list;
            return relay;
        }
        catch
        {
            relay.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Inbound: the host's loopback port P reaches port P inside the namespace, where the program listens. A port some
    /// other program already holds on the host is skipped and listed in <see cref="Unavailable"/>.
    /// </summary>
    public static LoopbackRelay StartInbound(NetworkNamespace network, IEnumerable<int> ports)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ports);
        var relay = new LoopbackRelay(network.CreateSocket);
        var unavailable = new List<(int, string)>();
        var relayed = new List<int>();
        foreach (var port in ports.Distinct().Order())
        {
            try
            {
                relay.AddListener(ListenOnHost(IPAddress.Loopback, port), port);
                relayed.Add(port);
            }
            catch (SocketException exception)
            {
                unavailable.Add((port, exception.Message));
                continue;
            }

            try
            {
                relay.AddListener(ListenOnHost(IPAddress.IPv6Loopback, port), port);
            }
            catch (SocketException)
            {
                // No IPv6 on the host, or ::1 held by another program: 127.0.0.1 alone still serves the port.
            }
        }

        relay.Ports = relayed;
        relay.Unavailable = unavailable;
        return relay;
    }

    private static Socket ListenOnHost(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(64);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void AddListener(Socket listener, int port)
    {
        _listeners.Add(listener);
        _loops.Add(Task.Run(() => AcceptLoopAsync(listener, port)));
    }

    private async Task AcceptLoopAsync(Socket listener, int port)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => SpliceAsync(inside, port));
        }
    }

    private async Task SpliceAsync(Socket accepted, int port)
    {
        Track(accepted);
        Socket? other = null;
        try
        {
            other = await ConnectAsync(AddressFamily.InterNetwork, IPAddress.Loopback, port).ConfigureAwait(false)
                ?? await ConnectAsync(AddressFamily.InterNetworkV6, IPAddress.IPv6Loopback, port).ConfigureAwait(false);
            if (other is not null)
            {
                await Task.WhenAll(PumpAsync(accepted, other), PumpAsync(other, accepted)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Reset or stopping: the client sees its connection closed, as it would without the relay.
        }
        finally
        {
            Untrack(accepted);
            accepted.Dispose();
            if (other is not null)
            {
                Untrack(other);
                other.Dispose();
            }
        }
    }

    /// <summary>A connected socket to the other side's loopback, or null when it refuses (nothing listens there on that family).</summary>
    private async Task<Socket?> ConnectAsync(AddressFamily family, IPAddress address, int port)
    {
        var socket = _outgoing(family);
        Track(socket);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), _stop.Token).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException)
        {
            Untrack(socket);
            socket.Dispose();
            return null;
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception shutdown) when (shutdown is ObjectDisposedException or SocketException)
            {
                // Already closed.
            }
        }
    }

    private void Track(params Socket[] sockets)
    {
        lock (_connectionsLock)
        {
            _connections.UnionWith(sockets);
        }
    }

    private void Untrack(params Socket[] sockets)
    {
        lock (_connectionsLock)
        {
            _connections.ExceptWith(sockets);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    public void Dispose()
    {
        Close();
        _stop.Dispose();
    }

    private void Close()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        Socket[] open;
        lock (_connectionsLock)
        {
            open = [.. _connections];
            _connections.Clear();
        }

        foreach (var socket in open)
        {
            socket.Dispose();
        }
    }
}
