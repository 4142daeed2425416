using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Tests.Processes;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>
/// Long-running targets confined by Landlock in their loopback-only network namespace and traced by strace: the
/// exercise runs on the host, so readiness must mean the server can be reached from there, through the inbound relay.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LongRunningConfinedTests
{
    [Fact]
    public async Task A_confined_server_in_its_namespace_is_exercised_from_the_host_through_the_relay()
    {
        Assert.SkipWhen(NetworkNamespace.UnavailableReason is not null, NetworkNamespace.UnavailableReason ?? string.Empty);
        using var tree = new TempTree("site/index.html");
        var port = LongRunningTargetTests.FreePort();
        var run = ConfinedRun.Prepare(ServerProfile(tree, port, inbound: true));
        Assert.True(run.Plan.Network.LoopbackOnly);

        var result = await run.RunAsync(Launch(tree, port, Fetch(port)), TestContext.Current.CancellationToken);

        var longRunning = result.Outcome.LongRunning!;
        Assert.True(longRunning.Succeeded, result.Outcome.Describe());
        Assert.Equal("content of site/index.html\n", longRunning.Exercise!.Output);
        Assert.True(result.Outcome.StoppedByTool);
        Assert.Empty(result.Denials);
    }

    [Fact]
    public async Task A_server_the_host_cannot_reach_is_stopped_once_it_listens_and_the_reason_given()
    {
        Assert.SkipWhen(NetworkNamespace.UnavailableReason is not null, NetworkNamespace.UnavailableReason ?? string.Empty);
        using var tree = new TempTree("site/index.html");
        var port = LongRunningTargetTests.FreePort();
        var run = ConfinedRun.Prepare(ServerProfile(tree, port, inbound: false));
        Assert.True(run.Plan.Network.LoopbackOnly);
        Assert.Empty(run.Plan.Network.InboundPorts);

        var result = await run.RunAsync(Launch(tree, port, Fetch(port)), TestContext.Current.CancellationToken);

        var longRunning = result.Outcome.LongRunning!;
        Assert.Equal(LongRunningFailure.Unreachable, longRunning.Failure);
        Assert.NotNull(longRunning.ReadyAfter);
        Assert.Null(longRunning.Exercise);
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"listened on port {port} inside its network namespace, but the host cannot reach it (the profile does not let the program accept connections on port {port}"),
            result.Outcome.Describe(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_denied_its_port_exits_before_it_is_ready_and_the_denial_is_reported()
    {
        using var tree = new TempTree("site/index.html");
        var port = LongRunningTargetTests.FreePort();
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(tree["site"]))
            .Allow("file-read*", Subpath("/etc"))
            .Build();
        var run = ConfinedRun.Prepare(profile, new ConfinedRunOptions { Denials = DenialCollection.Trace });

        var result = await run.RunAsync(Launch(tree, port, Fetch(port)), TestContext.Current.CancellationToken);

        Assert.Equal(LongRunningFailure.ExitedBeforeReady, result.Outcome.LongRunning!.Failure);
        Assert.NotEqual(0, result.Outcome.ExitCode);
        var bind = Assert.Single(result.ProfileDenials, d => d.Event.Operation == "network-bind");
        Assert.Equal(port, bind.Event.Local!.Port);
    }

    [Fact]
    public async Task Under_strace_the_server_is_traced_and_the_exercise_is_not()
    {
        using var tree = new TempTree("site/index.html");
        var port = LongRunningTargetTests.FreePort();
        var events = new List<AccessEvent>();

        var run = await StraceTracer.TraceAsync(Launch(tree, port, Fetch(port)), events.Add, TestContext.Current.CancellationToken);

        Assert.True(run.Outcome.LongRunning!.Succeeded, run.Outcome.Describe());
        Assert.Contains(events, e => e.Operation == "network-bind" && e.Local?.Port == port);
        Assert.Contains(events, e => e.Operation == "file-read-data" && e.Path == tree["site/index.html"]);
        // The exercise is a separate python3 run on the host: its urllib import never shows in the target's trace.
        Assert.DoesNotContain(events, e => e.Path is { } path && path.Contains("/urllib/request.py", StringComparison.Ordinal));
    }

    private static Profile ServerProfile(TempTree tree, int port, bool inbound) => new ProfileBuilder()
        .RuntimeBasics()
        .Allow("file-read*", Subpath(tree["site"]))
        .Allow("file-read*", Subpath("/etc"))
        .Allow(inbound ? "network-bind network-inbound" : "network-bind", Local(NetworkProtocol.Tcp, NetworkHost.Any, port))
        .Build();

    private static TargetLaunch Launch(TempTree tree, int port, string exercise)
    {
        var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        return new TargetLaunch
        {
            Arguments = ["/usr/bin/python3", "-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"],
            WorkingDirectory = tree["site"],
            Environment = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" },
            Stdio = new TargetStdio(devNull, devNull, devNull),
            HandleTerminationSignals = false,
            Timeout = TimeSpan.FromMinutes(2),
            LongRunning = new LongRunningOptions(port, TimeSpan.FromSeconds(30), exercise, null),
        };
    }

    private static string Fetch(int port) =>
        $"/usr/bin/python3 -c \"import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:{port}/index.html').read().decode())\"";
}
