using System.Net;
using System.Net.Sockets;
using System.Text;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Tests.Linux.Landlock;

namespace Sandboxer.Platforms.Tests.Linux.Namespaces;

public sealed class NetworkNamespaceTests
{
    private const string ConnectScript =
        "import socket,sys\n"
        + "for host,port in [(sys.argv[1],int(sys.argv[2]))]:\n"
        + "  s=socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)\n"
        + "  s.settimeout(5)\n"
        + "  try:\n"
        + "    s.connect((host,port)); print('connected', s.recv(100).decode())\n"
        + "  except OSError as e:\n"
        + "    print('error', e.errno)\n";

    [Fact]
    public async Task Only_relayed_host_loopback_ports_are_reachable_from_the_namespace()
    {
        using var relayed = StartGreeter("relayed");
        using var other = StartGreeter("other");
        var relayedPort = ((IPEndPoint)relayed.LocalEndpoint).Port;
        var otherPort = ((IPEndPoint)other.LocalEndpoint).Port;
        var plan = TestPlans.Create([], [new LandlockPortRule(relayedPort, LandlockNetAccess.ConnectTcp), new LandlockPortRule(otherPort, LandlockNetAccess.ConnectTcp), new LandlockPortRule(80, LandlockNetAccess.ConnectTcp)]);

        using var network = NetworkNamespace.Create();
        await using var relay = LoopbackRelay.Start(network, [relayedPort]);
        var options = new LaunchOptions { NetworkNamespaceFd = network.Fd };

        var toRelayed = await RunPython(plan, options, "127.0.0.1", relayedPort);
        var toRelayedV6 = await RunPython(plan, options, "::1", relayedPort);
        var toOther = await RunPython(plan, options, "127.0.0.1", otherPort);
        var toExternal = await RunPython(plan, options, "192.0.2.1", 80);

        Assert.Equal("connected relayed", toRelayed.Trim());
        Assert.Equal("connected relayed", toRelayedV6.Trim());
        Assert.Equal("error 111", toOther.Trim()); // ECONNREFUSED: nothing listens on that port inside the namespace
        Assert.Equal("error 101", toExternal.Trim()); // ENETUNREACH: the namespace has no route off the machine
    }

    [Fact]
    public async Task A_port_without_a_rule_is_denied_by_landlock_even_when_relayed()
    {
        using var greeter = StartGreeter("hello");
        var port = ((IPEndPoint)greeter.LocalEndpoint).Port;
        var plan = TestPlans.Create([], []);
        using var network = NetworkNamespace.Create();
        await using var relay = LoopbackRelay.Start(network, [port]);

        var output = await RunPython(plan, new LaunchOptions { NetworkNamespaceFd = network.Fd }, "127.0.0.1", port);

        Assert.Equal("error 13", output.Trim()); // EACCES from Landlock's CONNECT_TCP
    }

    [Fact]
    public async Task The_namespace_is_gone_once_the_target_ended_and_it_was_disposed()
    {
        long inode;
        using (var network = NetworkNamespace.Create())
        {
            inode = network.Inode;
            var run = await LaunchHelper.RunInAsync(TestPlans.Basics(), "/", new LaunchOptions { NetworkNamespaceFd = network.Fd }, "/usr/bin/readlink", "/proc/self/ns/net");
            run.Process.Dispose();
            Assert.Equal($"net:[{inode}]", run.Output.Trim());
        }

        Assert.NotEqual(0, inode);
        Assert.DoesNotContain(inode, NetworkNamespace.InodesInUse());
        Assert.DoesNotContain(
            Directory.EnumerateFileSystemEntries("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget),
            target => target == $"net:[{inode}]");
    }

    private static async Task<string> RunPython(LandlockPlan plan, LaunchOptions options, string host, int port)
    {
        var run = await LaunchHelper.RunInAsync(plan, "/", options, "/usr/bin/python3", "-I", "-S", "-c", ConnectScript, host, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        run.Process.Dispose();
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output;
    }

    private static TcpListener StartGreeter(string greeting)
    {
        var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(greeting));
                }
                catch (Exception exception) when (exception is ObjectDisposedException or SocketException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        return listener;
    }
}
