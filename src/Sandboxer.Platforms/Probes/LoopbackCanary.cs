using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandboxer.Platforms.Probes;

/// <summary>
/// The loopback listener of the <c>connect-loopback</c> probe, on a port the profile does not mention. It accepts from
/// the moment it starts, and a connection still queued when the attempt ends counts too: a helper that connects and
/// exits at once cannot slip past it. <see cref="StopAsync"/> says whether anything connected.
/// </summary>
internal sealed class LoopbackCanary : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _greeter;
    private int _accepted;

    private LoopbackCanary(TcpListener listener, CancellationToken cancellationToken)
    {
        _listener = listener;
        _greeter = GreetAsync(listener.AcceptTcpClientAsync(cancellationToken).AsTask(), cancellationToken);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Listens on a free loopback port outside <paramref name="avoid"/>.</summary>
    public static LoopbackCanary Start(IReadOnlySet<int> avoid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(avoid);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            if (!avoid.Contains(((IPEndPoint)listener.LocalEndpoint).Port))
            {
                return new LoopbackCanary(listener, cancellationToken);
            }

            listener.Stop();
            listener.Dispose();
        }

        throw new InvalidOperationException("cannot find a loopback port the profile does not mention");
    }

    /// <summary>Stops listening; true when a connection was accepted or is still queued.</summary>
    public async Task<bool> StopAsync()
    {
        var queued = _listener.Pending();
        _listener.Stop();
        await _greeter.ConfigureAwait(false);
        return queued || Volatile.Read(ref _accepted) > 0;
    }

    public void Dispose() => _listener.Dispose();

    private async Task GreetAsync(Task<TcpClient> accepting, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await accepting.ConfigureAwait(false);
            Interlocked.Increment(ref _accepted);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("sandboxer-greeting\n"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException or OperationCanceledException or IOException)
        {
            // Stopped after the attempt.
        }
    }
}
