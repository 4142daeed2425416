using System.Net;
using System.Net.Sockets;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>A server confined to a loopback-only namespace is still reachable from the host on the ports it may serve.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InboundRelayTests
{
    [Fact]
    public async Task A_python_http_server_in_the_namespace_answers_a_request_from_the_host()
    {
        Assert.SkipWhen(NetworkNamespace.UnavailableReason is not null, NetworkNamespace.UnavailableReason ?? string.Empty);
        using var tree = new TempTree("site/index.html");
        var port = FreePort();
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(tree["site"]))
            .Allow("file-read*", Subpath("/etc"))
            .Allow("network-bind network-inbound", Local(NetworkProtocol.Tcp, NetworkHost.Any, port))
            .Build();
        var run = ConfinedRun.Prepare(profile);
        Assert.True(run.Plan.Network.LoopbackOnly);
        Assert.Equal([port], run.Plan.Network.InboundPorts);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        var serving = run.RunAsync(
            new TargetLaunch
            {
                Arguments = ["python3", "-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                WorkingDirectory = tree["site"],
                Environment = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" },
                Stdio = new TargetStdio(devNull, devNull, devNull),
                HandleTerminationSignals = false,
                Timeout = TimeSpan.FromMinutes(2),
            },
            stop.Token);

        var page = await FetchAsync(port, serving);
        await stop.CancelAsync();
        var result = await serving;

        Assert.Equal("content of site/index.html\n", page);
        Assert.True(result.Outcome.Interrupted);
        Assert.Empty(result.LaunchDiagnostics);
    }

    [Fact]
    public void Only_ports_the_profile_lets_the_program_serve_are_relayed_inbound()
    {
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("network-bind network-inbound", Local(NetworkProtocol.Tcp, NetworkHost.Any, 8000))
            .Allow("network-bind", Local(NetworkProtocol.Tcp, NetworkHost.Any, 8001))
            .Allow("network-outbound", Remote(NetworkProtocol.Tcp, NetworkHost.Localhost, 5432))
            .Build();

        var plan = Sandboxer.Platforms.Linux.Landlock.LandlockPlanCompiler.Compile(profile, canIsolateNetwork: true);

        Assert.True(plan.Network.LoopbackOnly);
        Assert.Equal([8000], plan.Network.InboundPorts);
        Assert.Equal([5432], plan.Network.HostLoopbackPorts);
    }

    private static async Task<string> FetchAsync(int port, Task serving)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var attempt = 0; ; attempt++)
        {
            Assert.False(serving.IsCompleted, "the server ended before it answered");
            try
            {
                return await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html"), TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                // Not listening inside yet: the relay accepted and closed the connection.
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
