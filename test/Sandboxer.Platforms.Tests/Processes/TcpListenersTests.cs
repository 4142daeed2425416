using System.Net;
using System.Net.Sockets;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Processes;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TcpListenersTests
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    [Fact]
    public void Only_listening_sockets_on_the_port_are_found_in_both_tables()
    {
        var ipv4 = Header
            + "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 0100007F:1F40 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 20 4 30 10 -1\n"
            + "   2: 00000000:1F41 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4713 1 0000000000000000 100 0 0 10 0\n";
        var ipv6 = Header.Replace("local_address", "local_address                        ", StringComparison.Ordinal)
            + "   0: 00000000000000000000000001000000:1F40 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5150 1 0000000000000000 100 0 0 10 0\n";

        Assert.Equal([4711L], TcpListeners.ListeningInodes(ipv4, 8000));
        Assert.Equal([4713L], TcpListeners.ListeningInodes(ipv4, 8001));
        Assert.Equal([5150L], TcpListeners.ListeningInodes(ipv6, 8000));
        Assert.Empty(TcpListeners.ListeningInodes(ipv4, 8002));
        Assert.Empty(TcpListeners.ListeningInodes("garbage\n\n  0: nonsense", 8000));
    }

    [Fact]
    public void A_socket_this_process_listens_on_is_found_and_attributed_only_to_it()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(TcpListeners.HeldBy([Environment.ProcessId], port));
        Assert.False(TcpListeners.HeldBy([Environment.ProcessId], port == 65535 ? 65534 : port + 1));
        Assert.False(TcpListeners.HeldBy([1], port));
    }
}
