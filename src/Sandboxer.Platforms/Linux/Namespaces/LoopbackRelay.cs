using System.Net;
using System.Net.Sockets;

namespace Sandboxer.Platforms.Linux.Namespaces;

/// <summary>
/// Makes chosen ports of the host's loopback reachable from inside a <see cref="NetworkNamespace"/>: for each port it
/// listens on the namespace's <c>127.0.0.1</c> and <c>::1</c> and splices every accepted connection to the same port
/// on the host's loopback. Nothing else of the host (other ports, other addresses, UDP) is reachable. Disposing stops
/// the listeners and closes every relayed connection.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable, IDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _connectionsLock = new();
    private readonly HashSet<Socket> _connections = [];
    private int _accepted;

    private LoopbackRelay()
    {
    }

    /// <summary>Ports relayed, and the connections accepted so far (for reports and tests).</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    public int AcceptedConnections => _accepted;

    public static LoopbackRelay Start(NetworkNamespace network, IEnumerable<int> ports)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ports);
        var relay = new LoopbackRelay();
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

    private async Task SpliceAsync(Socket inside, int port)
    {
        // Runs on a pool thread, which is in the host's namespace: the outgoing socket reaches the host's loopback.
        var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Track(inside, outside);
        try
        {
            try
            {
                await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The host service listens on ::1 only.
                outside.Dispose();
                Untrack(outside);
                outside = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                Track(outside);
                await outside.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port), _stop.Token).ConfigureAwait(false);
            }

            await Task.WhenAll(PumpAsync(inside, outside), PumpAsync(outside, inside)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Refused or reset: the inside client sees its connection closed, as it would without the relay.
        }
        finally
        {
            Untrack(inside, outside);
            inside.Dispose();
            outside.Dispose();
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
